"""The solidarity actions: ``InitiativePage`` (one action, shown on the map, the list,
the GeoJSON feed and the API) and its free tags.

Points are WGS84 degrees. ``InitiativePage.location`` holds wagtailgeowidget's value
``"SRID=4326;POINT(<lng> <lat>)"``; ``latitude``/``longitude`` are kept in step with it on
``clean()``/``save()`` through :mod:`portal.geo` (the one place that parses, validates and
formats locations). The GeoJSON feed (RFC 7946) writes ``[lng, lat]``.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import ItemBase, TagBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Page
from wagtail.search import index

from portal.choices import ACTOR_TYPES, PERIODS, label_for
from portal.geo import (
    InvalidLocation,
    format_point,
    in_departement,
    is_placeable,
    parse_point,
)
from portal.page_cache import CachedPage
from portal.text import CodePointOrder, folded_key, sorted_by_text

from .contact import views as contact_views
from .contact.panels import ContactCountsPanel
from .map_settings import map_config
from .panels import LeafletLocationPanel, UnplaceablePointWarning
from .search import build_search_columns, search_columns
from .serializers import CommuneInseeField, LocationField, SlugListField

#: Fields of InitiativePage read by :func:`initiatives.search.build_search_columns`.
SEARCHED_FIELDS = {"title", "summary", "description", "organisation", "address", "commune",
                   "themes", "tags"}
#: Order of every list of actions shown to people (HTML list, GeoJSON feed): French order
#: of titles through the stored ``sort_title`` (``portal.text.folded_key``, compared by
#: code points on SQLite and PostgreSQL alike), then the page id, so the order is total.
LIST_ORDER = (CodePointOrder("sort_title"), "pk")
#: Rendition of the action's photo given by the API (and so to the map's popup): at most
#: 1200 x 900 px, as on the action's page (templates/initiatives/_photo.html).
PHOTO_RENDITION = "max-1200x900"


class InitiativeTag(TagBase):
    """A free tag of solidarity actions (our own model, not taggit's shared ``Tag``)."""

    class Meta:
        verbose_name = _("action tag")
        verbose_name_plural = _("action tags")


class TaggedInitiative(ItemBase):
    """Through model linking an :class:`InitiativePage` to an :class:`InitiativeTag`."""

    tag = models.ForeignKey(
        InitiativeTag, related_name="tagged_items", on_delete=models.CASCADE
    )
    content_object = ParentalKey(
        "initiatives.InitiativePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class InitiativePage(CachedPage, RoutablePageMixin, Page):
    """A solidarity action shown on the map, the list, the GeoJSON feed and the API.

    Routes (``RoutablePageMixin``): the action's own view (``index``, the only one the
    page cache holds) and the contact through the portal, each handled by
    :mod:`initiatives.contact.views`: ``contacter/`` (+ ``envoye/``),
    ``contacter/reponse/<link>/``, ``contacter/reponse-envoyee/``, ``signaler/`` (+
    ``envoye/``). Only a live page has them; a page under a view restriction has none
    (404).

    Location: ``location`` is wagtailgeowidget's ``"SRID=4326;POINT(<lng> <lat>)"``;
    ``latitude``/``longitude`` (WGS84 degrees) follow it. Without a location the commune's
    reference point is used. A point outside the département is refused
    (``ValidationError`` on ``location``). No personal data here: page fields are copied
    into revisions, the search index and the audit log, where erasure cannot reach them;
    the submitter's e-mail lives elsewhere.
    """

    summary = models.CharField(_("summary"), max_length=300)
    description = RichTextField(
        _("description"), blank=True, features=["bold", "italic", "link", "ul", "ol"]
    )
    actor_type = models.CharField(_("type of actor"), max_length=20, choices=ACTOR_TYPES)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    commune = models.ForeignKey(
        "portal.Commune", verbose_name=_("commune"), on_delete=models.PROTECT,
        related_name="initiatives",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    location = models.CharField(
        _("location"), max_length=250, blank=True,
        help_text=_("Point on the map. Leave empty to use the commune's reference point."),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True, editable=False)
    longitude = models.FloatField(_("longitude"), null=True, blank=True, editable=False)
    themes = ParentalManyToManyField(
        "portal.Theme", verbose_name=_("themes"), blank=True, related_name="initiatives"
    )
    tags = ClusterTaggableManager(
        through=TaggedInitiative, verbose_name=_("tags"), blank=True
    )
    period = models.CharField(_("period"), max_length=20, choices=PERIODS, default="en-cours")
    public_contact = models.CharField(
        _("public contact"), max_length=255, blank=True,
        help_text=_("Shown to everyone: a generic e-mail address, phone number or website."),
    )
    volunteers_wanted = models.BooleanField(_("volunteers wanted"), default=False)
    #: Optional photo of the action (a Wagtail image; its ``description`` is the alt
    #: text). Metadata is removed before it is stored; it is published with the page.
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("photo"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    #: Folded searchable text (see initiatives.search), rebuilt on every save.
    search_text = models.TextField(editable=False, blank=True, default="")
    #: Folded title, theme labels and tag names: the words that weigh more in the
    #: relevance score (see initiatives.search), rebuilt with ``search_text``.
    search_keywords = models.TextField(editable=False, blank=True, default="")
    #: French sort key of the title (portal.text.folded_key), rebuilt on every save.
    sort_title = models.TextField(editable=False, blank=True, default="")

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("actor_type"), FieldPanel("organisation")]),
        MultiFieldPanel(
            [FieldPanel("commune"), FieldPanel("address"), UnplaceablePointWarning(),
             LeafletLocationPanel("location")],
            heading=_("Place"),
        ),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
        FieldRowPanel([FieldPanel("period"), FieldPanel("volunteers_wanted")]),
        FieldPanel("public_contact"),
        FieldPanel("image"),
        ContactCountsPanel(),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("organisation"),
        index.FilterField("actor_type"),
        index.FilterField("period"),
        index.RelatedFields("commune", [index.SearchField("name")]),
    ]

    api_fields = [
        APIField("summary"),
        APIField("description"),
        APIField("actor_type"),
        APIField("organisation"),
        APIField("commune_insee", serializer=CommuneInseeField(source="commune")),
        APIField("address"),
        APIField("location", serializer=LocationField(source="*")),
        APIField("themes", serializer=SlugListField()),
        APIField("tags", serializer=SlugListField(attribute="name")),
        APIField("period"),
        APIField("public_contact"),
        APIField("volunteers_wanted"),
        # {"url", "full_url", "width", "height", "alt"} of a rendition (alt: the image's
        # description), or null without a photo.
        APIField("image", serializer=ImageRenditionField(PHOTO_RENDITION)),
    ]

    parent_page_types = ["initiatives.InitiativeIndexPage"]
    subpage_types = []

    #: Only the action's own view goes to the page cache; the contact routes never.
    page_cache_routes = frozenset({"index"})

    class Meta:
        verbose_name = _("solidarity action")
        verbose_name_plural = _("solidarity actions")

    @property
    def actor_type_label(self):
        """Translated label of ``actor_type`` (str)."""
        return label_for(ACTOR_TYPES, self.actor_type)

    @property
    def period_label(self):
        """Translated label of ``period`` (str)."""
        return label_for(PERIODS, self.period)

    @property
    def ordered_tags(self):
        """The page's tags in French order of names (list of InitiativeTag)."""
        return sorted_by_text(self.tags.all(), lambda tag: tag.name)

    @property
    def point(self):
        """``(lat, lng)`` WGS84 degrees, or None when not yet computed or unplaceable
        (NaN, infinite, out of range: written around the model)."""
        if not is_placeable(self.latitude, self.longitude):
            return None
        return (self.latitude, self.longitude)

    def sync_location(self):
        """Set ``latitude``/``longitude`` (and normalise ``location``) from ``location``.

        Without a location, the commune's reference point is used (``location`` stays
        empty, so a later change of commune moves the point too). Raises ``ValidationError`` on
        ``location`` when the value is malformed or lies outside the département.
        """
        if self.location:
            try:
                lat, lng = parse_point(self.location)
            except InvalidLocation:
                raise ValidationError(
                    {"location": _("This location is not a valid point.")}
                )
            if not in_departement(lat, lng):
                raise ValidationError(
                    {"location": _("This location lies outside the département.")}
                )
            self.location = format_point(lat, lng)
        elif self.commune_id:
            lat, lng = self.commune.latitude, self.commune.longitude
        else:
            self.latitude = self.longitude = None
            return
        self.latitude, self.longitude = lat, lng

    def clean(self):
        """Page validation plus :meth:`sync_location`."""
        super().clean()
        self.sync_location()

    def save(self, *args, **kwargs):
        """Keep ``latitude``/``longitude`` in step with ``location``, ``search_text`` and
        ``search_keywords`` with the searchable fields
        (:func:`initiatives.search.build_search_columns`) and
        ``sort_title`` with ``title`` (:func:`portal.text.folded_key`)."""
        self.sync_location()
        update_fields = kwargs.get("update_fields")
        self.sort_title = folded_key(self.title)
        if update_fields is None:
            self.search_text, self.search_keywords = build_search_columns(self)
        elif set(update_fields) & SEARCHED_FIELDS:
            self.search_text, self.search_keywords = build_search_columns(self)
            kwargs["update_fields"] = [*update_fields, "search_text", "search_keywords"]
        if update_fields is not None and "title" in update_fields:
            kwargs["update_fields"] = [*kwargs["update_fields"], "sort_title"]
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        """Add ``map_config`` (data attributes for the small static map of the point)
        and ``contact`` (:func:`initiatives.contact.views.action_contact_context`)."""
        context = super().get_context(request, *args, **kwargs)
        context["map_config"] = map_config(point=self.point)
        context["contact"] = contact_views.action_contact_context(self)
        return context

    def route(self, request, path_components):
        """Wagtail's routing, but no route below a page under a view restriction (404):
        contact through the portal is for public actions only. One query for such URLs."""
        if path_components and self.get_view_restrictions().exists():
            raise Http404
        return super().route(request, path_components)

    @path("")
    def index(self, request, *args, **kwargs):
        """The action's page (Wagtail's default page view; cacheable)."""
        return self.render(request)

    @path("contacter/", name="contact")
    def contact(self, request):
        """Write to the action's author: :func:`initiatives.contact.views.contact_view`."""
        return contact_views.contact_view(self, request)

    @path("contacter/envoye/", name="contact_sent")
    def contact_sent(self, request):
        """The message has left."""
        return contact_views.contact_sent_view(self, request)

    @path("contacter/reponse/<str:token>/", name="contact_reply")
    def contact_reply(self, request, token):
        """The author answers through the link of the e-mail."""
        return contact_views.reply_view(self, request, token)

    @path("contacter/reponse-envoyee/", name="contact_reply_sent")
    def contact_reply_sent(self, request):
        """The answer has left."""
        return contact_views.reply_sent_view(self, request)

    @path("signaler/", name="report")
    def report(self, request):
        """Report a problem to the moderators: :func:`initiatives.contact.views.report_view`."""
        return contact_views.report_view(self, request)

    @path("signaler/envoye/", name="report_sent")
    def report_sent(self, request):
        """The report has left."""
        return contact_views.report_sent_view(self, request)

def rebuild_search_columns(queryset):
    """Recompute both columns of every InitiativePage of ``queryset`` from the database.

    Used when something the columns copy changes outside the page (a theme's label, a
    tag's name, a commune's name). A fixed number of queries whatever the number of
    pages (themes and tags read through their link tables); returns the number of pages.
    """
    pages = list(queryset.select_related("commune").only(
        "pk", "title", "summary", "description", "organisation", "address", "commune__name",
    ))
    if not pages:
        return 0
    ids = [page.pk for page in pages]
    themes, tags = {}, {}
    through = InitiativePage.themes.through
    for page_id, label in through.objects.filter(initiativepage_id__in=ids).order_by(
            "theme__sort_order", "theme__label").values_list("initiativepage_id", "theme__label"):
        themes.setdefault(page_id, []).append(label)
    for page_id, name in TaggedInitiative.objects.filter(content_object_id__in=ids).order_by(
            "tag__name").values_list("content_object_id", "tag__name"):
        tags.setdefault(page_id, []).append(name)
    for page in pages:
        page.search_text, page.search_keywords = search_columns(
            page.title, page.summary, page.description, page.organisation, page.address,
            page.commune.name, themes.get(page.pk, ()), tags.get(page.pk, ()),
        )
    InitiativePage.objects.bulk_update(pages, ["search_text", "search_keywords"],
                                       batch_size=500)
    return len(pages)
