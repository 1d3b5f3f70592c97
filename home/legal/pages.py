"""The legal and information pages' models, children of the home page. Each holds its
data and the staff's prose; facts kept in settings (the data protection officer, the
retention period, the notice's version, the map's attribution) are rendered from
settings, never copied into a page. The contact page's requests go to :mod:`.views`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.blocks import BaseStreamBlock
from portal.numbers import format_number
from portal.page_cache import CachedPage

from . import views
from .audit import audit_summary
from .blocks import AuditedPagesBlock, DerogationsBlock
from .sitemap import site_tree

#: Where the legal pages may be created.
PARENTS = ["home.HomePage"]
#: The project's licence (SPDX identifier) and its official text.
PROJECT_LICENCE = "EUPL-1.2"
PROJECT_LICENCE_URL = (
    "https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12"
)


def lines(text):
    """The non-blank lines of ``text`` (str), stripped: list of str."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class LegalPage(CachedPage, Page):
    """A legal or information page written by staff: the legal notice (``kind``
    "legal_notice": publisher, publication director, host and credits, required by
    loi n° 2004-575 "LCEN" art. 6 III), the multi-year accessibility scheme and the
    year's action plan (``kind`` "accessibility_scheme", "action_plan": linked from the
    accessibility statement and the footer, loi n° 2005-102 art. 47), or another
    page ("other")."""

    LEGAL_NOTICE = "legal_notice"
    ACCESSIBILITY_SCHEME = "accessibility_scheme"
    ACTION_PLAN = "action_plan"
    KINDS = [
        (LEGAL_NOTICE, _("Legal notice")),
        (ACCESSIBILITY_SCHEME, _("Multi-year accessibility scheme")),
        (ACTION_PLAN, _("Accessibility action plan")),
        ("other", _("Other information page")),
    ]

    kind = models.CharField(
        _("kind of page"), max_length=30, choices=KINDS, default="other",
        help_text=_("The footer and the accessibility statement link to the first live "
                    "page of each kind."),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)
    publisher = models.TextField(
        _("publisher"), blank=True,
        help_text=_("Legal notice only: name and postal address of the body publishing "
                    "the site."),
    )
    publication_director = models.CharField(
        _("publication director"), max_length=200, blank=True,
        help_text=_("Legal notice only: usually the president of the Conseil départemental."),
    )
    host = models.TextField(
        _("host"), blank=True,
        help_text=_("Legal notice only, required by law: name, address and telephone "
                    "number of the company hosting the site. Empty: the PORTAL_HOSTING_"
                    "PROVIDER setting of the deployment."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        MultiFieldPanel([FieldPanel("publisher"), FieldPanel("publication_director"),
                         FieldPanel("host")], heading=_("Legal notice")),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = PARENTS
    subpage_types = []
    template = "home/legal/legal_page.html"

    class Meta:
        verbose_name = _("legal or information page")
        verbose_name_plural = _("legal or information pages")

    def hosting(self):
        """The host shown by the legal notice (str): the page's field, else the
        ``PORTAL_HOSTING_PROVIDER`` setting; "" when neither is set."""
        return self.host.strip() or getattr(settings, "PORTAL_HOSTING_PROVIDER", "").strip()

    def get_context(self, request, *args, **kwargs):
        """Add ``credits`` (dict, legal notice only, else None): ``licence`` (SPDX id),
        ``licence_url``, ``map_attribution`` (HTML of the ``PORTAL_MAP_TILE_ATTRIBUTION``
        setting, written by the deployment) and ``host`` (:meth:`hosting`)."""
        context = super().get_context(request, *args, **kwargs)
        context["credits"] = None
        if self.kind == self.LEGAL_NOTICE:
            context["credits"] = {
                "licence": PROJECT_LICENCE, "licence_url": PROJECT_LICENCE_URL,
                "map_attribution": settings.PORTAL_MAP_TILE_ATTRIBUTION,
                "host": self.hosting(),
            }
        return context


class PrivacyPage(CachedPage, Page):
    """The privacy notice (RGPD art. 13 and 14): staff write ``intro`` and ``body``; the
    controller, the processings with their purposes and legal bases, the recipients,
    the retention period, the rights, the data protection officer and the notice's
    version are rendered by the template from settings (the site identity's designation,
    ``PORTAL_DPO_CONTACT``, ``PORTAL_CONTACT_RETENTION_DAYS``,
    ``PORTAL_PRIVACY_NOTICE_VERSION``), as the forms' short notices are."""

    intro = StreamField(BaseStreamBlock(), verbose_name=_("introduction"), blank=True)
    body = StreamField(
        BaseStreamBlock(), verbose_name=_("further information"), blank=True,
        help_text=_("Shown after the processings, recipients, retention and rights, "
                    "which come from the site's settings."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = PARENTS
    subpage_types = []
    max_count = 1
    template = "home/legal/privacy_page.html"

    class Meta:
        verbose_name = _("privacy notice")


class AccessibilityPage(CachedPage, Page):
    """The accessibility statement, following the official model of the RGAA 4.1.2
    ("déclaration d'accessibilité", published by the DINUM): conformity status chosen by
    staff, the audit (``audit_criteria`` rows with their metadata) from which the counts
    and the rate are computed (:func:`.audit.audit_summary`), non-accessible content,
    date, technologies, test environment, feedback and contact, remedies, and links to
    the multi-year scheme and the action plan (:class:`LegalPage` of those kinds)."""

    FULL, PARTIAL, NONE = "full", "partial", "none"
    STATUSES = [
        (FULL, _("fully compliant")),
        (PARTIAL, _("partially compliant")),
        (NONE, _("not compliant")),
    ]

    entity = models.CharField(
        _("entity"), max_length=200, blank=True,
        help_text=_("Who commits to make the site accessible, e.g. “Le Département des "
                    "Landes”."),
    )
    compliance = models.CharField(
        _("conformity status"), max_length=10, choices=STATUSES, default=PARTIAL,
        help_text=_("RGAA: fully compliant when every criterion is met, partially when at "
                    "least half are, not compliant otherwise. Shown in every page's "
                    "footer."),
    )
    statement_date = models.DateField(_("date of the statement"), null=True, blank=True)
    audit_reference = models.CharField(_("reference"), max_length=50, default="RGAA 4.1.2")
    audit_date = models.DateField(_("date of the audit"), null=True, blank=True)
    auditor = models.CharField(_("audit carried out by"), max_length=250, blank=True)
    audit_method = models.TextField(_("method"), blank=True)
    audit_pages = StreamField(AuditedPagesBlock(), verbose_name=_("sample of pages"),
                              blank=True)
    tools = models.TextField(_("tools"), blank=True, help_text=_("One per line."))
    test_environment = models.TextField(
        _("test environment"), blank=True,
        help_text=_("One combination per line: browser, assistive technology, system."))
    technologies = models.TextField(
        _("technologies used"), blank=True, help_text=_("One per line."),
        default="HTML5\nCSS\nJavaScript\nSVG\nWAI-ARIA",
    )
    derogations = StreamField(DerogationsBlock(), verbose_name=_(
        "exemptions for disproportionate burden"), blank=True)
    not_subject = models.TextField(
        _("content not subject to the obligation"), blank=True,
        help_text=_("One per line."))
    contact_email = models.EmailField(
        _("accessibility contact address"), blank=True,
        help_text=_("Where users report an access problem; the contact page is linked "
                    "as well."))
    body = StreamField(BaseStreamBlock(), verbose_name=_("further information"),
                       blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("entity"),
        FieldPanel("compliance"),
        FieldPanel("statement_date"),
        MultiFieldPanel([
            FieldPanel("audit_reference"), FieldPanel("audit_date"), FieldPanel("auditor"),
            FieldPanel("audit_method"), FieldPanel("audit_pages"), FieldPanel("tools"),
            FieldPanel("test_environment"),
        ], heading=_("Audit")),
        InlinePanel("audit_criteria", heading=_("Audited criteria"),
                    label=_("criterion")),
        FieldPanel("derogations"),
        FieldPanel("not_subject"),
        FieldPanel("technologies"),
        FieldPanel("contact_email"),
        FieldPanel("body"),
    ]
    parent_page_types = PARENTS
    subpage_types = []
    max_count = 1
    template = "home/legal/accessibility_page.html"

    class Meta:
        verbose_name = _("accessibility statement")

    def status_label(self):
        """The conformity status as the footer and the statement say it (str, e.g.
        "partiellement conforme")."""
        return str(dict(self.STATUSES).get(self.compliance, ""))

    def get_context(self, request, *args, **kwargs):
        """Add ``summary`` (:meth:`summary`), ``rate_text`` (its rate in French, e.g.
        "42,86"; "" without a rate), ``failures`` (the NC rows, in order),
        ``tools``, ``environment``, ``technologies``, ``not_subject`` (lists of str),
        ``site_url`` (``PORTAL_BASE_URL``), ``scheme`` and ``plan`` (live
        :class:`LegalPage` of those kinds, or None) and ``contact`` (the live
        :class:`ContactPage`, or None)."""
        context = super().get_context(request, *args, **kwargs)
        rows = list(self.audit_criteria.all())
        summary = audit_summary(row.result for row in rows)
        context.update({
            "summary": summary,
            "rate_text": format_number(summary["rate"]) if summary["rate"] is not None else "",
            "failures": [row for row in rows if row.result == "NC"],
            "tools": lines(self.tools), "environment": lines(self.test_environment),
            "technologies": lines(self.technologies), "not_subject": lines(self.not_subject),
            "site_url": settings.PORTAL_BASE_URL,
            "scheme": LegalPage.objects.live().public().filter(
                kind=LegalPage.ACCESSIBILITY_SCHEME).first(),
            "plan": LegalPage.objects.live().public().filter(
                kind=LegalPage.ACTION_PLAN).first(),
            "contact": ContactPage.objects.live().public().first(),
        })
        return context


class SiteMapPage(CachedPage, Page):
    """The site map: a second way to find every page (RGAA 12.1), drawn from the tree
    of live, public pages by :func:`.sitemap.site_tree` (three levels below the home
    page; a page with many children, such as the map and its actions, links to its own
    list instead)."""

    intro = StreamField(BaseStreamBlock(), verbose_name=_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = PARENTS
    subpage_types = []
    max_count = 1
    template = "home/legal/site_map_page.html"

    class Meta:
        verbose_name = _("site map")

    def get_context(self, request, *args, **kwargs):
        """Add ``tree`` (:func:`.sitemap.site_tree` of the site's home page)."""
        context = super().get_context(request, *args, **kwargs)
        site = self.get_site()
        root = site.root_page if site else self.get_parent()
        context["tree"] = site_tree(root, request)
        return context


class ContactPage(RoutablePageMixin, Page):
    """The contact form: a visitor's message mailed to ``recipient`` (staff set it), kept
    nowhere. Routes: the form (``""``) and ``envoye/`` (sent), served by :mod:`.views`;
    never cached (each form carries a one-time token)."""

    intro = StreamField(BaseStreamBlock(), verbose_name=_("introduction"), blank=True)
    recipient = models.EmailField(
        _("recipient address"), blank=True,
        help_text=_("Messages are sent to this address. Empty: the PORTAL_CONTACT_EMAIL "
                    "setting of the deployment."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("recipient")]
    parent_page_types = PARENTS
    subpage_types = []
    max_count = 1
    template = "home/legal/contact_page.html"

    class Meta:
        verbose_name = _("contact page")

    def recipient_address(self):
        """Where messages go (str): the page's ``recipient``, else the
        ``PORTAL_CONTACT_EMAIL`` setting; "" when neither is set (no form then)."""
        return self.recipient or getattr(settings, "PORTAL_CONTACT_EMAIL", "").strip()

    @path("")
    def index_route(self, request, *args, **kwargs):
        """The form (:func:`.views.contact_view`)."""
        return views.contact_view(self, request)

    @path("envoye/", name="sent")
    def sent_route(self, request, *args, **kwargs):
        """The message has left (:func:`.views.sent_view`)."""
        return views.sent_view(self, request)

    def serve_preview(self, request, mode_name):
        """Preview: the empty form, as served."""
        return views.contact_view(self, request)
