"""Pages of the diagnostic territorial: an index page and its chapters.

``/diagnostic/`` is a :class:`DiagnosticIndexPage` (child of the home page, one per
site) listing its live chapters in tree order and linking to its portrait de territoire
(:class:`diagnostic.portrait.pages.PortraitPage`); each :class:`DiagnosticChapterPage` holds
a StreamField of :class:`diagnostic.blocks.DiagnosticStreamBlock` (rich text, headings, key
figures with their source, documents, quotes).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.page_cache import CachedPage

from . import toc, views
from .blocks import DiagnosticStreamBlock
from .portrait.pages import PortraitPage


class DiagnosticIndexPage(CachedPage, Page):
    """The diagnostic's landing page: introduction, optional PDF report, chapter list.

    ``report`` is the full report (a Wagtail Document, usually a PDF); it is optional
    and the page says so when it is not published yet.
    """

    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link", "document-link"]
    )
    report = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("full report"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("The complete diagnostic report (PDF), when it is published."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("report")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro"), APIField("report")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["diagnostic.DiagnosticChapterPage", "diagnostic.PortraitPage"]
    max_count = 1

    class Meta:
        verbose_name = _("territorial diagnostic")

    def live_chapters(self):
        """Live, public chapters below this page, in tree (editorial) order.

        Output: queryset of :class:`DiagnosticChapterPage`.
        """
        return DiagnosticChapterPage.objects.child_of(self).live().public().order_by("path")

    def get_context(self, request, *args, **kwargs):
        """Add ``chapters`` (list of live DiagnosticChapterPage, in order) and
        ``portrait_page`` (the live, public PortraitPage below this page, or None)."""
        context = super().get_context(request, *args, **kwargs)
        context["chapters"] = list(self.live_chapters())
        context["portrait_page"] = PortraitPage.objects.child_of(self).live().public().first()
        return context


class DiagnosticChapterPage(CachedPage, RoutablePageMixin, Page):
    """One chapter of the diagnostic: a summary and a body of diagnostic blocks.

    Routes: ``""`` the chapter; ``donnees/<block id>.csv`` the CSV of one block's data
    table (:func:`diagnostic.views.block_csv`). Both may be cached for anonymous readers
    (they change only when the chapter is published again).
    """

    page_cache_routes = frozenset({"index", "block_csv"})

    summary = models.TextField(
        _("summary"), blank=True, max_length=500,
        help_text=_("One or two sentences, shown in the chapter list."),
    )
    body = StreamField(DiagnosticStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    api_fields = [APIField("summary"), APIField("body")]

    parent_page_types = ["diagnostic.DiagnosticIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("diagnostic chapter")

    def table_of_contents(self):
        """The chapter's "Sommaire": its heading blocks, level 3 nested under level 2
        (list of :class:`diagnostic.toc.TocEntry`, [] without headings)."""
        return toc.table_of_contents(self.body)

    def body_blocks(self):
        """The body's blocks with their anchors and permanent-link names (list of
        :class:`diagnostic.toc.ChapterBlock`), for the template."""
        return toc.chapter_blocks(self.body)

    def get_context(self, request, *args, **kwargs):
        """Add ``index_page`` (the parent DiagnosticIndexPage), ``previous_chapter`` and
        ``next_chapter`` (live sibling chapters or None), for navigation, and
        ``table_of_contents`` and ``body_blocks`` (see the methods of those names)."""
        context = super().get_context(request, *args, **kwargs)
        parent = self.get_parent().specific
        context["index_page"] = parent
        context["table_of_contents"] = self.table_of_contents()
        context["body_blocks"] = self.body_blocks()
        siblings = DiagnosticChapterPage.objects.sibling_of(self).live().public()
        context["previous_chapter"] = siblings.filter(path__lt=self.path).order_by("-path").first()
        context["next_chapter"] = siblings.filter(path__gt=self.path).order_by("path").first()
        return context

    @path("")
    def index(self, request, *args, **kwargs):
        """The chapter (Wagtail's default page view)."""
        return self.render(request)

    # Wagtail's routing hands routes a path ending in "/" (diagnostic.urls); the
    # optional slash lets "donnees/<id>.csv" resolve and reverse without it.
    @re_path(r"^donnees/(?P<block_id>[\w\-]+)\.csv/?$", name="block_csv")
    def block_csv(self, request, block_id):
        """The CSV of one block's data table: :func:`diagnostic.views.block_csv`."""
        return views.block_csv(self, request, block_id)

    def block_csv_url(self, block_id):
        """Path of the CSV of the block ``block_id`` (str), for templates."""
        return self.url + self.reverse_subpage("block_csv", args=[block_id])
