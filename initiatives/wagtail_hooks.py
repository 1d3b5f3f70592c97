"""Hooks of the initiatives plugin: demo content, its card and counters on the home page, the map's
filters on the API v2 pages endpoint, the actions per EPCI for the committee, the actions
of one territory for the diagnostic's portrait, the feed's URL kept out of the page
cache's lookups, the form URLs that take a photo, and the personal data of
submitters."""

from urllib.parse import urlencode

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail import hooks

from portal.erasure import ErasureOption, PersonalDataSource
from portal.live_counts import cached_count
from portal.hooks import (
    ACTIONS_PER_EPCI_AND_THEME,
    API_PAGES_FILTERS,
    DEMO_CONTENT,
    HOME_COUNTERS,
    HOME_PARTICIPATION,
    PERSONAL_DATA,
    TERRITORY_COUNTS,
    UNCACHED_PAGE_PATHS,
    UPLOAD_PAGE_PATHS,
)

from .actions import InitiativePage
from .api_filters import API_FILTER_PARAMETERS, InitiativeAPIFilterBackend
from .demo import create_demo
from .erasure import erase, find
from .pages import InitiativeIndexPage


@hooks.register(DEMO_CONTENT, order=10)
def create_demo_initiatives(home_page, stdout):
    """Create ``/carte/`` and the demo actions below ``home_page`` (idempotent)."""
    create_demo(home_page, stdout)


def _live_map_url(request):
    """URL (str) of the live, public map page for ``request``'s site, or None."""
    page = InitiativeIndexPage.objects.live().public().first()
    if page is None:
        return None
    return page.get_url(request) or None


@hooks.register(HOME_PARTICIPATION, order=10)
def home_participation(request):
    """The map's card on the home page: dict ``{"key": "carte", "title", "text", "url",
    "link_label"}`` (translated strings, ``url`` the live, public map page's URL), or None
    when there is no such page."""
    url = _live_map_url(request)
    if url is None:
        return None
    return {
        "key": "carte",
        "title": _("Solidarity map"),
        "text": _("Discover the solidarity actions carried out near you during and after "
                  "the lockdown, on a map or as a list."),
        "url": url,
        "link_label": _("See the map"),
    }


@hooks.register(HOME_COUNTERS, order=10)
def live_actions_counter(request):
    """Home page counter of the live, public actions on the map: dict ``{"key":
    "map_actions", "label", "count", "url"}`` (``url`` the map), or None when no map page
    is live. One count query at most per ``PORTAL_LIVE_COUNT_SECONDS`` and content
    version (:func:`portal.live_counts.cached_count`)."""
    url = _live_map_url(request)
    if url is None:
        return None
    count = cached_count("initiatives:home:actions",
                         lambda: InitiativePage.objects.live().public().count())
    return {"key": "map_actions", "count": count, "url": url,
            "label": ngettext("solidarity action listed", "solidarity actions listed", count)}


@hooks.register(HOME_COUNTERS, order=11)
def communes_with_actions_counter(request):
    """Home page counter of the communes where at least one live, public action of the
    map takes place: dict ``{"key": "communes_with_actions", "label", "count", "url"}``,
    or None when no map page is live. Cached as :func:`live_actions_counter`."""
    url = _live_map_url(request)
    if url is None:
        return None
    count = cached_count(
        "initiatives:home:communes",
        lambda: InitiativePage.objects.live().public().filter(commune__isnull=False)
        .order_by().values("commune").distinct().count(),
    )
    return {"key": "communes_with_actions", "count": count, "url": url,
            "label": ngettext("commune with an action", "communes with an action", count)}


@hooks.register(ACTIONS_PER_EPCI_AND_THEME)
def actions_per_epci_and_theme():
    """Live, public actions per EPCI and domain, for the committee's "besoins / actions"
    view (consultation asks this hook, never imports initiatives).

    Output: dict {(EPCI SIREN str, Theme slug str): number of actions int}, from one
    grouped query; an action counts once in each of its domains, in the EPCI of its
    commune; actions without EPCI or domain are left out.
    """
    rows = (
        InitiativePage.objects.live().public()
        .filter(commune__epci__isnull=False, themes__isnull=False)
        .order_by()
        .values_list("commune__epci__siren", "themes__slug")
        .annotate(count=Count("pk", distinct=True))
    )
    return {(siren, slug): count for siren, slug, count in rows}


@hooks.register(TERRITORY_COUNTS)
def actions_in_territory(level, code):
    """Live, public map actions in one commune or EPCI, for the diagnostic's portrait de
    territoire (the diagnostic asks this hook, never imports initiatives).

    Inputs: ``level`` ("commune" or "epci") and ``code`` (INSEE code, 5 characters, or
    SIREN code, 9 digits). Output: dict ``{"key": "map_actions", "label", "count",
    "url"}`` (``url``: the map filtered on that territory with its ``commune`` or
    ``epci`` filter, or None when no map page is live and public), or None for another
    level. One count query (an action is counted once, in the commune it is attached to).
    """
    field = {"commune": "commune__insee_code", "epci": "commune__epci__siren"}.get(level)
    if field is None:
        return None
    count = InitiativePage.objects.live().public().filter(**{field: code}).count()
    page = InitiativeIndexPage.objects.live().public().first()
    url = page.url if page is not None else None
    return {
        "key": "map_actions",
        "label": _("Solidarity actions on the map"),
        "count": count,
        "url": f"{url}?{urlencode({level: code})}" if url else None,
    }


@hooks.register(UNCACHED_PAGE_PATHS)
def uncached_feed_paths():
    """The map feed's URL ending (``/geojson/``, the map page's ``geojson`` route): never
    held by the page cache (the feed has its own validators and cached body), so never
    looked up there."""
    return ["/geojson/"]


@hooks.register(UPLOAD_PAGE_PATHS)
def photo_form_paths():
    """The URL endings of the form "Ajouter une action" (``ajouter/``) and of its edit
    form (``mon-action/<token>/modifier/``), which take an optional photo of up to 5 MB:
    their posts may be larger than other public forms'."""
    return ["/ajouter/", "/modifier/"]


@hooks.register(API_PAGES_FILTERS)
def api_pages_filters():
    """The map's filters on ``/api/v2/pages/?type=initiatives.InitiativePage``:
    ``(InitiativeAPIFilterBackend, API_FILTER_PARAMETERS)`` (the filters and the
    ``themes`` alias of ``theme``)."""
    return InitiativeAPIFilterBackend, API_FILTER_PARAMETERS


@hooks.register(PERSONAL_DATA)
def personal_data_of_actions():
    """What the map links to an e-mail address (right of erasure, RGPD art. 17; see
    :mod:`portal.erasure`): the submitter rows of actions sent through ``/carte/ajouter/``
    (address and private link), and actions whose public contact field holds the
    address. Erasure deletes the submitter rows and takes the address out of the public
    contact field (page and every revision); the actions themselves stay unless the
    option "also delete the actions" is ticked (moderators keep useful actions of an
    association; the person can ask for the action to go too)."""
    return PersonalDataSource(
        key="initiatives", label=_("Solidarity map: actions"), find=find, erase=erase,
        options=(ErasureOption(
            "delete_actions", _("Also delete the actions sent with this address"),
            _("Otherwise the actions stay (published ones remain public) without any link "
              "to the address: its private link stops working."),
        ),),
        order=10,
    )
