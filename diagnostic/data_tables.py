"""The data table behind every chart, map and table block of the diagnostic.

A block that shows figures builds one :class:`DataTable`; the same object renders the
HTML table next to the chart or map (``templates/diagnostic/includes/data_table.html``)
and the CSV download (:meth:`DataTable.csv_rows`, served by
:func:`diagnostic.views.block_csv`), so the two can never differ. Labels and values are
plain text: templates escape them, the CSV carries them as cells.

A cell is a :class:`Cell`: a number (Decimal), missing, or secret (statistical
confidentiality, shown as "secret", never as 0 or blank).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from portal.numbers import format_number

NUMBER, MISSING, SECRET = "number", "missing", "secret"

__all__ = [
    "MISSING", "MISSING_CELL", "NUMBER", "SECRET", "SECRET_CELL", "Cell", "DataTable", "Row",
    "format_number",
]


@dataclass(frozen=True)
class Cell:
    """One figure: ``status`` is ``NUMBER`` (then ``value`` is a Decimal), ``MISSING``
    or ``SECRET``; ``decimal_places`` (int or None) says how to show it."""

    status: str
    value: Decimal | None = None
    decimal_places: int | None = None

    @classmethod
    def number(cls, value, decimal_places=None):
        """A cell holding ``value`` (Decimal, int, float or numeric str)."""
        return cls(NUMBER, Decimal(str(value)), decimal_places)

    @property
    def text(self):
        """What a reader sees (str): the number in French format, "secret" or "–"
        (missing, read out by screen readers as "non disponible" through the table's
        note)."""
        if self.status == NUMBER:
            return format_number(self.value, self.decimal_places)
        if self.status == SECRET:
            return _("secret")
        return _("n/a")

    @property
    def csv_value(self):
        """The CSV cell: the number with a dot as decimal separator and no grouping
        (Decimal, e.g. ``Decimal("12.5")``), the word "secret", or "" when missing."""
        if self.status == NUMBER:
            value = self.value
            if self.decimal_places is not None:
                value = value.quantize(Decimal(1).scaleb(-self.decimal_places))
            elif value == value.to_integral_value():
                value = value.quantize(Decimal(1))
            else:
                value = value.normalize()
            return value
        if self.status == SECRET:
            return "secret"
        return ""


MISSING_CELL = Cell(MISSING)
SECRET_CELL = Cell(SECRET)


@dataclass
class Row:
    """One line of a :class:`DataTable`: ``label`` (str, the row header, e.g. a commune's
    name), ``cells`` (list of :class:`Cell`, one per value column) and ``code`` (str,
    the territory code when the row is a territory, else "")."""

    label: str
    cells: list
    code: str = ""


@dataclass
class DataTable:
    """A table of figures with its caption and source.

    Fields: ``caption`` (str); ``row_header`` (str, the first column's title, e.g.
    "Commune"); ``columns`` (list of str, the value columns' titles, units included,
    e.g. ["Population (habitants)"]); ``rows`` (list of :class:`Row`); ``source`` (str),
    ``source_url`` (str), ``year`` (int or None); ``code_header`` (str: when set, the
    CSV gets a first column of territory codes under this title, e.g. "Code INSEE").
    """

    caption: str
    row_header: str
    columns: list
    rows: list = field(default_factory=list)
    source: str = ""
    source_url: str = ""
    year: int | None = None
    code_header: str = ""

    @property
    def has_secret(self):
        """True when any cell is secret (the table then explains the word)."""
        return any(cell.status == SECRET for row in self.rows for cell in row.cells)

    @property
    def has_missing(self):
        """True when any cell is missing."""
        return any(cell.status == MISSING for row in self.rows for cell in row.cells)

    def body_html(self, sortable=False):
        """The table's ``<tbody>`` rows as HTML (SafeString; every label, code and value
        escaped): per row, the code cell when ``code_header`` is set, the label as
        ``<th scope="row">`` (RGAA 5.7), then one ``<td class="num">`` per cell with its
        :attr:`Cell.text`. With ``sortable``, each value cell carries ``data-value``,
        its :attr:`Cell.csv_value` (dot decimal, "secret" or empty), which the sorting
        script reads. Built in Python rather than in a template loop: a map of 327
        communes is a table of a thousand cells."""
        lines = []
        for row in self.rows:
            parts = ["<tr>"]
            if self.code_header:
                parts.append(f"<td>{escape(row.code)}</td>")
            parts.append(f'<th scope="row">{escape(row.label)}</th>')
            for cell in row.cells:
                if sortable:
                    parts.append(f'<td class="num" data-value="{escape(cell.csv_value)}">'
                                 f"{escape(cell.text)}</td>")
                else:
                    parts.append(f'<td class="num">{escape(cell.text)}</td>')
            parts.append("</tr>")
            lines.append("".join(parts))
        return mark_safe("\n".join(lines))

    def csv_rows(self):
        """The table as CSV rows (list of lists): the header line, then one line per row
        (its code first when ``code_header`` is set, then its label, then each cell's
        :attr:`Cell.csv_value`). Feed it to :func:`portal.csv_files.csv_text`."""
        header = ([self.code_header] if self.code_header else []) + [self.row_header, *self.columns]
        lines = [header]
        for row in self.rows:
            start = [row.code] if self.code_header else []
            lines.append(start + [row.label] + [cell.csv_value for cell in row.cells])
        return lines
