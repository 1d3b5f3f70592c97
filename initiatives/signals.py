"""Signal handlers that keep the GeoJSON feed's validator and cache honest.

Every change that may alter what the feed shows bumps
:func:`initiatives.feed_state.bump_feed_version`, which changes the feed's ``ETag`` and
``Last-Modified`` and so the key of its cached body (and of the popups' details). Connected in ``InitiativesConfig.ready``.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from portal.models import EPCI, Commune, Theme

from .actions import InitiativePage, InitiativeTag
from .feed_state import bump_feed_version
from .pages import InitiativeIndexPage


def _bump(**kwargs):
    bump_feed_version()


def _bump_for_map_pages(sender, **kwargs):
    if issubclass(sender, (InitiativePage, InitiativeIndexPage)):
        bump_feed_version()


def _bump_for_action_photo(instance, **kwargs):
    # A photo's description is the alt text of the map's popups (feeds.action_details).
    if InitiativePage.objects.filter(image_id=instance.pk).exists():
        bump_feed_version()


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
    post_save.connect(_bump_for_action_photo, sender=get_image_model(),
                      dispatch_uid="initiatives-feed-photo")
