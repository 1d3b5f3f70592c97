"""Signal handlers that keep the GeoJSON feed's validator and cache and the search
columns honest, and the cached action pages in step with their author's address.

Every change that may alter what the feed shows bumps
:func:`initiatives.feed_state.bump_feed_version`, which changes the feed's ``ETag`` and
``Last-Modified`` and so the key of its cached body (and of the popups' details); so
does a change of a photo an action shows (its description is the popup's alt text). A
change of a theme's label, a tag's name or a commune's name, and the deletion of a theme
or a tag, rebuild the search columns of the actions that copy it (:func:`initiatives.actions.rebuild_search_columns`);
a page's own themes and tags are indexed when the page is saved. Connected in
``InitiativesConfig.ready``.
"""

from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from portal.models import EPCI, Commune, Theme
from portal.page_cache import bump_version

from .actions import InitiativePage, InitiativeTag, rebuild_search_columns
from .feed_state import bump_feed_version
from .pages import InitiativeIndexPage
from .submitters import InitiativeSubmitter


def _bump(**kwargs):
    bump_feed_version()


def _bump_for_map_pages(sender, **kwargs):
    if issubclass(sender, (InitiativePage, InitiativeIndexPage)):
        bump_feed_version()


def _pages_using(instance):
    """Queryset of the InitiativePages whose search columns copy ``instance`` (a Theme,
    an InitiativeTag or a Commune)."""
    if isinstance(instance, Theme):
        return InitiativePage.objects.filter(themes=instance)
    if isinstance(instance, InitiativeTag):
        return InitiativePage.objects.filter(tagged_items__tag=instance)
    return InitiativePage.objects.filter(commune=instance)


def _reindex_saved(sender, instance, raw=False, created=False, **kwargs):
    # A new theme, tag or commune is copied by no action yet.
    if not raw and not created:
        rebuild_search_columns(_pages_using(instance).distinct())


def _remember_indexed(sender, instance, **kwargs):
    # The link rows are deleted with the theme or tag: note the pages before.
    instance._search_page_ids = list(_pages_using(instance).values_list("pk", flat=True))


def _reindex_deleted(sender, instance, **kwargs):
    ids = getattr(instance, "_search_page_ids", None)
    if ids:
        rebuild_search_columns(InitiativePage.objects.filter(pk__in=ids))


def _bump_for_action_photo(instance, **kwargs):
    # A photo's description is the alt text of the map's popups (feeds.action_details).
    if InitiativePage.objects.filter(image_id=instance.pk).exists():
        bump_feed_version()


def _bump_page_cache(**kwargs):
    # An action's page shows "Contacter" only while its author's address is on file
    # (confirmed, not withdrawn, not erased nor purged): the stored pages go stale.
    bump_version()


def connect():
    """Connect the handlers (idempotent: each connection has a ``dispatch_uid``)."""
    page_published.connect(_bump_for_map_pages, dispatch_uid="initiatives-feed-published")
    page_unpublished.connect(_bump_for_map_pages, dispatch_uid="initiatives-feed-unpublished")
    # An ancestor's new slug or place changes the actions' URLs.
    page_slug_changed.connect(_bump, dispatch_uid="initiatives-feed-slug")
    post_page_move.connect(_bump, dispatch_uid="initiatives-feed-move")
    for model in (InitiativePage, InitiativeIndexPage, PageViewRestriction, Site,
                  Commune, EPCI, Theme, InitiativeTag):
        for signal in (post_save, post_delete):
            signal.connect(_bump, sender=model,
                           dispatch_uid=f"initiatives-feed-{signal is post_save}-{model.__name__}")
    for model in (Theme, InitiativeTag, Commune):
        post_save.connect(_reindex_saved, sender=model,
                          dispatch_uid=f"initiatives-search-saved-{model.__name__}")
    for model in (Theme, InitiativeTag):
        pre_delete.connect(_remember_indexed, sender=model,
                           dispatch_uid=f"initiatives-search-deleting-{model.__name__}")
        post_delete.connect(_reindex_deleted, sender=model,
                            dispatch_uid=f"initiatives-search-deleted-{model.__name__}")
    post_save.connect(_bump_for_action_photo, sender=get_image_model(),
                      dispatch_uid="initiatives-feed-photo")
    for signal in (post_save, post_delete):
        signal.connect(_bump_page_cache, sender=InitiativeSubmitter,
                       dispatch_uid=f"initiatives-page-cache-{signal is post_save}-submitter")
