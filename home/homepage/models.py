"""HomePage (the site's root page type) and the committee members snippet."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from portal.blocks import BaseStreamBlock
from portal.hooks import HOME_PARTICIPATION, run_hooks
from portal.page_cache import CachedPage
from portal.routing import OneQueryChildRouteMixin


class HomePage(CachedPage, OneQueryChildRouteMixin, Page):
    """What the platform is, the ways to take part (contributed by plugins), the comité."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)
    committee_title = models.CharField(
        _("committee section title"), max_length=150, blank=True,
        default="Le comité Nouvelles solidarités",
    )
    committee_intro = RichTextField(
        _("committee introduction"), blank=True, features=["bold", "italic", "link"]
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("committee_title"),
        FieldPanel("committee_intro"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [
        APIField("intro"),
        APIField("body"),
        APIField("committee_title"),
        APIField("committee_intro"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        """Add ``committee_members`` (queryset) and ``participation`` (list of dicts from
        the plugins' ``portal_home_participation`` hook) to the context."""
        context = super().get_context(request, *args, **kwargs)
        context["committee_members"] = CommitteeMember.objects.all()
        context["participation"] = run_hooks(HOME_PARTICIPATION, request)
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
