"""StreamField blocks of the diagnostic's chapters: key figures with their source,
choropleth maps, documents, and the shared editorial blocks of ``portal.blocks``."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from portal.blocks import HeadingBlock, QuoteBlock, paragraph_block

from .indicators.models import Indicator, Level
from .maps import MAP_LEVELS, NoMapData, build_choropleth, indicator_table


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


class ChoroplethBlock(blocks.StructBlock):
    """A map of an indicator by commune or EPCI, with its legend, source and table.

    Fields: ``title`` (str), ``description`` (optional text shown under the title),
    ``indicator`` (an :class:`~diagnostic.indicators.models.Indicator` of level commune
    or EPCI; other levels are refused by :meth:`clean`), ``classes`` (int, 3-7, default
    5: number of quantile classes). Rendering: :func:`diagnostic.maps.build_choropleth`;
    a deleted indicator, or one without values, shows a message instead of the map.
    The map's alternative is the table of every territory (:meth:`get_table`), also
    served as CSV by the chapter.
    """

    title = blocks.CharBlock(label=_("Title"), max_length=255)
    description = blocks.TextBlock(label=_("Description"), required=False)
    indicator = SnippetChooserBlock(
        "diagnostic.Indicator", label=_("Indicator"),
        help_text=_("An indicator given by commune or by EPCI."),
    )
    classes = blocks.IntegerBlock(
        label=_("Number of classes"), default=5, min_value=3, max_value=7,
        help_text=_("Between 3 and 7; each class holds about as many territories."),
    )

    class Meta:
        icon = "site"
        template = "diagnostic/blocks/choropleth.html"
        label = _("Map by commune or EPCI")

    def clean(self, value):
        """Standard validation, then refuse an indicator whose level is not commune or
        EPCI. Raises StructBlockValidationError with a translated message on
        ``indicator``."""
        value = super().clean(value)
        indicator = value.get("indicator")
        if indicator is not None and indicator.level not in MAP_LEVELS:
            raise StructBlockValidationError(block_errors={"indicator": ValidationError(
                _("A map needs an indicator given by commune or by EPCI; this one is given "
                  "for “%(level)s”.") % {"level": indicator.get_level_display()}
            )})
        return value

    def get_table(self, value):
        """The table of the map's indicator over every territory of its level
        (:func:`diagnostic.maps.indicator_table`), or None when the indicator was deleted
        or cannot be mapped. Output: :class:`~diagnostic.data_tables.DataTable`."""
        indicator = value.get("indicator")
        if indicator is None or indicator.level not in MAP_LEVELS:
            return None
        return indicator_table(indicator)

    def get_context(self, value, parent_context=None):
        """Add ``choropleth`` (:class:`diagnostic.maps.Choropleth` or None) and
        ``map_error`` (translated str or ""): why there is no map."""
        context = super().get_context(value, parent_context=parent_context)
        block_id = context.get("block_id") or "preview"
        indicator = value.get("indicator")
        context["choropleth"], context["map_error"] = None, ""
        if indicator is None and context.get("preview"):
            context["map_error"] = _("Choose an indicator given by commune or by EPCI to see its map.")
        elif indicator is None:
            context["map_error"] = _("The indicator of this map is no longer available.")
        else:
            try:
                context["choropleth"] = build_choropleth(
                    indicator, value.get("classes") or 5, id_prefix=f"map-{block_id}")
            except NoMapData as exc:
                context["map_error"] = str(exc)
        return context

    def get_preview_value(self):
        """A map of the first commune-level indicator with values, for the block
        chooser's preview (no indicator: the preview says so)."""
        indicator = (
            Indicator.objects.filter(level=Level.COMMUNE, values__isnull=False)
            .order_by("pk").first()
        )
        return self.normalize({
            "title": _("Poverty rate by commune"),
            "description": "",
            "indicator": indicator,
            "classes": 5,
        })

    def get_preview_context(self, value, parent_context=None):
        """Preview context: ``preview`` is True (the template then explains an empty
        preview instead of reporting a deleted indicator)."""
        context = super().get_preview_context(value, parent_context=parent_context)
        return {**context, "preview": True}


class DiagnosticStreamBlock(blocks.StreamBlock):
    """Blocks of a diagnostic chapter: paragraph, heading, key figure, choropleth map,
    document, quote."""

    # Wagtail 8's RichTextBlock honours WAGTAILAPI_RICH_TEXT_FORMAT ("html" here) and
    # ?rich_text_format= in API v2, so API clients get usable hrefs.
    paragraph = paragraph_block()
    heading = HeadingBlock()
    key_figure = KeyFigureBlock()
    choropleth = ChoroplethBlock()
    document = DocumentBlock()
    quote = QuoteBlock()
