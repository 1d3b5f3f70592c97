"""HomePage (the site's root page type) and the committee members snippet."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from portal.blocks import BaseStreamBlock
from portal.page_cache import CachedPage
from portal.routing import OneQueryChildRouteMixin

from ..calendar.models import home_calendar
from ..news.models import NewsIndexPage, latest_news
from .counters import home_counters
from .participation import ParticipationStreamBlock, participation_cards

#: News items shown on the home page.
LATEST_NEWS_SHOWN = 3


class HomePage(CachedPage, OneQueryChildRouteMixin, Page):
    """The site's root page: a hero, what the platform is, the ways to take part
    (contributed by plugins, picked and ordered by staff), key figures (contributed by
    plugins), the latest news, the comité and its calendar.

    Hero fields: ``hero_title`` (the page's one ``<h1>``; the page title when empty),
    ``hero_text`` (plain text), ``hero_image`` (optional Wagtail image, SVG accepted;
    alternative text from its description, decorative without one) and an optional call
    to action: ``hero_link_label`` with ``hero_link_page`` or ``hero_link_url``.
    """

    hero_title = models.CharField(
        _("hero heading"), max_length=150, blank=True,
        help_text=_("The page's main heading. Empty: the page title."))
    hero_text = models.TextField(
        _("hero text"), max_length=400, blank=True,
        help_text=_("A short text under the heading (at most 400 characters)."))
    hero_image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("hero image"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("Optional; SVG accepted. Its description is read out as its text "
                    "alternative; without one it is treated as decorative. Never put text "
                    "in the image: the heading and text are shown beside it."))
    hero_link_label = models.CharField(
        _("call to action label"), max_length=80, blank=True,
        help_text=_("E.g. “Answer the questionnaire”. Needed with a link."))
    hero_link_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("call to action page"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")
    hero_link_url = models.URLField(
        _("call to action address"), blank=True,
        help_text=_("A page elsewhere, instead of a page of the site."))
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    participation = StreamField(
        ParticipationStreamBlock(), verbose_name=_("ways to take part"), blank=True,
        help_text=_("Pick and order the cards. Empty: every available card, in the default "
                    "order. A card whose feature has no published page is not shown."))
    show_counters = models.BooleanField(
        _("show the key figures"), default=True,
        help_text=_("Live counts of actions, answers and proposals."))
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)
    committee_title = models.CharField(
        _("committee section title"), max_length=150, blank=True,
        default="Le comité Nouvelles solidarités",
    )
    committee_intro = RichTextField(
        _("committee introduction"), blank=True, features=["bold", "italic", "link"]
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel([
            FieldPanel("hero_title"), FieldPanel("hero_text"), FieldPanel("hero_image"),
            FieldPanel("hero_link_label"), FieldPanel("hero_link_page"),
            FieldPanel("hero_link_url"),
        ], heading=_("Hero")),
        FieldPanel("intro"),
        FieldPanel("participation"),
        FieldPanel("show_counters"),
        FieldPanel("body"),
        FieldPanel("committee_title"),
        FieldPanel("committee_intro"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"),
                                          index.SearchField("hero_text")]
    api_fields = [
        APIField("hero_title"),
        APIField("hero_text"),
        APIField("hero_image"),
        APIField("hero_link_label"),
        APIField("hero_link_page"),
        APIField("hero_link_url"),
        APIField("intro"),
        APIField("participation"),
        APIField("show_counters"),
        APIField("body"),
        APIField("committee_title"),
        APIField("committee_intro"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def clean(self):
        """Refuse a call to action that is half given (label without link, link without
        label) or with two links (ValidationError on the fields concerned)."""
        super().clean()
        errors = {}
        has_link = bool(self.hero_link_page_id or self.hero_link_url)
        if self.hero_link_page_id and self.hero_link_url:
            errors["hero_link_url"] = _("Choose a page of the site or an address, not both.")
        if self.hero_link_label and not has_link:
            errors["hero_link_label"] = _("Choose the page or the address this label leads to.")
        if has_link and not self.hero_link_label:
            errors["hero_link_label"] = _("Give the call to action a label.")
        if errors:
            raise ValidationError(errors)

    def hero_link(self, request=None):
        """``(url, label)`` of the call to action, or None (no label, or its page is no
        longer live)."""
        if not self.hero_link_label:
            return None
        if self.hero_link_page_id:
            target = self.hero_link_page
            if target is None or not target.live:
                return None
            url = target.get_url(request)
            return (url, self.hero_link_label) if url else None
        if self.hero_link_url:
            return self.hero_link_url, self.hero_link_label
        return None

    def get_context(self, request, *args, **kwargs):
        """Add to the context: ``participation`` (list of card dicts,
        :func:`home.homepage.participation.participation_cards`), ``counters`` (list of
        key-figure dicts, empty when ``show_counters`` is off), ``hero_link`` ((url,
        label) or None), ``latest_news`` (the :data:`LATEST_NEWS_SHOWN` latest news
        pages), ``news_index`` (the live news index below this page, or None),
        ``upcoming_meetings`` and ``past_meetings`` (lists of CommitteeMeeting) and
        ``committee_members`` (queryset)."""
        context = super().get_context(request, *args, **kwargs)
        context["committee_members"] = CommitteeMember.objects.all()
        context["participation"] = participation_cards(self.participation, request)
        context["counters"] = home_counters(request) if self.show_counters else []
        context["hero_link"] = self.hero_link(request)
        context["latest_news"] = list(latest_news(self, LATEST_NEWS_SHOWN))
        context["news_index"] = (
            NewsIndexPage.objects.live().public().child_of(self).order_by("path").first())
        context["upcoming_meetings"], context["past_meetings"] = home_calendar()
        return context


@register_snippet
class CommitteeMember(Orderable):
    """An organisation sitting on the comité Nouvelles solidarités (public information)."""

    organisation = models.CharField(_("organisation"), max_length=200, unique=True)
    sector = models.CharField(
        _("sector"), max_length=100, blank=True,
        help_text=_("E.g. social protection, association, trade union, employers."),
    )

    panels = [FieldPanel("organisation"), FieldPanel("sector")]

    class Meta(Orderable.Meta):
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")

    def __str__(self):
        return self.organisation
