"""Wagtail API v2 router (``/api/v2/``): live, public pages, images and documents.

Plugins add filters to the pages endpoint through the ``API_PAGES_FILTERS`` hook
(:mod:`portal.hooks`): e.g. the map's filters on ``type=initiatives.InitiativePage``.

Every public query parameter is checked before Wagtail reads it: a bad value answers
400 with ``{"message": str}`` in French (Wagtail's ``BadRequestError`` format), never a
500. Wagtail's own English messages that remain reachable are translated by
:func:`french_message`; its 404 messages too. ``/api/v2/`` lists the endpoints.
"""

import re

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connection, models
from django.http import Http404, JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from taggit.managers import TaggableManager
from wagtail import hooks
from wagtail.api.utils import get_full_url
from wagtail.api.v2.filters import FieldsFilter, SearchFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError, page_models_from_string, parse_boolean
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError

from portal.api_prefetch import requested_fields, with_api_relations
from portal.hooks import API_PAGES_FILTERS

#: Longest value of any query parameter (characters); longer ones answer 400.
MAX_PARAMETER_LENGTH = 1000
#: Longest ``search`` value (characters) and most words it may hold.
MAX_SEARCH_LENGTH = 200
MAX_SEARCH_WORDS = 20
#: Largest ``offset`` and page id accepted: the largest 32-bit signed integer, which
#: every database compares without overflow (Wagtail's page ids are 32-bit).
MAX_INTEGER = 2**31 - 1
#: Parameters holding a page id (or ``root`` where Wagtail accepts it).
PAGE_ID_PARAMETERS = {
    "child_of": True, "descendant_of": True, "translation_of": True, "ancestor_of": False,
}
_DIGITS = re.compile(r"[0-9]{1,10}")
_WORD = re.compile(r"\w+")


class PortalBadRequest(BadRequestError):
    """A 400 whose message is already French (raised by the portal and its plugins)."""


def bad_request(message, **values):
    """Return a :class:`PortalBadRequest` of ``message`` (already translated, with
    ``%(name)s`` placeholders: ``bad_request(_("…"), name=…)``, so that ``makemessages``
    finds the msgid) formatted with ``values``."""
    return PortalBadRequest(message % values if values else message)


def quoted(value, limit=60):
    """``value`` shortened to ``limit`` characters, to be echoed in a message (str)."""
    value = str(value)
    return value if len(value) <= limit else value[:limit] + "…"


def parse_integer(name, value, maximum=MAX_INTEGER):
    """Read a whole number from 0 to ``maximum`` written in ASCII digits.

    Input: the parameter's ``name`` and raw ``value`` (str). Output: int. Raises
    :class:`PortalBadRequest` (French) otherwise: signs, spaces, other digits, overflow.
    """
    if not _DIGITS.fullmatch(value) or int(value) > maximum:
        raise bad_request(
            _("The parameter “%(name)s” must be a whole number from 0 to %(max)s."),
            name=name, max=maximum,
        )
    return int(value)


#: Wagtail's English messages that public parameters can still reach, and their French
#: translation (English msgids). Anything else gets the generic message.
_WAGTAIL_MESSAGES = [
    (re.compile(r"unknown fields: (?P<names>.*)"),
     gettext_noop("Unknown fields: %(names)s.")),
    (re.compile(r"fields error: .*"),
     gettext_noop("The parameter “fields” is malformed: a comma-separated list of field "
                  "names is expected (e.g. fields=title,slug).")),
    (re.compile(r"'(?P<name>.*)' does not support nested fields"),
     gettext_noop("The field “%(name)s” has no nested fields.")),
    (re.compile(r"cannot (?:filter|order) by '(?P<name>.*)' while searching.*"),
     gettext_noop("The field “%(name)s” cannot be combined with a search.")),
    (re.compile(r"filtering by tag with a search query is not supported"),
     gettext_noop("Filtering by tag cannot be combined with a search.")),
    (re.compile(r"filtering by descendant_of with child_of is not supported"),
     gettext_noop("The parameters “descendant_of” and “child_of” cannot be combined.")),
    (re.compile(r"random ordering.*"),
     gettext_noop("order=random cannot be combined with other fields nor with “offset”.")),
    (re.compile(r"cannot order by '(?P<name>.*)'.*"),
     gettext_noop("Cannot sort by “%(name)s”.")),
    (re.compile(r"(?P<name>\w+) must be a positive integer"),
     gettext_noop("The parameter “%(name)s” must be a whole number from 0 to %(max)s.")),
    (re.compile(r"(?P<name>limit) cannot be higher than (?P<max>\d+)"),
     gettext_noop("The parameter “%(name)s” must be a whole number from 0 to %(max)s.")),
    (re.compile(r".*page doesn't exist"),
     gettext_noop("This page does not exist or is not public.")),
    (re.compile(r"type doesn't exist"), gettext_noop("Unknown page type.")),
    (re.compile(r"search is disabled"), gettext_noop("Search is disabled.")),
]


def french_message(message):
    """Translate one of Wagtail's English ``BadRequestError`` messages (str -> str)."""
    for pattern, msgid in _WAGTAIL_MESSAGES:
        match = pattern.fullmatch(message)
        if match:
            values = {"max": MAX_INTEGER, **{k: quoted(v) for k, v in match.groupdict().items()}}
            return _(msgid) % values
    return _("Invalid request: a parameter has a value that is not accepted.")


def contributed_page_filters():
    """Filters contributed by plugins: ``(backends, parameters)``, a list of filter
    backend classes and a frozenset of the query parameter names they read."""
    backends, parameters = [], set()
    for fn in hooks.get_hooks(API_PAGES_FILTERS):
        backend, names = fn()
        backends.append(backend)
        parameters.update(names)
    return backends, frozenset(parameters)


class PortalFieldsFilter(FieldsFilter):
    """Wagtail's field filters (``?title=…``, ``?id=…``, ``?tags=…``) with every value
    converted by its model field first: a value the field refuses (``id=abc``, a date
    that is no date, an integer out of the database's range) answers 400 in French. Tag
    names match whatever their case, as tags themselves do (``TAGGIT_CASE_INSENSITIVE``).
    Parameters read by plugins' filter backends (``API_PAGES_FILTERS``) are left to them.
    """

    def filter_queryset(self, request, queryset, view):
        fields = set(view.get_available_fields(queryset.model, db_fields_only=True))
        fields.discard("locale")  # its own filter (LocaleFilter)
        fields -= getattr(view, "contributed_parameters", frozenset())
        for name, value in request.GET.items():
            if name not in fields:
                continue
            try:
                field = queryset.model._meta.get_field(name)
            except FieldDoesNotExist:
                field = None
            if isinstance(field, TaggableManager):
                for tag in value.split(","):
                    queryset = queryset.filter(**{name + "__name__iexact": tag})
                queryset._filtered_by_tag = True
                continue
            queryset = queryset.filter(**{name: self.convert(name, field, value)})
        return queryset

    @staticmethod
    def convert(name, field, value):
        """The Python value of ``value`` (str) for the model ``field`` (or None: kept
        as str). Raises :class:`PortalBadRequest` when the field refuses it."""
        target = field
        if field is not None and field.is_relation:
            target = field.target_field if field.many_to_one or field.one_to_one else (
                field.related_model._meta.pk
            )
        try:
            if target is None:
                return value
            if isinstance(target, models.BooleanField):
                return parse_boolean(value)
            converted = target.to_python(value)
            if isinstance(target, (models.IntegerField, models.AutoField)):
                low, high = connection.ops.integer_field_range(target.get_internal_type())
                if (low is not None and converted < low) or (high is not None and converted > high):
                    raise ValueError(value)
            if isinstance(converted, timezone.datetime) and timezone.is_naive(converted):
                converted = timezone.make_aware(converted)
            return converted
        except (ValidationError, ValueError, TypeError, OverflowError):
            raise bad_request(_("“%(value)s” is not a valid value for “%(name)s”."),
                              value=quoted(value), name=name) from None


class PortalSearchFilter(SearchFilter):
    """Wagtail's ``?search=`` on the words of the query only: punctuation and quotes,
    which the SQLite full-text syntax would read as operators, are dropped. A query
    without any word leaves the listing unfiltered; a too long one answers 400."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        if not getattr(settings, "WAGTAILAPI_SEARCH_ENABLED", True):
            raise bad_request(_("Search is disabled."))
        if getattr(queryset, "_filtered_by_tag", False):
            raise bad_request(_("Filtering by tag cannot be combined with a search."))
        words = search_words(request.GET["search"])
        if not words:
            return queryset
        operator = request.GET.get("search_operator") or None
        try:
            return get_search_backend().search(
                " ".join(words), queryset, operator=operator,
                order_by_relevance="order" not in request.GET,
            )
        except (FilterFieldError, OrderByFieldError) as error:
            raise bad_request(_("The field “%(name)s” cannot be combined with a search."),
                              name=quoted(error.field_name)) from error


def search_words(text):
    """The words of a ``search`` value (list of str). Raises :class:`PortalBadRequest`
    when it is longer than :data:`MAX_SEARCH_LENGTH` characters or
    :data:`MAX_SEARCH_WORDS` words."""
    words = _WORD.findall(text)
    if len(text) > MAX_SEARCH_LENGTH or len(words) > MAX_SEARCH_WORDS:
        raise bad_request(
            _("The search is too long: %(length)s characters and %(words)s words at most."),
            length=MAX_SEARCH_LENGTH, words=MAX_SEARCH_WORDS,
        )
    return words


_REPLACED_BACKENDS = {FieldsFilter: PortalFieldsFilter, SearchFilter: PortalSearchFilter}


def portal_backends(backends):
    """``backends`` (list of filter classes) with Wagtail's field and search filters
    replaced by the portal's."""
    return [_REPLACED_BACKENDS.get(backend, backend) for backend in backends]


class CheckedParametersMixin:
    """Check every public query parameter of an API v2 endpoint before Wagtail reads it.

    Each view (listing, detail, find) first checks: no control character (NUL…) in a
    name or value, values at most :data:`MAX_PARAMETER_LENGTH` characters, ``limit``
    and ``offset`` whole numbers in range, ``search_operator`` ``and``/``or``, ``id``
    (find) a whole number. Listings also refuse unknown parameters and bad ``order``
    fields. Bad values raise :class:`PortalBadRequest` (400, French); Wagtail's own
    ``BadRequestError`` and ``Http404`` messages are translated by
    :meth:`handle_exception`.
    """

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.check_common_parameters(request.GET)

    def check_common_parameters(self, query):
        """Checks shared by every view of the endpoint (``query``: the QueryDict)."""
        for name, values in query.lists():
            for value in [name, *values]:
                if any(ord(char) < 32 or ord(char) == 127 for char in value):
                    raise bad_request(
                        _("The parameter “%(name)s” contains control characters, which are "
                          "not allowed."), name=quoted(name.translate(_CONTROL_TO_SPACE)),
                    )
                if len(value) > MAX_PARAMETER_LENGTH:
                    raise bad_request(
                        _("The parameter “%(name)s” is too long (%(max)s characters at most)."),
                        name=quoted(name), max=MAX_PARAMETER_LENGTH,
                    )
        if "offset" in query:
            parse_integer("offset", query["offset"])
        if "limit" in query:
            parse_integer("limit", query["limit"], getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20)
                          or MAX_INTEGER)
        if query.get("search_operator", "and").lower() not in ("and", "or"):
            raise bad_request(_("The parameter “search_operator” must be “and” or “or”."))
        if "search" in query:
            search_words(query["search"])
        if "id" in query and getattr(self, "action", None) == "find_view":
            parse_integer("id", query["id"])
        if "rich_text_format" in query:
            try:
                self.resolve_rich_text_format()
            except BadRequestError:
                raise bad_request(_("Unknown rich text format “%(value)s”."),
                                  value=quoted(query["rich_text_format"])) from None

    def check_query_parameters(self, queryset):
        """Listings: refuse unknown parameters and ``order`` values Wagtail cannot sort."""
        query = self.request.GET
        allowed = set(self.get_available_fields(queryset.model, db_fields_only=True))
        allowed |= self.known_query_parameters
        unknown = sorted(set(query) - allowed)
        if unknown:
            raise bad_request(
                _("Unknown parameter: %(names)s. Accepted parameters: %(accepted)s."),
                names=", ".join(quoted(name) for name in unknown),
                accepted=", ".join(sorted(allowed - {"_", "format"})),
            )
        if query.get("order"):
            self.check_order(query["order"], queryset.model, "offset" in query)
        return super().check_query_parameters(queryset)

    def check_order(self, order, model, has_offset):
        """Refuse an ``order`` value (str) that names other than sortable fields."""
        names = order.split(",")
        if "random" in names:
            if len(names) > 1 or has_offset:
                raise bad_request(
                    _("order=random cannot be combined with other fields nor with “offset”."))
            return
        sortable = self.get_available_fields(model, db_fields_only=True)
        for name in names:
            if name.removeprefix("-") not in sortable:
                raise bad_request(_("Cannot sort by “%(name)s”. Sortable fields: %(fields)s."),
                                  name=quoted(name), fields=", ".join(sortable))

    def handle_exception(self, exc):
        """French messages for Wagtail's 400s and 404s (``{"message": str}``)."""
        if isinstance(exc, BadRequestError) and not isinstance(exc, PortalBadRequest):
            return Response({"message": french_message(str(exc))},
                            status=status.HTTP_400_BAD_REQUEST)
        if isinstance(exc, (Http404, NotFound)):  # NotFound: DRF's, e.g. ?format=xyz
            return Response({"message": _("Not found: no public item matches this request.")},
                            status=status.HTTP_404_NOT_FOUND)
        return super().handle_exception(exc)


_CONTROL_TO_SPACE = {code: " " for code in [*range(32), 127]}


class PortalPagesAPIViewSet(CheckedParametersMixin, PagesAPIViewSet):
    """Wagtail's pages endpoint, plus the filter backends contributed by plugins (run
    before Wagtail's own, whose search filter must stay last), and checks of the
    page-specific parameters: ``type``, ``child_of``/``descendant_of``/
    ``translation_of``/``ancestor_of`` (page id or ``root``), ``locale``, ``site``."""

    @property
    def filter_backends(self):
        return contributed_page_filters()[0] + portal_backends(PagesAPIViewSet.filter_backends)

    def get_queryset(self):
        """Wagtail's queryset, with the related rows its API fields read joined or
        prefetched (:mod:`portal.api_prefetch`): a listing costs the same number of
        queries for 1 item as for 20."""
        return with_api_relations(
            super().get_queryset(), requested_fields(self.request, getattr(self, "action", None))
        )

    @property
    def contributed_parameters(self):
        return contributed_page_filters()[1]

    @property
    def known_query_parameters(self):
        return PagesAPIViewSet.known_query_parameters | contributed_page_filters()[1]

    def check_common_parameters(self, query):
        super().check_common_parameters(query)
        if query.get("type"):
            try:
                page_models_from_string(query["type"])
            except (LookupError, ValueError):
                raise bad_request(
                    _("Unknown page type “%(value)s” (expected e.g. "
                      "type=initiatives.InitiativePage)."), value=quoted(query["type"]),
                ) from None
        for name, root_allowed in PAGE_ID_PARAMETERS.items():
            if name in query and not (root_allowed and query[name] == "root"):
                if not _DIGITS.fullmatch(query[name]) or int(query[name]) > MAX_INTEGER:
                    raise bad_request(
                        _("The parameter “%(name)s” must be a page id (a whole number)%(root)s."),
                        name=name, root=_(" or “root”") if root_allowed else "",
                    )
        if "locale" in query:
            from wagtail.models import Locale

            if not Locale.objects.filter(language_code=query["locale"]).exists():
                raise bad_request(_("Unknown language “%(value)s”."),
                                  value=quoted(query["locale"]))
        if "site" in query:
            self.check_site(query["site"])

    @staticmethod
    def check_site(value):
        """Refuse a ``site`` value that names no Site (``host`` or ``host:port``)."""
        from wagtail.models import Site

        hostname, _sep, port = value.partition(":")
        lookup = {"hostname": hostname}
        if _sep:
            if not _DIGITS.fullmatch(port) or int(port) > 65535:
                raise bad_request(_("Unknown site “%(value)s”."), value=quoted(value))
            lookup["port"] = int(port)
        if Site.objects.filter(**lookup).count() != 1:
            raise bad_request(_("Unknown site “%(value)s”."), value=quoted(value))


class PortalImagesAPIViewSet(CheckedParametersMixin, ImagesAPIViewSet):
    """Wagtail's images endpoint with the portal's parameter checks."""

    filter_backends = portal_backends(ImagesAPIViewSet.filter_backends)


class PortalDocumentsAPIViewSet(CheckedParametersMixin, DocumentsAPIViewSet):
    """Wagtail's documents endpoint with the portal's parameter checks."""

    filter_backends = portal_backends(DocumentsAPIViewSet.filter_backends)


#: The index of ``/api/v2/``: endpoint name -> description (English msgid).
ENDPOINT_DESCRIPTIONS = {
    "pages": gettext_noop("Live, public pages of the portal (map actions, consultation, "
                "diagnostic…); filter with type=, e.g. type=initiatives.InitiativePage."),
    "images": gettext_noop("Images of the public collections."),
    "documents": gettext_noop("Documents of the public collections."),
}


class PortalAPIRouter(WagtailAPIRouter):
    """Wagtail's API router plus an index at its root (``/api/v2/``, URL name
    ``wagtailapi:index``)."""

    def get_urlpatterns(self):
        return [path("", self.index_view, name="index"), *super().get_urlpatterns()]

    def index_view(self, request):
        """``{"endpoints": [{"name", "url", "description"}]}``: each endpoint with its
        absolute URL (base: ``WAGTAILAPI_BASE_URL``) and a French description."""
        endpoints = [
            {
                "name": name,
                "url": get_full_url(request, reverse(f"{self.url_namespace}:{name}:listing")),
                "description": _(ENDPOINT_DESCRIPTIONS.get(name, "")),
            }
            for name in self._endpoints
        ]
        return JsonResponse({"endpoints": endpoints}, json_dumps_params={"ensure_ascii": False})


api_router = PortalAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PortalPagesAPIViewSet)
api_router.register_endpoint("images", PortalImagesAPIViewSet)
api_router.register_endpoint("documents", PortalDocumentsAPIViewSet)
