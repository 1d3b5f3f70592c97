"""StreamField blocks of the diagnostic's chapters: key figures with their source,
choropleth maps, charts and data tables (from an indicator or a pasted table),
documents, source notes, and the shared editorial blocks of ``portal.blocks``.

Every block has a ``description`` and a ``preview_value`` (Wagtail's block previews in
the block picker, drawn with the site's stylesheet by
``templates/wagtailcore/shared/block_preview.html``).
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from portal import charts
from portal.blocks import HeadingBlock, QuoteBlock, paragraph_block

from . import indicator_tables
from .data_tables import MISSING_CELL, Cell, DataTable, Row, format_number
from .fields import FrenchDecimalField
from .indicators.models import Indicator, Level
from .maps import MAP_LEVELS, NoMapData, build_choropleth, indicator_table
from .pasted_tables import PastedTableError, parse_pasted_table
from .table_charts import table_chart


class FrenchDecimalBlock(blocks.DecimalBlock):
    """A DecimalBlock whose field reads numbers as French staff type them ("12,5",
    "1 234,5"): :class:`diagnostic.fields.FrenchDecimalField`. Same arguments as
    Wagtail's DecimalBlock; stored values are Decimals as before."""

    def __init__(self, required=True, help_text=None, max_value=None, min_value=None,
                 max_digits=None, decimal_places=None, validators=(), *args, **kwargs):
        super().__init__(required, help_text, max_value, min_value, max_digits,
                         decimal_places, validators, *args, **kwargs)
        self.field = FrenchDecimalField(
            required=required, help_text=help_text, max_value=max_value,
            min_value=min_value, max_digits=max_digits, decimal_places=decimal_places,
            validators=validators)


class KeyFigureValue(blocks.StructValue):
    """Value of a :class:`KeyFigureBlock` or of one figure of a :class:`KeyFiguresBlock`:
    the figure, its scope, comparisons and trend written out for display."""

    def formatted_value(self):
        """The figure in the active locale with thousands grouping.

        Output: str, e.g. "407 444" (no-break space as separator) or "12,5" in French;
        trailing decimal zeros are dropped ("12,50" -> "12,5", "407444,00" -> "407 444");
        "" when the value is empty.
        """
        value = self.get("value")
        if value is None:
            return ""
        return format_number(Decimal(value))

    def _with_unit(self, number):
        """``number`` (Decimal) in French format followed by the unit, joined by a
        no-break space: "12,5\xa0%", "407\xa0444\xa0habitants", "327"."""
        text = format_number(number)
        unit = self.get("unit") or ""
        return f"{text}\xa0{unit}" if unit else text

    def scope_text(self):
        """Territory and vintage of the figure (str): "Landes, 2021", "2021", or
        "Landes, millésime non précisé" / "millésime non précisé" when the year is
        empty (the source does not state it: never guessed)."""
        year = self.get("year")
        year_text = str(year) if year else gettext("year not stated")
        territory = self.get("territory") or ""
        return f"{territory}, {year_text}" if territory else year_text

    def comparisons(self):
        """The optional comparison values as text, département first (list of str),
        e.g. ["Landes : 12,5 %", "France : 14,6 %"]; [] when neither is given. The
        département's name is the setting ``PORTAL_DEPARTEMENT_NAME``."""
        items = []
        for name, key in ((settings.PORTAL_DEPARTEMENT_NAME, "departement_value"),
                          ("France", "france_value")):
            number = self.get(key)
            if number is not None:
                items.append(gettext("%(territory)s: %(value)s") % {
                    "territory": name, "value": self._with_unit(Decimal(number))})
        return items

    def comparison_text(self):
        """:meth:`comparisons` joined by " · " (str, "" when there is none)."""
        return " · ".join(self.comparisons())

    def trend(self):
        """The change since the earlier value, or None when ``previous_value`` is empty.

        Output: dict with ``text`` (str, the meaning, e.g. "+1 234 depuis 2015 (+3,2 %)";
        "−" for a fall; a unit "%" gives the change in points with no relative change;
        the relative change is left out when the earlier value is 0), ``direction``
        ("up", "down" or "flat") and ``arrow`` (a decorative character for the
        template, to hide from screen readers).
        """
        previous = self.get("previous_value")
        current = self.get("value")
        if previous is None or current is None:
            return None
        previous, current = Decimal(previous), Decimal(current)
        change = current - previous
        year = self.get("previous_year")
        since = (gettext("since %(year)s") % {"year": year} if year
                 else gettext("since the previous value"))
        if change == 0:
            return {"text": f"{gettext('unchanged')} {since}", "direction": "flat",
                    "arrow": "→"}
        sign = "+" if change > 0 else "−"
        if (self.get("unit") or "").strip() == "%":
            amount = gettext("%(number)s points") % {"number": format_number(abs(change))}
            relative = ""
        else:
            amount = format_number(abs(change))
            relative = ""
            if previous != 0:
                percent = (change / abs(previous) * 100).quantize(Decimal("0.1"))
                percent_sign = "+" if percent > 0 else ("−" if percent < 0 else "")
                relative = f" ({percent_sign}{format_number(abs(percent))}\xa0%)"
        return {"text": f"{sign}{amount} {since}{relative}",
                "direction": "up" if change > 0 else "down",
                "arrow": "↗" if change > 0 else "↘"}


class KeyFigureBlock(blocks.StructBlock):
    """One key figure of the diagnostic, with its source.

    Fields: ``value`` (Decimal, up to 2 decimals, rendered with French grouping, e.g.
    "407 444"), ``unit`` (optional, e.g. "habitants", "%"), ``label`` (what is counted),
    ``territory`` (optional, e.g. "Landes", "Mont-de-Marsan"), ``year`` (optional
    vintage; leave empty when the source does not state it), ``source`` (required text,
    e.g. "INSEE, population municipale"), ``source_url`` (optional link to the source).
    """

    value = FrenchDecimalBlock(label=_("Value"), max_digits=15, decimal_places=2)
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
        description = _("One figure with its unit, territory, year and source.")
        preview_value = {
            "value": "407444", "unit": "habitants", "label": "population municipale",
            "territory": "Landes", "year": None, "source": "INSEE",
            "source_url": "https://www.insee.fr/",
        }


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
        description = _("A link to a file, with its format and size.")

    def get_preview_value(self):
        """The latest uploaded document, if any, for the block picker's preview (the
        block renders nothing without one)."""
        document = get_document_model().objects.order_by("-pk").first()
        return self.normalize({"document": document, "title": ""})


class KeyFigureItemBlock(blocks.StructBlock):
    """One figure of a :class:`KeyFiguresBlock` grid.

    Fields as :class:`KeyFigureBlock` (``value``, ``unit``, ``label``, ``territory``,
    ``year``, ``source``, ``source_url``), plus the optional comparisons
    ``departement_value`` and ``france_value`` (Decimal, same unit) and the optional
    earlier value ``previous_value`` (Decimal) of year ``previous_year`` (int), from
    which the trend is written out (:meth:`KeyFigureValue.trend`).
    """

    value = FrenchDecimalBlock(label=_("Value"), max_digits=15, decimal_places=2)
    unit = blocks.CharBlock(label=_("Unit"), required=False, max_length=40)
    label = blocks.CharBlock(label=_("Label"), max_length=200)
    territory = blocks.CharBlock(label=_("Territory"), required=False, max_length=150)
    year = blocks.IntegerBlock(label=_("Year"), required=False, min_value=1800, max_value=2100)
    source = blocks.CharBlock(label=_("Source"), max_length=255)
    source_url = blocks.URLBlock(label=_("Source link"), required=False)
    departement_value = FrenchDecimalBlock(
        label=_("Value for the département"), required=False, max_digits=15, decimal_places=2)
    france_value = FrenchDecimalBlock(
        label=_("Value for France"), required=False, max_digits=15, decimal_places=2)
    previous_value = FrenchDecimalBlock(
        label=_("Earlier value"), required=False, max_digits=15, decimal_places=2,
        help_text=_("To show the change since an earlier year."))
    previous_year = blocks.IntegerBlock(
        label=_("Year of the earlier value"), required=False, min_value=1800, max_value=2100)

    class Meta:
        icon = "order"
        label = _("Key figure")
        value_class = KeyFigureValue


#: Preview of a key-figures grid in the block picker (illustrative figures).
KEY_FIGURES_PREVIEW = {
    "title": "Chiffres clés",
    "figures": [
        {"value": "407444", "unit": "habitants", "label": "population municipale",
         "territory": "Landes", "year": None, "source": "INSEE",
         "source_url": "https://www.insee.fr/", "previous_value": "397226",
         "previous_year": 2015},
        {"value": "12.5", "unit": "%", "label": "taux de pauvreté", "territory": "Landes",
         "year": 2021, "source": "INSEE, Filosofi", "source_url": "",
         "france_value": "14.5"},
    ],
}


class KeyFiguresBlock(blocks.StructBlock):
    """A grid of key figures (one column on a phone, more on wide screens).

    Fields: ``title`` (optional), ``figures`` (list of :class:`KeyFigureItemBlock`).
    Each figure is drawn by ``templates/diagnostic/includes/key_figure.html``, the
    partial of the single :class:`KeyFigureBlock` too. The grid's figures are also a
    :class:`diagnostic.data_tables.DataTable` (:meth:`get_table`), served as CSV.
    """

    title = blocks.CharBlock(label=_("Title"), required=False, max_length=255)
    figures = blocks.ListBlock(KeyFigureItemBlock(), label=_("Figures"), min_num=1)

    class Meta:
        icon = "table"
        template = "diagnostic/blocks/key_figures.html"
        label = _("Key figures")
        description = _("A grid of figures, with comparisons and trends, downloadable as CSV.")
        preview_value = KEY_FIGURES_PREVIEW

    def get_table(self, value):
        """The figures as a table (one row per figure).

        Input: the block's value. Output: :class:`DataTable` whose row label is "label
        (unit) – territory, year" (plus the earlier value's year when given), with
        columns value, département, France and earlier value (missing cells when not
        given); the figures' distinct sources joined by "; ". None when there is no
        figure.
        """
        figures = list(value.get("figures") or [])
        if not figures:
            return None

        def cell(number):
            return MISSING_CELL if number is None else Cell.number(number)

        rows = []
        for figure in figures:
            label = figure.get("label") or ""
            if figure.get("unit"):
                label = f"{label} ({figure['unit']})"
            label = f"{label} – {figure.scope_text()}"
            if figure.get("previous_value") is not None and figure.get("previous_year"):
                label += " " + gettext("(earlier value: %(year)s)") % {
                    "year": figure["previous_year"]}
            rows.append(Row(label, [cell(figure.get("value")),
                                    cell(figure.get("departement_value")),
                                    cell(figure.get("france_value")),
                                    cell(figure.get("previous_value"))]))
        sources = list(dict.fromkeys(f.get("source") for f in figures if f.get("source")))
        urls = list(dict.fromkeys(f.get("source_url") for f in figures if f.get("source_url")))
        return DataTable(
            caption=value.get("title") or gettext("Key figures"),
            row_header=gettext("Figure"),
            columns=[gettext("Value"), settings.PORTAL_DEPARTEMENT_NAME, "France",
                     gettext("Earlier value")],
            rows=rows,
            source="; ".join(sources),
            source_url=urls[0] if len(urls) == 1 else "",
        )


class SourceNoteBlock(blocks.StructBlock):
    """A small "Source :" note under a figure or a paragraph.

    Fields: ``text`` (the source, e.g. "INSEE, recensement de la population 2021"),
    ``url`` (optional link to it).
    """

    text = blocks.CharBlock(label=_("Source"), max_length=500)
    url = blocks.URLBlock(label=_("Source link"), required=False)

    class Meta:
        icon = "link"
        template = "diagnostic/blocks/source_note.html"
        label = _("Source note")
        description = _("A short note naming the source of what precedes it.")
        preview_value = {"text": "INSEE, recensement de la population",
                         "url": "https://www.insee.fr/"}


def with_preview(block, value, description):
    """``block`` (a Block) with a block-picker preview value and description set on its
    options after construction, so that its migration state (its constructor arguments)
    does not change. Output: the same block."""
    block.meta.preview_value = value
    block.meta.description = description
    return block


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
        description = _("A map of an indicator by commune or EPCI, with its data table.")

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
    chart, data table, document, quote, key-figures grid, source note."""

    # Wagtail 8's RichTextBlock honours WAGTAILAPI_RICH_TEXT_FORMAT ("html" here) and
    # ?rich_text_format= in API v2, so API clients get usable hrefs.
    paragraph = with_preview(
        paragraph_block(),
        "<p>Les Landes comptent 327 communes, regroupées en 18 intercommunalités.</p>",
        _("Text with bold, italic, links and lists."))
    heading = HeadingBlock()
    key_figure = KeyFigureBlock()
    choropleth = ChoroplethBlock()
    chart = ChartBlock()
    table = DataTableBlock()
    document = DocumentBlock()
    quote = QuoteBlock()
    key_figures = KeyFiguresBlock()
    source_note = SourceNoteBlock()
