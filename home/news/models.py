"""News of the platform: the index ``/actualites/`` and its news pages."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Page
from wagtail.search import index

from portal.blocks import BaseStreamBlock
from portal.live_counts import CachedCountPaginator
from portal.page_cache import CachedPage

#: News items per page of the index.
NEWS_PER_PAGE = 10


def today():
    """Today's date in the site's time zone (Europe/Paris): the default date of news."""
    return timezone.localdate()


def latest_news(root, count):
    """The ``count`` (int) most recent live, public news pages below ``root`` (a Page),
    newest first (date, then publication): a QuerySet of NewsPage, images joined."""
    return (NewsPage.objects.live().public().descendant_of(root)
            .select_related("image").order_by("-date", "-first_published_at", "-pk")[:count])


class NewsIndexPage(CachedPage, Page):
    """The news index (``/actualites/``, below the home page): its news, newest first,
    :data:`NEWS_PER_PAGE` a page (``?page=N``; a page number that is not one shows the
    first page, one past the end the last)."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    template = "home/news/news_index_page.html"
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.NewsPage"]
    max_count = 1
    page_cache_query_params = frozenset({"page"})

    class Meta:
        verbose_name = _("news index")
        verbose_name_plural = _("news indexes")

    def news(self):
        """QuerySet of this index's live, public news pages, newest first."""
        return (NewsPage.objects.live().public().child_of(self).select_related("image")
                .order_by("-date", "-first_published_at", "-pk"))

    def get_context(self, request, *args, **kwargs):
        """Page context plus ``news_items``: one page (Django ``Page``) of
        :meth:`news`, counted as a live counter (:mod:`portal.live_counts`)."""
        context = super().get_context(request, *args, **kwargs)
        paginator = CachedCountPaginator(self.news(), NEWS_PER_PAGE,
                                         count_name=f"home:news:{self.pk}")
        context["news_items"] = paginator.get_page(request.GET.get("page"))
        return context


class NewsPage(CachedPage, Page):
    """One news item: date, short introduction, optional image, body of shared blocks
    (headings, paragraphs, quotes: :class:`portal.blocks.BaseStreamBlock`)."""

    date = models.DateField(_("date"), default=today)
    intro = models.TextField(
        _("introduction"), max_length=400,
        help_text=_("One or two sentences, shown in the news lists."))
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("Optional. Its description is read out as its text alternative; "
                    "without one it is treated as decorative. Never put text in the image."))
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("date"), FieldPanel("intro"), FieldPanel("image"), FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"),
                                          index.SearchField("body")]
    api_fields = [
        APIField("date"),
        APIField("intro"),
        APIField("image"),
        APIField("image_thumbnail", serializer=ImageRenditionField("max-800x600", source="image")),
        APIField("body"),
    ]

    template = "home/news/news_page.html"
    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
