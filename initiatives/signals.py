"""Signal handlers that keep the GeoJSON feed's validator and cache honest, and the
cached action pages in step with their author's address.

Every change that may alter what the feed shows bumps
:func:`initiatives.feed_state.bump_feed_version`, which changes the feed's ``ETag`` and
``Last-Modified`` and so the key of its cached body. Connected in ``InitiativesConfig.ready``.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from portal.models import EPCI, Commune, Theme
from portal.page_cache import bump_version

from .actions import InitiativePage, InitiativeTag
from .feed_state import bump_feed_version
from .pages import InitiativeIndexPage
from .submitters import InitiativeSubmitter


def _bump(**kwargs):
    bump_feed_version()


def _bump_for_map_pages(sender, **kwargs):
    if issubclass(sender, (InitiativePage, InitiativeIndexPage)):
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
    for signal in (post_save, post_delete):
        signal.connect(_bump_page_cache, sender=InitiativeSubmitter,
                       dispatch_uid=f"initiatives-page-cache-{signal is post_save}-submitter")
