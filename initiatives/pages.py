"""The map page (``InitiativeIndexPage``): its data and its routes, each handled by a view.

Wagtail routes every URL below the page to one of its ``RoutablePageMixin`` routes after
its own checks (site, page tree, ``before_serve_page`` hooks, view restrictions); each
route hands the request to a function of :mod:`initiatives.views` or
:mod:`initiatives.feeds`. With the page at ``/carte/``:

- ``/carte/``: the HTML map and its accessible list (``?page=2``..., filters);
- ``/carte/geojson/``: the GeoJSON feed, conditional (ETag, Last-Modified, 304);
- ``/carte/geojson/<id>/``: the details of one action, shown in its map popup;
- ``/carte/contours/`` and ``/carte/contours/commune/<INSEE>/``: the département's
  outline and EPCI, one commune's boundary (WGS84 GeoJSON);
- ``/carte/ajouter/`` and ``/carte/ajouter/merci/``: the public submission;
- ``/carte/mon-action/<token>/`` (``modifier/``, ``retirer/``): the private link's pages;
- ``/carte/mon-action/renvoyer/``: "Renvoyer mon lien", the private links mailed again.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.api import APIField
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from portal.page_cache import CachedPage

from . import contours, views
from .actions import LIST_ORDER, InitiativePage
from .feeds import details_response, geojson_response
from .filters import InitiativeFilterSet


class InitiativeIndexPage(CachedPage, RoutablePageMixin, Page):
    """The map and the list of live solidarity actions; its route ``geojson/`` is the feed.

    URLs: see the module's text. Only the map and list (route ``index``) go to the page
    cache, with the filters as variants, except the free texts ``q`` and ``pres_de``
    (unbounded) and the visitor's position ``lat``/``lng`` (personal data: a page asked
    with it is served fresh and never stored).
    """

    page_cache_routes = frozenset({"index"})
    #: Query parameters that may vary a cached map page: the map's filters but the free
    #: texts and the visitor's position, ``page`` (the list's pages) and ``partial`` (the
    #: list fragment that the filter script fetches: its own entry).
    page_cache_query_params = (
        frozenset(InitiativeFilterSet.base_filters) - {"q", "pres_de", "lat", "lng"}
    ) | {"page", views.FRAGMENT_PARAMETER}

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["initiatives.InitiativePage"]
    max_count = 1

    #: Number of actions per page of the HTML list.
    list_page_size = 50

    class Meta:
        verbose_name = _("solidarity map")

    def live_initiatives(self):
        """Live, public InitiativePages below this page (queryset of InitiativePage), in
        French order of titles (:data:`initiatives.actions.LIST_ORDER`).

        Public means: no view restriction on the page or any ancestor.
        """
        return (
            InitiativePage.objects.child_of(self).live().public()
            .order_by(*LIST_ORDER)
        )

    def get_context(self, request, *args, **kwargs):
        """Wagtail's context plus the map and its list: see
        :func:`initiatives.views.map_context`."""
        context = super().get_context(request, *args, **kwargs)
        context.update(views.map_context(self, request))
        return context

    def get_template(self, request, *args, **kwargs):
        """The page's template, or the list fragment's for ``?partial=liste``
        (:func:`initiatives.views.map_template`)."""
        return views.map_template(request, super().get_template(request, *args, **kwargs))

    @path("")
    def index(self, request, *args, **kwargs):
        """The HTML map and list (Wagtail's default page view)."""
        return self.render(request)

    @path("geojson/", name="geojson")
    def geojson(self, request):
        """The GeoJSON feed (RFC 7946), filtered, cached and conditional: see
        :func:`initiatives.feeds.geojson_response`."""
        return geojson_response(self, request)

    @path("geojson/<int:page_id>/", name="action_details")
    def action_details(self, request, page_id):
        """One action's popup details (JSON): see
        :func:`initiatives.feeds.details_response`."""
        return details_response(self, request, page_id)

    @path("contours/", name="boundaries")
    def boundaries(self, request):
        """The département's outline and EPCI: :func:`initiatives.contours.layer_response`."""
        return contours.layer_response(request)

    @path("contours/commune/<str:insee_code>/", name="commune_boundary")
    def commune_boundary(self, request, insee_code):
        """One commune's boundary: :func:`initiatives.contours.commune_response`."""
        return contours.commune_response(request, insee_code)

    @path("ajouter/", name="submission_add")
    def submission_add(self, request):
        """The form "Ajouter une action": :func:`initiatives.views.add_view`."""
        return views.add_view(self, request)

    @path("ajouter/merci/", name="submission_sent")
    def submission_sent(self, request):
        """What happens next, after a valid submission."""
        return views.sent_view(self, request)

    # Before the private link's route, whose token could otherwise be "renvoyer".
    @path("mon-action/renvoyer/", name="submission_resend")
    def submission_resend(self, request):
        """"Renvoyer mon lien": :func:`initiatives.views.resend_view`."""
        return views.resend_view(self, request)

    @path("mon-action/<str:token>/", name="submission_manage")
    def submission_manage(self, request, token):
        """The private link: confirmation, then status and actions."""
        return views.manage_view(self, request, token)

    @path("mon-action/<str:token>/modifier/", name="submission_edit")
    def submission_edit(self, request, token):
        """Change the action through the private link."""
        return views.edit_view(self, request, token)

    @path("mon-action/<str:token>/retirer/", name="submission_withdraw")
    def submission_withdraw(self, request, token):
        """Withdraw the action through the private link."""
        return views.withdraw_view(self, request, token)
