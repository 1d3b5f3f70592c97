"""Tables typed or pasted by staff from a spreadsheet (Excel, LibreOffice) or a word
processor (Word), read into a :class:`diagnostic.data_tables.DataTable`.

What a paste looks like and how it is read:

- cells separated by tabs (what spreadsheets and Word tables put on the clipboard) or
  by semicolons (French CSV); tabs win when the text has any;
- lines ended by CRLF, CR or LF; blank lines are skipped; empty cells at the end of a
  line (spreadsheets add them) are dropped; a cell wrapped in double quotes loses them;
- the first line is the header: its first cell names the labels' column (e.g.
  "Commune"), the others name the series (e.g. "2015", "2021");
- the first cell of every other line is its label, the others its values;
- numbers in French ("12,5", "1 234,5" with a space, a no-break space U+00A0 or a
  narrow no-break space U+202F between thousands, "1.234,5") or English ("1234.5",
  "1,234.5") writing, an optional sign ("-", "−", "+") and "%" suffix (dropped: the
  unit is stated once, in the block); a single dot is a decimal point ("1.5"), several
  dots group thousands ("1.234.567");
- INSEE's confidentiality markers "s", "secret" and "nd" (any case) make a secret cell;
  an empty cell, "-", "–", "—", "n/a" or "n.d." (what the site's tables show) a missing one.

Anything else raises :class:`PastedTableError` with a French message naming the line.
"""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .data_tables import MISSING_CELL, SECRET_CELL, Cell, DataTable, Row

#: Limits of a pasted table: the 327 communes of the Landes and a few reference rows
#: fit; more would be a mistaken paste.
MAX_CHARS = 200_000
MAX_ROWS = 400
MAX_SERIES = 20
MAX_LABEL = 200
#: Largest magnitude accepted (the indicators' DecimalField holds 14 integer digits).
MAX_ABS = Decimal("1e14")

SECRET_MARKERS = frozenset({"s", "secret", "nd"})
MISSING_MARKERS = frozenset({"", "-", "–", "—", "n/a", "n.d."})
#: Spaces a spreadsheet or word processor puts between thousands.
_SPACES_RE = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")
_NUMBER_RE = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_LINES_RE = re.compile(r"\r\n|\r|\n")


class PastedTableError(ValueError):
    """A pasted table that cannot be read. ``message`` (str) is the French sentence shown
    to staff, e.g. "ligne 3 : « abc » n'est pas un nombre."; ``line`` (int or None) the
    1-based line of the pasted text it is about."""

    def __init__(self, message, line=None):
        super().__init__(message)
        self.message = message
        self.line = line


def _line_error(line, message):
    return PastedTableError(_("line %(line)s: %(reason)s") % {"line": line, "reason": message},
                            line)


def parse_cell(text, decimal_places=None):
    """One pasted cell as a :class:`Cell`.

    Input: ``text`` (str, stripped or not). Output: a number cell (Decimal value), the
    secret cell ("s", "secret", "nd", any case) or the missing cell (empty, "-", "–",
    "—", "n/a", "n.d."); ``decimal_places`` (int or None) is given to the number cell.
    Raises ValueError when the text is not a number, OverflowError when its magnitude
    reaches :data:`MAX_ABS`.
    """
    cleaned = _SPACES_RE.sub("", text).strip()
    lowered = cleaned.lower()
    if lowered in SECRET_MARKERS:
        return SECRET_CELL
    if lowered in MISSING_MARKERS:
        return MISSING_CELL
    cleaned = cleaned.removesuffix("%").replace("\u2212", "-")
    if "," in cleaned and "." in cleaned:
        if cleaned.rfind(",") > cleaned.rfind("."):  # 1.234,5
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:  # 1,234.5
            cleaned = cleaned.replace(",", "")
    elif "," in cleaned:
        if cleaned.count(",") > 1:
            raise ValueError(text)
        cleaned = cleaned.replace(",", ".")
    elif cleaned.count(".") > 1:
        if not re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+", cleaned):
            raise ValueError(text)
        cleaned = cleaned.replace(".", "")
    if not _NUMBER_RE.fullmatch(cleaned):
        raise ValueError(text)
    try:
        value = Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern above excludes it
        raise ValueError(text) from None
    if abs(value) >= MAX_ABS:
        raise OverflowError(text)
    return Cell.number(value, decimal_places)


def _records(text, separator):
    """The paste's records: list of (number of its first line, text).

    A spreadsheet copies a cell holding a line break between double quotes (Excel,
    LibreOffice: ``"Saint-Sever⏎(ville)"``); such a line break is part of the cell and
    becomes a space, so the cell never turns into two rows. A quote opens a cell only at
    the start of a line or after ``separator``; ``""`` inside it is a quote. When a
    quote is never closed, the quotes are taken as plain text and every line is a
    record.
    """
    records, current, start, number = [], [], 1, 1
    in_quotes, cell_start, index, size = False, True, 0, len(text)
    while index < size:
        char = text[index]
        newline = char in "\r\n"
        if newline and char == "\r" and text[index + 1:index + 2] == "\n":
            index += 1
        if in_quotes:
            if char == '"' and text[index + 1:index + 2] == '"':
                current.append('""')
                index += 2
                continue
            if char == '"':
                in_quotes = False
            current.append(" " if newline else char)
            number += newline
        elif newline:
            records.append((start, "".join(current)))
            current, number, cell_start = [], number + 1, True
            start = number
        else:
            in_quotes = char == '"' and cell_start
            current.append(char)
            cell_start = char == separator
        index += 1
    if in_quotes:  # an unclosed quote: plain text, one record per line
        return list(enumerate(_LINES_RE.split(text), start=1))
    records.append((start, "".join(current)))
    return records


def _split(line, separator):
    cells = []
    for cell in line.split(separator):
        cell = cell.strip()
        if len(cell) >= 2 and cell[0] == cell[-1] == '"':
            cell = cell[1:-1].replace('""', '"').strip()
        cells.append(cell)
    while cells and not cells[-1]:
        cells.pop()
    return cells


def parse_pasted_table(text, caption="", source="", source_url="", year=None):
    """Read a pasted table (see the module's docstring for what is accepted).

    Inputs: ``text`` (str, the paste); ``caption``, ``source``, ``source_url`` (str) and
    ``year`` (int or None) are copied to the table. Output: a
    :class:`diagnostic.data_tables.DataTable` whose ``row_header`` is the first header
    cell, ``columns`` the other header cells (the series), ``rows`` one :class:`Row`
    per data line (label, one Cell per series, code ""). Raises
    :class:`PastedTableError` (a ValueError) for an empty or too long paste, a header
    with fewer than two columns or more than :data:`MAX_SERIES` series, an untitled
    series, no data line, more than :data:`MAX_ROWS` lines, a line with more cells than
    the header, an empty label, or a value that is not a number; its message names the
    line.
    """
    text = text or ""
    if len(text) > MAX_CHARS:
        raise PastedTableError(
            _("The table is longer than %(max)s characters.") % {"max": f"{MAX_CHARS:,}"})
    separator = "\t" if "\t" in text else ";"
    lines = [(number, line) for number, line in _records(text, separator)
             if line.strip().strip("\t;")]
    if not lines:
        raise PastedTableError(_("The table is empty."))
    header_line, header_text = lines[0]
    header = _split(header_text, separator)
    if len(header) < 2:
        raise _line_error(header_line, _(
            "a table needs at least two columns (labels, then values), separated by tabs "
            "or semicolons."))
    series = header[1:]
    if len(series) > MAX_SERIES:
        raise _line_error(header_line, _("more than %(max)s value columns.")
                          % {"max": MAX_SERIES})
    for index, name in enumerate(series, start=2):
        if not name:
            raise _line_error(header_line, _("column %(column)s has no title.")
                              % {"column": index})
        if len(name) > MAX_LABEL:
            raise _line_error(header_line, _("column %(column)s has a title longer than "
                                             "%(max)s characters.")
                              % {"column": index, "max": MAX_LABEL})
    data = lines[1:]
    if not data:
        raise _line_error(header_line, _("the header line is not followed by any data line."))
    if len(data) > MAX_ROWS:
        raise _line_error(data[MAX_ROWS][0], _("more than %(max)s data lines.")
                          % {"max": MAX_ROWS})
    rows = []
    for number, line in data:
        cells = _split(line, separator)
        if len(cells) > len(header):
            raise _line_error(number, _("%(count)s cells, but the header line has "
                                        "%(columns)s.")
                              % {"count": len(cells), "columns": len(header)})
        cells += [""] * (len(header) - len(cells))
        label = cells[0]
        if not label:
            raise _line_error(number, _("the first cell (the label) is empty."))
        if len(label) > MAX_LABEL:
            raise _line_error(number, _("the label is longer than %(max)s characters.")
                              % {"max": MAX_LABEL})
        values = []
        for cell in cells[1:]:
            try:
                values.append(parse_cell(cell))
            except OverflowError:
                raise _line_error(number, _("“%(text)s” is too large a number.")
                                  % {"text": cell[:40]}) from None
            except ValueError:
                raise _line_error(number, _("“%(text)s” is not a number.")
                                  % {"text": cell[:40]}) from None
        rows.append(Row(label, values))
    return DataTable(
        caption=caption, row_header=header[0], columns=series, rows=rows, source=source,
        source_url=source_url, year=year,
    )
