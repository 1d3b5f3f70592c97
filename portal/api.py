"""Wagtail API v2 router (``/api/v2/``): live, public pages, images and documents.

Plugins add filters to the pages endpoint through the ``API_PAGES_FILTERS`` hook
(:mod:`portal.hooks`): e.g. the map's filters on ``type=initiatives.InitiativePage``.
"""

from wagtail import hooks
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from portal.hooks import API_PAGES_FILTERS


def contributed_page_filters():
    """Filters contributed by plugins: ``(backends, parameters)``, a list of filter
    backend classes and a frozenset of the query parameter names they read."""
    backends, parameters = [], set()
    for fn in hooks.get_hooks(API_PAGES_FILTERS):
        backend, names = fn()
        backends.append(backend)
        parameters.update(names)
    return backends, frozenset(parameters)


class RefuseControlCharactersMixin:
    """Answer 400 (Wagtail's ``BadRequestError``) when a query parameter holds a control
    character such as NUL (``?search=%00``): databases refuse them in SQL strings, and
    Wagtail's search would otherwise fail with a 500."""

    def check_query_parameters(self, queryset):
        for name, value in self.request.GET.items():
            if any(ord(char) < 32 for char in value):
                raise BadRequestError(f"{name}: control characters are not allowed")
        return super().check_query_parameters(queryset)


class PortalPagesAPIViewSet(RefuseControlCharactersMixin, PagesAPIViewSet):
    """Wagtail's pages endpoint, plus the filter backends contributed by plugins (run
    before Wagtail's own, whose search filter must stay last)."""

    @property
    def filter_backends(self):
        return contributed_page_filters()[0] + PagesAPIViewSet.filter_backends

    @property
    def known_query_parameters(self):
        return PagesAPIViewSet.known_query_parameters | contributed_page_filters()[1]


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PortalPagesAPIViewSet)
api_router.register_endpoint(
    "images", type("PortalImagesAPIViewSet", (RefuseControlCharactersMixin, ImagesAPIViewSet), {})
)
api_router.register_endpoint(
    "documents",
    type("PortalDocumentsAPIViewSet", (RefuseControlCharactersMixin, DocumentsAPIViewSet), {}),
)
