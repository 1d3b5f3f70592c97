"""CSV text that spreadsheets open safely, shared by every CSV the portal serves.

Rules: UTF-8 with a byte-order mark first (Excel then reads UTF-8), CRLF line ends
(RFC 4180), and the formula guard of OWASP's "CSV injection" advice: a text cell that
starts with ``=``, ``+``, ``-``, ``@``, tab or CR gets a leading apostrophe, so that a
spreadsheet shows it instead of running it. Numbers (int, float, Decimal) are written as
numbers, a negative one included.
"""

import csv
import io
from decimal import Decimal

#: First characters that make a spreadsheet read a CSV cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """A CSV cell (str) that spreadsheets cannot run as a formula: a leading apostrophe
    before ``=``, ``+``, ``-``, ``@``, tab or CR (OWASP). Numbers (int, float, Decimal;
    not bool) pass unchanged as their digits, "-3.5" included."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_text(rows, delimiter=","):
    """A small table as one CSV text (str): the UTF-8 BOM first, ``delimiter`` between
    cells, CRLF line ends, every cell through the formula guard (:func:`csv_safe`; None
    becomes an empty cell). ``rows``: iterable of lists, the header included. Large
    tables stream instead (the committee's answer exports)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=delimiter)
    for row in rows:
        writer.writerow(["" if cell is None else csv_safe(cell) for cell in row])
    return buffer.getvalue()
