"""The map's filters on the Wagtail API v2 pages endpoint (``/api/v2/pages/``), contributed
to the host through the ``API_PAGES_FILTERS`` hook: the same filter set as the map page
and its feed (:class:`initiatives.filters.InitiativeFilterSet`)."""

from django.utils.translation import gettext_lazy as _
from rest_framework.filters import BaseFilterBackend

from portal.api import PortalBadRequest

from .actions import InitiativePage
from .filters import FILTER_PARAMETERS, InitiativeFilterSet, has_filters


class InitiativeAPIFilterBackend(BaseFilterBackend):
    """The same filters on the Wagtail API v2 pages endpoint (``/api/v2/pages/``).

    With ``type=initiatives.InitiativePage``, e.g.
    ``/api/v2/pages/?type=initiatives.InitiativePage&theme=alimentation&commune=40192``.
    Theme slugs are also read under ``themes=`` (the API field's name). Without any
    filter parameter the queryset is returned unchanged. A filter parameter with another
    page type, or an invalid value, raises the portal's ``PortalBadRequest`` (HTTP 400,
    ``{"message": "..."}`` in French).
    """

    def filter_queryset(self, request, queryset, view):
        if not has_filters(request.GET) and not any(n in request.GET for n in API_ALIASES):
            return queryset
        if not issubclass(queryset.model, InitiativePage):
            raise PortalBadRequest(str(_(
                "The filters of solidarity actions need type=initiatives.InitiativePage."
            )))
        filterset = InitiativeFilterSet(api_filter_data(request.GET), queryset=queryset)
        if not filterset.is_valid():
            raise PortalBadRequest(" ".join(filterset.error_messages()))
        # One ``pk IN (subquery)`` condition: Wagtail's ``search=`` (run after this
        # backend) accepts it, not the EXISTS conditions of the filters themselves.
        return queryset.filter(pk__in=filterset.qs.values("pk"))


#: API query parameters read as another filter's: alias -> filter parameter.
API_ALIASES = {"themes": "theme"}

#: The query parameters the API filter backend reads (filters and their aliases).
API_FILTER_PARAMETERS = FILTER_PARAMETERS + tuple(API_ALIASES)


def api_filter_data(query):
    """A copy of the QueryDict ``query`` with each alias's values moved to its filter
    parameter (``themes=a&theme=b`` -> ``theme=[b, a]``)."""
    data = query.copy()
    for alias, name in API_ALIASES.items():
        if alias in data:
            data.setlist(name, data.getlist(name) + data.getlist(alias))
            del data[alias]
    return data
