"""The portrait de territoire's page model (request handling is in
:mod:`diagnostic.portrait.views`)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from portal.page_cache import CachedPage

from . import views


class PortraitPage(CachedPage, RoutablePageMixin, Page):
    """The portrait de territoire, below the diagnostic's index page (one per site).

    Routes: ``""`` the search form (``?q=`` its answer: a redirect to one territory, a
    choice list, or a message); ``commune/<INSEE code>/`` and ``epci/<SIREN code>/``
    one territory's portrait (404 for an unknown code). Every route may be cached for
    anonymous readers (the search's ``q`` is a cache variant; redirects are never
    stored).
    """

    page_cache_routes = frozenset({"index", "commune", "epci"})
    page_cache_query_params = frozenset({"q"})

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["diagnostic.DiagnosticIndexPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("territory portrait")

    @path("")
    def index(self, request, *args, **kwargs):
        """The search form and its answer: :func:`diagnostic.portrait.views.search`."""
        return views.search(self, request)

    @path("commune/<str:code>/", name="commune")
    def commune(self, request, code):
        """One commune's portrait: :func:`diagnostic.portrait.views.territory`."""
        return views.territory(self, request, "commune", code)

    @path("epci/<str:code>/", name="epci")
    def epci(self, request, code):
        """One EPCI's portrait: :func:`diagnostic.portrait.views.territory`."""
        return views.territory(self, request, "epci", code)
