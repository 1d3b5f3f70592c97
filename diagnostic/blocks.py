"""StreamField blocks of the diagnostic's chapters: key figures with their source,
choropleth maps, charts and data tables (from an indicator or a
pasted table), documents, and the shared editorial blocks of ``portal.blocks``."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from portal import charts
from portal.blocks import HeadingBlock, QuoteBlock, paragraph_block

from . import indicator_tables
from .indicators.models import Indicator, Level
from .maps import MAP_LEVELS, NoMapData, build_choropleth, indicator_table
from .pasted_tables import PastedTableError, parse_pasted_table
from .table_charts import table_chart


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


DATA_HELP = _(
    "Paste a table from a spreadsheet or a word processor (or type it): first line the "
    "headers (the labels' column, then one column per series), then one line per label; "
    "cells separated by tabs or semicolons; decimal commas accepted; “s”, “secret” or "
    "“nd” for a figure under statistical confidentiality, an empty cell for a missing "
    "one. Leave empty when an indicator is chosen."
)
INDICATOR_HELP = _(
    "Figures of an imported indicator, one row per territory. Leave empty to paste a "
    "table instead."
)
FIELD_SOURCE_HELP = _("Required for a pasted table; by default the indicator's source.")


class FiguresBlock(blocks.StructBlock):
    """What the chart and data-table blocks share: their figures come either from an
    indicator (``indicator``, a :class:`diagnostic.indicators.models.Indicator`) or from
    a pasted table (``data``, read by :mod:`diagnostic.pasted_tables`), exactly one of
    them; ``unit``, ``source``, ``source_url`` and ``year`` override the indicator's
    (and are the only ones of a pasted table). Subclasses declare the fields."""

    def get_table(self, value):
        """The block's :class:`diagnostic.data_tables.DataTable` (the one its template
        shows and its CSV download serves), or None when it has no data: its indicator
        was deleted, or its stored paste no longer reads (the page then says so)."""
        indicator = value.get("indicator")
        unit = value.get("unit") or ""
        title = value.get("title") or ""
        if indicator is not None:
            return indicator_tables.indicator_table(
                indicator, caption=title, unit=unit or None, source=value.get("source") or "",
                source_url=value.get("source_url") or "", year=value.get("year"),
            )
        data = (value.get("data") or "").strip()
        if not data:
            return None
        try:
            table = parse_pasted_table(
                data, caption=title, source=value.get("source") or "",
                source_url=value.get("source_url") or "", year=value.get("year"),
            )
        except PastedTableError:
            return None
        table.columns = [indicator_tables.column_title(name, unit) for name in table.columns]
        return table

    @staticmethod
    def unit(value):
        """The unit shown with the figures (str): the block's, else its indicator's."""
        indicator = value.get("indicator")
        return value.get("unit") or (indicator.unit if indicator is not None else "")

    def check_indicator(self, indicator, errors):
        """Add to ``errors`` (dict field name -> ValidationError) what makes
        ``indicator`` unusable in this block; nothing by default."""

    def check_table(self, table, errors):
        """Add to ``errors`` what makes a pasted ``table`` unusable in this block."""

    def clean(self, value):
        """Validate the fields, then the data: exactly one of indicator and pasted table;
        a pasted table must read (its error, with the line number, goes on the ``data``
        field) and needs a source. Raises StructBlockValidationError."""
        value = super().clean(value)
        errors, general = {}, []
        indicator = value.get("indicator")
        data = (value.get("data") or "").strip()
        if indicator is not None and data:
            general.append(ValidationError(gettext(
                "Choose an indicator or paste a table, not both.")))
        elif indicator is None and not data:
            general.append(ValidationError(gettext("Choose an indicator or paste a table.")))
        elif data:
            try:
                self.check_table(parse_pasted_table(data), errors)
            except PastedTableError as error:
                errors["data"] = ValidationError(error.message)
            if not value.get("source"):
                errors["source"] = ValidationError(gettext("Give the source of a pasted table."))
        else:
            self.check_indicator(indicator, errors)
        if errors or general:
            raise StructBlockValidationError(block_errors=errors, non_block_errors=general)
        return value

    def get_context(self, value, parent_context=None):
        """Add ``table`` (DataTable or None when no data) and ``unit`` (str)."""
        context = super().get_context(value, parent_context=parent_context)
        context["table"] = self.get_table(value)
        context["unit"] = self.unit(value)
        return context


class ChartBlock(FiguresBlock):
    """A chart with its data table, source and CSV download.

    Fields: ``title``; ``description`` (optional, what the chart shows, first sentence
    of its text alternative); ``chart_type`` (:data:`portal.charts.KINDS`: "bar",
    "horizontal_bar", "line", "stacked_bar"); ``indicator`` (optional) or ``data``
    (pasted table), exactly one; ``unit``, ``source``, ``source_url``, ``year``
    (optional overrides; "millésime non précisé" is shown when no year is known).

    A chart shows at most :data:`portal.charts.MAX_CATEGORIES` rows and
    :data:`portal.charts.MAX_SERIES` series: a commune-level indicator (327 communes of
    the Landes) is refused, since so many bars cannot be read; a map or a data table
    shows it. Rendered by ``diagnostic/blocks/chart.html`` (SVG, data table open by
    default, source, CSV link).
    """

    title = blocks.CharBlock(label=_("Title"), max_length=255)
    description = blocks.TextBlock(
        label=_("Description"), required=False, max_length=1000,
        help_text=_("What the chart shows, in a sentence or two (read by screen readers)."),
    )
    chart_type = blocks.ChoiceBlock(
        label=_("Chart type"), default=charts.BAR,
        choices=[
            (charts.BAR, _("Vertical bars")),
            (charts.HORIZONTAL_BAR, _("Horizontal bars")),
            (charts.LINE, _("Lines")),
            (charts.STACKED_BAR, _("Stacked bars")),
        ],
    )
    indicator = SnippetChooserBlock(
        "diagnostic.Indicator", label=_("Indicator"), required=False, help_text=INDICATOR_HELP)
    data = blocks.TextBlock(label=_("Pasted table"), required=False, help_text=DATA_HELP)
    unit = blocks.CharBlock(label=_("Unit"), required=False, max_length=40)
    source = blocks.CharBlock(
        label=_("Source"), required=False, max_length=255, help_text=FIELD_SOURCE_HELP)
    source_url = blocks.URLBlock(label=_("Source link"), required=False)
    year = blocks.IntegerBlock(label=_("Year"), required=False, min_value=1800, max_value=2100)

    class Meta:
        icon = "table"
        template = "diagnostic/blocks/chart.html"
        label = _("Chart")
        description = _("A bar or line chart with its data table, from an indicator or a "
                        "pasted table.")
        preview_value = {
            "title": "Part des 75 ans ou plus",
            "chart_type": charts.BAR,
            "data": "Territoire\t2015\t2021\nLandes\t11,2\t12,4\nFrance\t9,3\t10,1",
            "unit": "%",
            "source": "INSEE, recensement de la population",
            "year": 2021,
        }

    def check_indicator(self, indicator, errors):
        if indicator.level == Level.COMMUNE:
            errors["indicator"] = ValidationError(gettext(
                "A chart cannot show every commune of the département: show a "
                "commune-level indicator in a map or a data table, or paste the "
                "communes you want to compare."))

    def check_table(self, table, errors):
        if len(table.rows) > charts.MAX_CATEGORIES:
            errors["data"] = ValidationError(gettext(
                "A chart shows at most %(max)s lines; use a data table for more.")
                % {"max": charts.MAX_CATEGORIES})
        elif len(table.columns) > charts.MAX_SERIES:
            errors["data"] = ValidationError(gettext(
                "A chart shows at most %(max)s value columns.") % {"max": charts.MAX_SERIES})

    def get_context(self, value, parent_context=None):
        """Add ``chart`` (SVG markup, or None when there is no data or too much of it for
        a chart; the table is shown anyway) and ``chart_too_large`` (bool)."""
        context = super().get_context(value, parent_context=parent_context)
        table = context["table"]
        context["chart"], context["chart_too_large"] = None, False
        if table is not None and table.rows:
            block_id = context.get("block_id") or "apercu"
            try:
                context["chart"] = table_chart(
                    table, value.get("chart_type") or charts.BAR, f"graphique-{block_id}",
                    value.get("description") or "", context["unit"],
                )
            except ValueError:
                context["chart_too_large"] = True
        return context


class DataTableBlock(FiguresBlock):
    """A data table with its source and CSV download.

    Fields: ``title`` (the table's caption); ``indicator`` (optional) or ``data``
    (pasted table), exactly one; ``unit``, ``source``, ``source_url``, ``year``
    (optional overrides). Any level is accepted (a commune-level indicator gives 327
    rows). Rendered by ``diagnostic/blocks/table.html``.
    """

    title = blocks.CharBlock(label=_("Title"), max_length=255)
    indicator = SnippetChooserBlock(
        "diagnostic.Indicator", label=_("Indicator"), required=False, help_text=INDICATOR_HELP)
    data = blocks.TextBlock(label=_("Pasted table"), required=False, help_text=DATA_HELP)
    unit = blocks.CharBlock(label=_("Unit"), required=False, max_length=40)
    source = blocks.CharBlock(
        label=_("Source"), required=False, max_length=255, help_text=FIELD_SOURCE_HELP)
    source_url = blocks.URLBlock(label=_("Source link"), required=False)
    year = blocks.IntegerBlock(label=_("Year"), required=False, min_value=1800, max_value=2100)

    class Meta:
        icon = "list-ul"
        template = "diagnostic/blocks/table.html"
        label = _("Data table")
        description = _("A table of figures, from an indicator or a pasted table.")
        preview_value = {
            "title": "Taux de pauvreté",
            "data": "Territoire;Taux de pauvreté\nLandes;12,9\nFrance;14,5",
            "unit": "%",
            "source": "INSEE, Filosofi",
            "year": 2021,
        }


class DiagnosticStreamBlock(blocks.StreamBlock):
    """Blocks of a diagnostic chapter: paragraph, heading, key figure, choropleth map,
    chart, data table, document, quote."""

    # Wagtail 8's RichTextBlock honours WAGTAILAPI_RICH_TEXT_FORMAT ("html" here) and
    # ?rich_text_format= in API v2, so API clients get usable hrefs.
    paragraph = paragraph_block()
    heading = HeadingBlock()
    key_figure = KeyFigureBlock()
    choropleth = ChoroplethBlock()
    chart = ChartBlock()
    table = DataTableBlock()
    document = DocumentBlock()
    quote = QuoteBlock()
