"""StreamField blocks of the diagnostic's chapters: key figures with their source,
documents, and the shared editorial blocks of ``portal.blocks``."""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

from portal.blocks import HeadingBlock, QuoteBlock, paragraph_block


class KeyFigureValue(blocks.StructValue):
    """Value of a :class:`KeyFigureBlock`, with the figure formatted for display."""

    def formatted_value(self):
        """The figure in the active locale with thousands grouping.

        Output: str, e.g. "407 444" (no-break space as separator) or "12,5" in French;
        trailing decimal zeros are dropped ("12,50" -> "12,5", "407444,00" -> "407 444");
        "" when the value is empty.
        """
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
        template = "diagnostic/blocks/key_figure.html"
        label = _("Key figure")
        value_class = KeyFigureValue


class DocumentBlock(blocks.StructBlock):
    """A link to a document (e.g. a PDF report) with an optional title.

    Fields: ``document`` (a Wagtail Document), ``title`` (optional; the document's own
    title is shown when empty). Rendered with the file's extension and size; renders
    nothing when the document was deleted.
    """

    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=255)

    class Meta:
        icon = "doc-full"
        template = "diagnostic/blocks/document.html"
        label = _("Document")


class DiagnosticStreamBlock(blocks.StreamBlock):
    """Blocks of a diagnostic chapter: paragraph, heading, key figure, document, quote."""

    # Wagtail 8's RichTextBlock honours WAGTAILAPI_RICH_TEXT_FORMAT ("html" here) and
    # ?rich_text_format= in API v2, so API clients get usable hrefs.
    paragraph = paragraph_block()
    heading = HeadingBlock()
    key_figure = KeyFigureBlock()
    document = DocumentBlock()
    quote = QuoteBlock()
