"""The portal's StreamField block library, shared by every plugin's pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock


class HeadingBlock(blocks.StructBlock):
    """A section heading (level 2 or 3), for an accessible document outline."""

    text = blocks.CharBlock(label=_("Heading"), max_length=150)
    level = blocks.ChoiceBlock(
        label=_("Level"), choices=[("h2", _("Level 2")), ("h3", _("Level 3"))], default="h2"
    )

    class Meta:
        icon = "title"
        template = "portal/blocks/heading.html"
        label = _("Heading")


class QuoteBlock(blocks.StructBlock):
    """A quotation with its attribution."""

    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "portal/blocks/quote.html"
        label = _("Quote")


class BaseStreamBlock(blocks.StreamBlock):
    """Blocks available on editorial pages: headings, rich text, quotes."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"), features=["bold", "italic", "link", "document-link", "ol", "ul"],
        icon="pilcrow",
    )
    quote = QuoteBlock()


# --- Diagnostic territorial blocks --------------------------------------------------


class KeyFigureValue(blocks.StructValue):
    """Value of a :class:`KeyFigureBlock`, with the figure formatted for display."""

    def formatted_value(self):
        """The figure in the active locale with thousands grouping.

        Output: str, e.g. "407 444" (no-break space as separator) or "12,5" in French;
        trailing decimal zeros are dropped ("12,50" -> "12,5", "407444,00" -> "407 444").
        """
        from decimal import Decimal

        from django.utils.formats import number_format

        value = self.get("value")
        if value is None:
            return ""
        value = Decimal(value)
        if value == value.to_integral_value():
            value = value.quantize(Decimal(1))
        else:
            value = value.normalize()
        return number_format(value, force_grouping=True)


class KeyFigureBlock(blocks.StructBlock):
    """One key figure of the diagnostic, with its source.

    Fields: ``value`` (Decimal, up to 2 decimals, rendered with French grouping, e.g.
    "407 444"), ``unit`` (optional, e.g. "habitants", "%"), ``label`` (what is counted),
    ``territory`` (optional, e.g. "Landes", "Mont-de-Marsan"), ``year`` (optional
    vintage; leave empty when the source does not state it), ``source`` (required text,
    e.g. "INSEE, population municipale"), ``source_url`` (optional link to the source).
    """

    value = blocks.DecimalBlock(label=_("Value"), max_digits=15, decimal_places=2)
    unit = blocks.CharBlock(label=_("Unit"), required=False, max_length=40)
    label = blocks.CharBlock(label=_("Label"), max_length=200)
    territory = blocks.CharBlock(label=_("Territory"), required=False, max_length=150)
    year = blocks.IntegerBlock(label=_("Year"), required=False, min_value=1800, max_value=2100)
    source = blocks.CharBlock(label=_("Source"), max_length=255)
    source_url = blocks.URLBlock(label=_("Source link"), required=False)

    class Meta:
        icon = "order"
        template = "portal/blocks/key_figure.html"
        label = _("Key figure")
        value_class = KeyFigureValue


class DocumentBlock(blocks.StructBlock):
    """A link to a document (e.g. a PDF report) with an optional title.

    Fields: ``document`` (a Wagtail Document), ``title`` (optional; the document's own
    title is shown when empty). Rendered with the file's extension and size.
    """

    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=255)

    class Meta:
        icon = "doc-full"
        template = "portal/blocks/document.html"
        label = _("Document")


class DiagnosticStreamBlock(blocks.StreamBlock):
    """Blocks of a diagnostic chapter: paragraph, heading, key figure, document, quote."""

    # Wagtail 8's RichTextBlock honours WAGTAILAPI_RICH_TEXT_FORMAT ("html" here) and
    # ?rich_text_format= in API v2, so API clients get usable hrefs (tests/diagnostic).
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"), features=["bold", "italic", "link", "document-link", "ol", "ul"],
        icon="pilcrow",
    )
    heading = HeadingBlock()
    key_figure = KeyFigureBlock()
    document = DocumentBlock()
    quote = QuoteBlock()
