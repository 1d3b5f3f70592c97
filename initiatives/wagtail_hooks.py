"""Hooks of the initiatives plugin: demo content, its card on the home page, and the map's
filters on the API v2 pages endpoint."""

from django.utils.translation import gettext as _
from wagtail import hooks

from portal.hooks import API_PAGES_FILTERS, DEMO_CONTENT, HOME_PARTICIPATION


@hooks.register(DEMO_CONTENT, order=10)
def create_demo_initiatives(home_page, stdout):
    """Create ``/carte/`` and the demo actions below ``home_page`` (idempotent)."""
    from initiatives.demo import create_demo

    create_demo(home_page, stdout)


@hooks.register(HOME_PARTICIPATION)
def home_participation(request):
    """The map's card on the home page: dict ``{"title", "text", "url", "link_label"}``
    (translated strings, ``url`` the live, public map page's URL), or None when there is
    no such page."""
    from initiatives.models import InitiativeIndexPage

    page = InitiativeIndexPage.objects.live().public().first()
    if page is None:
        return None
    url = page.get_url(request)
    if not url:
        return None
    return {
        "title": _("Solidarity map"),
        "text": _("Discover the solidarity actions carried out near you during and after "
                  "the lockdown, on a map or as a list."),
        "url": url,
        "link_label": _("See the map"),
    }


@hooks.register(API_PAGES_FILTERS)
def api_pages_filters():
    """The map's filters on ``/api/v2/pages/?type=initiatives.InitiativePage``:
    ``(InitiativeAPIFilterBackend, FILTER_PARAMETERS)``."""
    from initiatives.filters import FILTER_PARAMETERS, InitiativeAPIFilterBackend

    return InitiativeAPIFilterBackend, FILTER_PARAMETERS
