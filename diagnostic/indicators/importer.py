"""Import of indicators from a spreadsheet (CSV or XLSX): read, check, then store.

No request object here: the admin views (``views.py``) call :func:`read_table`,
:func:`parse_table`, :func:`to_payload` / :func:`from_payload` and :func:`save_import`.

File shape (one sheet, one header row):

- first column: the territory's code, INSEE commune code (5 characters) in a commune file,
  SIREN (9 digits) in an EPCI file;
- optional second column of names, recognised by its header ("nom", "libellé",
  "commune", "epci", "territoire"); ignored for matching (codes only);
- every further column is one indicator; its header is the indicator's name, with its
  unit in final parentheses when given ("Taux de pauvreté (%)").
- rows with code "40" (the département, ``settings.PORTAL_DEPARTEMENT``) and "FR" or
  "France" give the reference values stored on the indicator.

Cells: decimal comma or point, thousands separated by spaces, no-break spaces (U+00A0)
or narrow no-break spaces (U+202F); an empty cell is a missing value; "s", "secret" and
"nd" (any case) are INSEE's markers of a figure withheld for statistical
confidentiality (secret). Codes are read with :func:`portal.insee.parse_insee_code`
(1001 read from a spreadsheet is "01001", "40192.0" is "40192") and looked up among
INSEE codes only, never postal codes.

A code of a former commune (merged into a current commune: INSEE COG communes
déléguées and associées, ``portal.reference.former_communes``) is taken for its current
commune with a warning, unless the file also has a line for that commune (or another
former commune of it): values of different territories cannot be added up safely (rates),
so that line is refused.

All or nothing: any problem in any line gives a list of errors (line number and reason)
and nothing is stored.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils.translation import gettext as _

from portal.insee import InvalidInseeCode, parse_insee_code

from ..data_tables import MISSING, SECRET
from ..pasted_tables import parse_cell
from .models import Indicator, IndicatorValue, Level, ValueStatus

#: Largest file accepted, in bytes.
MAX_FILE_SIZE = 5 * 1024 * 1024
#: Most data rows and indicator columns read from one file.
MAX_ROWS = 20_000
MAX_INDICATOR_COLUMNS = 100
#: Largest signed payload accepted back from the preview form, in characters.
MAX_PAYLOAD_CHARS = 3 * 1024 * 1024
#: How long a preview can be confirmed, in seconds.
PAYLOAD_MAX_AGE = 2 * 60 * 60
PAYLOAD_SALT = "diagnostic.indicators.import"

#: Headers of an optional second column of territory names (lower case, no accents).
NAME_HEADERS = {"nom", "libelle", "commune", "communes", "epci", "territoire", "nom commune",
                "nom de la commune", "nom epci", "libelle commune", "libelle epci"}
FRANCE_CODES = {"FR", "FRANCE"}
#: Greatest absolute value an IndicatorValue holds (18 digits, 4 decimals).
MAX_ABS_VALUE = Decimal(10) ** 14
FOUR_PLACES = Decimal("0.0001")
SIREN_RE = re.compile(r"^\d{9}$")
HEADER_UNIT_RE = re.compile(r"^(.*\S)\s*\(([^()]*)\)$")


class ImportFileError(ValueError):
    """The file cannot be read at all (size, format, encoding); ``str(exc)`` is a
    translated message for the person importing."""


@dataclass(frozen=True)
class ImportOptions:
    """What the form says about the file: ``level`` (:class:`Level`, commune or EPCI),
    ``source`` (str), ``year`` (int or None), ``source_url`` (str), ``unit`` (str,
    default unit of every column whose header gives none), ``decimal_places`` (0-4)."""

    level: str
    source: str
    year: int | None = None
    source_url: str = ""
    unit: str = ""
    decimal_places: int = 0


@dataclass(frozen=True)
class Problem:
    """One error or warning: ``line`` (int, 1 = header row; None for the whole file) and
    ``message`` (translated str)."""

    line: int | None
    message: str


@dataclass
class ParsedIndicator:
    """One column of the file: ``name``, ``unit``, ``values`` (dict code -> (status,
    Decimal or None)), ``departement_value`` and ``france_value`` (Decimal or None)."""

    name: str
    unit: str
    values: dict = field(default_factory=dict)
    departement_value: Decimal | None = None
    france_value: Decimal | None = None

    def count(self, status):
        """Number of values of the given :class:`ValueStatus` (int)."""
        return sum(1 for value_status, _value in self.values.values() if value_status == status)


@dataclass
class ParsedImport:
    """Result of :func:`parse_table`: the ``options``, ``indicators`` (list of
    :class:`ParsedIndicator`), ``codes`` (territory codes with a line, in file order),
    ``names`` (dict code -> territory name), ``errors`` and ``warnings`` (lists of
    :class:`Problem`). Importable only when ``errors`` is empty."""

    options: ImportOptions
    indicators: list = field(default_factory=list)
    codes: list = field(default_factory=list)
    names: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


# -- Reading the file -------------------------------------------------------------------

def read_table(content, filename):
    """The cells of the file's first sheet.

    Inputs: ``content`` (bytes), ``filename`` (str; ".xlsx" means an Excel workbook,
    anything else is read as CSV). Output: list of ``(line number, cells)`` with
    ``cells`` a list of str, int, float or None; fully empty lines are left out.
    CSV: UTF-8 with or without BOM, else Windows-1252; separator ";", tab or ","
    (the most frequent one in the header line). XLSX: read with openpyxl (read-only,
    values not formulas). Raises :class:`ImportFileError` when the file is too big,
    empty or unreadable.
    """
    if len(content) > MAX_FILE_SIZE:
        raise ImportFileError(file_too_big_message())
    if not content.strip():
        raise ImportFileError(_("The file is empty."))
    if filename.lower().endswith(".xlsx"):
        rows = _read_xlsx(content)
    elif filename.lower().endswith((".xls", ".ods")):
        raise ImportFileError(_("Save the file as CSV or XLSX (Excel 2007 or later)."))
    else:
        rows = _read_csv(content)
    kept = [(number, cells) for number, cells in rows if any(_text(cell) for cell in cells)]
    if len(kept) > MAX_ROWS + 1:
        raise ImportFileError(_("The file has more than %(count)s lines.") % {"count": MAX_ROWS})
    if not kept:
        raise ImportFileError(_("The file is empty."))
    return kept


def file_too_big_message():
    """The translated message for a file over :data:`MAX_FILE_SIZE` (str)."""
    return _("The file is too big: %(size)s MB at most.") % {"size": MAX_FILE_SIZE // (1024 * 1024)}


def _read_csv(content):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise ImportFileError(_("This file is not a CSV text file: save it as CSV or XLSX."))
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    counts = {sep: first_line.count(sep) for sep in (";", "\t", ",")}
    delimiter = max(counts, key=lambda sep: counts[sep]) if any(counts.values()) else ";"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        raise ImportFileError(
            _("Line %(line)s cannot be read: %(reason)s") % {"line": reader.line_num, "reason": exc}
        ) from exc


def _read_xlsx(content):
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ImportFileError(_("This file is not a readable XLSX workbook.")) from exc
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("The file is empty."))
        rows = []
        for number, row in enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1):
            if number > MAX_ROWS + 1000:
                break
            rows.append((number, list(row)))
        return rows
    finally:
        workbook.close()


# -- Cells -----------------------------------------------------------------------------

def _text(cell):
    """A cell as stripped text ("" for None)."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _folded(text):
    from portal.communes import folded

    return " ".join(folded(text).split())


def parse_value(cell):
    """One cell of an indicator column.

    Input: str, int, float or None. Output: ``(status, Decimal or None)`` with status a
    :class:`ValueStatus`: missing for an empty cell, secret for "s"/"secret"/"nd", else
    a number rounded to 4 decimals. A text cell is read by the pasted tables' reader
    (:func:`diagnostic.pasted_tables.parse_cell`): "12,5", "1 234" with spaces, U+00A0
    or U+202F between thousands, "1.234,5", "-3.2" or "−3,2" (Unicode minus), "12,5 %";
    "-", "n/a" and "n.d." are missing. Raises ValueError (translated message) for text
    that is not a number or a number too large to store.
    """
    if cell is None:
        return ValueStatus.MISSING, None
    if isinstance(cell, bool):
        raise ValueError(_("%(value)s is not a number") % {"value": cell})
    if isinstance(cell, int | float):
        text = repr(cell) if isinstance(cell, float) else str(cell)
    else:
        raw = str(cell).strip()
        try:
            read = parse_cell(raw)
        except OverflowError:
            raise ValueError(_("“%(value)s” is too large") % {"value": raw}) from None
        except ValueError:
            raise ValueError(_("“%(value)s” is not a number") % {"value": raw}) from None
        if read.status == SECRET:
            return ValueStatus.SECRET, None
        if read.status == MISSING:
            return ValueStatus.MISSING, None
        text = str(read.value)
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(_("“%(value)s” is not a number") % {"value": cell}) from exc
    if not number.is_finite() or abs(number) >= MAX_ABS_VALUE:
        raise ValueError(_("“%(value)s” is too large") % {"value": cell})
    return ValueStatus.NUMBER, number.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def parse_header(text, default_unit):
    """An indicator column's header. Output: ``(name, unit)``: "Taux (%)" gives
    ("Taux", "%"); without final parentheses the unit is ``default_unit``."""
    match = HEADER_UNIT_RE.match(text)
    if match:
        return match.group(1).strip(), match.group(2).strip()
    return text, default_unit


# -- Territories -----------------------------------------------------------------------

def known_territories(level):
    """The territories an import may name, from the database.

    Input: ``level`` (commune or EPCI). Output: dict code -> name: the INSEE codes of the
    communes of ``settings.PORTAL_DEPARTEMENT`` (``portal.models.Commune.insee_code``,
    never postal codes), or the SIREN codes of the EPCI (``portal.models.EPCI``).
    """
    from ..indicator_tables import territories

    return dict(territories(level))


def _reference_code(text):
    """"40" (the département) or "FR" when ``text`` names a reference row, else None."""
    upper = text.upper()
    if upper == settings.PORTAL_DEPARTEMENT or upper == f"{settings.PORTAL_DEPARTEMENT}.0":
        return settings.PORTAL_DEPARTEMENT
    if upper in FRANCE_CODES:
        return "FR"
    return None


def _territory_code(cell, level):
    """The code of a data row at ``level``. Output: normalised code (str). Raises
    ValueError (translated) for an empty cell, a malformed code or a code of the other
    level."""
    text = _text(cell)
    if not text:
        raise ValueError(_("the code is empty"))
    siren_like = SIREN_RE.match(text.removesuffix(".0"))
    if level == Level.EPCI:
        if siren_like:
            return text.removesuffix(".0")
        try:
            code = parse_insee_code(cell)
        except InvalidInseeCode:
            raise ValueError(
                _("“%(code)s” is not a SIREN code (9 digits)") % {"code": text}
            ) from None
        raise ValueError(
            _("“%(code)s” is a commune code, in an EPCI file") % {"code": code}
        )
    if siren_like:
        raise ValueError(_("“%(code)s” is an EPCI code (SIREN), in a commune file") % {"code": text})
    try:
        return parse_insee_code(cell)
    except InvalidInseeCode:
        raise ValueError(
            _("“%(code)s” is not an INSEE commune code (5 characters)") % {"code": text}
        ) from None


# -- Parsing ---------------------------------------------------------------------------

def parse_table(rows, options, territories=None, former=None):
    """Check a file's rows and read its indicators.

    Inputs: ``rows`` from :func:`read_table`; ``options`` (:class:`ImportOptions`);
    ``territories`` (dict code -> name, default :func:`known_territories`);
    ``former`` (dict former INSEE code -> {"code", "name", "current_code"}, default
    ``portal.reference.former_communes()`` for communes, none for EPCI).
    Output: :class:`ParsedImport`; every bad line is in its ``errors`` with its line
    number, never dropped.
    """
    from portal.reference import former_communes

    result = ParsedImport(options=options)
    if territories is None:
        territories = known_territories(options.level)
    if former is None:
        former = former_communes() if options.level == Level.COMMUNE else {}
    error = lambda line, message: result.errors.append(Problem(line, message))  # noqa: E731

    header_line, header = rows[0]
    header = [_text(cell) for cell in header]
    while header and not header[-1]:
        header.pop()
    first_value_column = 1
    if len(header) > 1 and _folded(header[1]) in NAME_HEADERS:
        first_value_column = 2
    columns = []
    seen_names = {}
    for index in range(first_value_column, len(header)):
        if not header[index]:
            error(header_line, _("Column %(column)s has no header: give the indicator's name.")
                  % {"column": index + 1})
            continue
        name, unit = parse_header(header[index], options.unit)
        if len(name) > 255 or len(unit) > 40:
            error(header_line, _("Column %(column)s: the name (255 characters) or the unit "
                                 "(40 characters) is too long.") % {"column": index + 1})
            continue
        if name.casefold() in seen_names:
            error(header_line, _("Columns %(first)s and %(column)s have the same name “%(name)s”.")
                  % {"first": seen_names[name.casefold()], "column": index + 1, "name": name})
            continue
        seen_names[name.casefold()] = index + 1
        columns.append((index, ParsedIndicator(name=name, unit=unit)))
    if not columns and not result.errors:
        error(header_line, _("No indicator column: after the code column (and the optional "
                             "name column), each column is one indicator."))
    if len(columns) > MAX_INDICATOR_COLUMNS:
        error(header_line, _("More than %(count)s indicator columns.") % {"count": MAX_INDICATOR_COLUMNS})
    if len(rows) < 2:
        error(None, _("The file has a header row but no data line."))
    result.indicators = [indicator for _index, indicator in columns]

    line_of = {}          # code (after mapping) -> line number
    mapped_from = {}      # current code -> (former code, line) when taken from a former code
    for line, cells in rows[1:]:
        cells = list(cells)
        extra = [cell for cell in cells[len(header):] if _text(cell)]
        if extra:
            error(line, _("This line has values beyond the last named column."))
            continue
        reference = _reference_code(_text(cells[0]) if cells else "")
        if reference:
            code = reference
        else:
            try:
                code = _territory_code(cells[0] if cells else None, options.level)
            except ValueError as exc:
                error(line, str(exc))
                continue
        label = code
        if reference is None and code not in territories:
            if code in former:
                old = former[code]
                current = old["current_code"]
                current_name = territories.get(current, current)
                if current in line_of:
                    error(line, _(
                        "%(code)s (%(name)s) merged into %(current_name)s (%(current)s), which "
                        "already has a value in this file (line %(other)s): values of different territories "
                        "cannot be added up safely. Keep one line for %(current)s."
                    ) % {"code": code, "name": old["name"], "current_name": current_name,
                         "current": current, "other": line_of[current]})
                    continue
                result.warnings.append(Problem(line, _(
                    "%(code)s (%(name)s) merged into %(current_name)s (%(current)s): value "
                    "taken for %(current)s."
                ) % {"code": code, "name": old["name"], "current_name": current_name,
                     "current": current}))
                mapped_from[current] = (code, old["name"], line)
                label, code = f"{code} → {current}", current
            else:
                if options.level == Level.EPCI:
                    message = _("Unknown code “%(code)s”: no EPCI of the département has it.")
                else:
                    message = _("Unknown code “%(code)s”: no commune of the département has "
                                "this INSEE code.")
                error(line, message % {"code": code})
                continue
        if code in line_of:
            if code in mapped_from and mapped_from[code][2] == line_of[code]:
                former_code, former_name, former_line = mapped_from[code]
                error(line, _(
                    "%(code)s has a line, and so has its former commune %(former)s "
                    "(%(former_name)s) on line %(other)s: values of different territories "
                    "cannot be added up safely. Keep one line for %(code)s."
                ) % {"code": code, "former": former_code, "former_name": former_name,
                     "other": former_line})
            else:
                error(line, _("Code %(code)s is already on line %(other)s.")
                      % {"code": code, "other": line_of[code]})
            continue
        line_of[code] = line
        line_ok = True
        parsed = []
        for index, indicator in columns:
            cell = cells[index] if index < len(cells) else None
            try:
                parsed.append((indicator, parse_value(cell)))
            except ValueError as exc:
                error(line, _("Column “%(name)s”: %(reason)s.") % {"name": indicator.name, "reason": exc})
                line_ok = False
        if not line_ok:
            continue
        for indicator, (status, value) in parsed:
            if code == settings.PORTAL_DEPARTEMENT and reference:
                indicator.departement_value = value
            elif code == "FR":
                indicator.france_value = value
            else:
                indicator.values[code] = (status, value)
        if not reference:
            result.codes.append(code)
            result.names[code] = territories.get(code, label)
    if result.ok and not result.codes:
        error(None, _("No line gives a territory of the département."))
    return result


def parse_file(content, filename, options, territories=None, former=None):
    """:func:`read_table` then :func:`parse_table`. Output: :class:`ParsedImport`
    (a file that cannot be read gives one error without a line number)."""
    try:
        rows = read_table(content, filename)
    except ImportFileError as exc:
        result = ParsedImport(options=options)
        result.errors.append(Problem(None, str(exc)))
        return result
    return parse_table(rows, options, territories=territories, former=former)


# -- Between preview and confirmation --------------------------------------------------

def to_payload(parsed, user_id):
    """A signed, compressed text holding a checked import, for the preview form.

    Inputs: ``parsed`` (:class:`ParsedImport` without errors), ``user_id`` (int: only
    that user can confirm it). Output: str (django.core.signing, salted, timestamped).
    """
    options = parsed.options
    data = {
        "user": user_id,
        "options": {
            "level": options.level, "source": options.source, "year": options.year,
            "source_url": options.source_url, "unit": options.unit,
            "decimal_places": options.decimal_places,
        },
        "indicators": [
            {
                "name": indicator.name,
                "unit": indicator.unit,
                "departement_value": _str_or_none(indicator.departement_value),
                "france_value": _str_or_none(indicator.france_value),
                "values": [
                    [code, status, _str_or_none(value)]
                    for code, (status, value) in indicator.values.items()
                ],
            }
            for indicator in parsed.indicators
        ],
    }
    return signing.dumps(data, salt=PAYLOAD_SALT, compress=True)


def _str_or_none(value):
    return None if value is None else str(value)


def _decimal_or_none(value):
    return None if value is None else Decimal(value)


class PayloadError(ValueError):
    """The preview's payload is expired, altered, too big or someone else's;
    ``str(exc)`` is a translated message."""


def from_payload(payload, user_id):
    """Read back :func:`to_payload`'s text. Output: :class:`ParsedImport` (names and
    warnings not kept). Raises :class:`PayloadError` when the text is too big, older
    than :data:`PAYLOAD_MAX_AGE`, altered, or signed for another user."""
    if not payload or len(payload) > MAX_PAYLOAD_CHARS:
        raise PayloadError(_("The checked file was not received: upload it again."))
    try:
        data = signing.loads(payload, salt=PAYLOAD_SALT, max_age=PAYLOAD_MAX_AGE)
    except signing.SignatureExpired:
        raise PayloadError(_("The preview has expired: upload the file again.")) from None
    except signing.BadSignature:
        raise PayloadError(_("The checked file was altered: upload it again.")) from None
    if data.get("user") != user_id:
        raise PayloadError(_("This preview was made by someone else: upload the file again."))
    options = ImportOptions(**data["options"])
    parsed = ParsedImport(options=options)
    for row in data["indicators"]:
        indicator = ParsedIndicator(
            name=row["name"], unit=row["unit"],
            departement_value=_decimal_or_none(row["departement_value"]),
            france_value=_decimal_or_none(row["france_value"]),
        )
        for code, status, value in row["values"]:
            indicator.values[code] = (status, _decimal_or_none(value))
            if code not in parsed.names:
                parsed.codes.append(code)
                parsed.names[code] = code
        parsed.indicators.append(indicator)
    return parsed


# -- Storing ---------------------------------------------------------------------------

def existing_indicator(indicator, options):
    """The stored indicator an import of ``indicator`` replaces: same name (exact),
    level and year (None matches an indicator without year). Output: :class:`Indicator`
    or None; the oldest one when several match."""
    return (
        Indicator.objects.filter(name=indicator.name, level=options.level, year=options.year)
        .order_by("pk").first()
    )


@transaction.atomic
def save_import(parsed):
    """Store a checked import in one transaction.

    Input: :class:`ParsedImport` without errors. Each column becomes an
    :class:`Indicator` (name, unit, level, year, source, link, decimals, reference
    values); when one with the same name, level and year exists, its unit, source, link,
    decimals and reference values are updated and its values replaced (definition,
    method and publication are kept). Output: list of ``(Indicator, created: bool)``.
    Raises ValueError when ``parsed`` has errors; any database error rolls back
    everything.
    """
    if not parsed.ok:
        raise ValueError("an import with errors cannot be saved")
    options = parsed.options
    saved = []
    for item in parsed.indicators:
        indicator = existing_indicator(item, options)
        created = indicator is None
        if created:
            indicator = Indicator(name=item.name, level=options.level, year=options.year)
        indicator.unit = item.unit
        indicator.source = options.source
        indicator.source_url = options.source_url
        indicator.decimal_places = options.decimal_places
        indicator.departement_value = item.departement_value
        indicator.france_value = item.france_value
        indicator.save()
        if not created:
            indicator.values.all().delete()
        IndicatorValue.objects.bulk_create([
            IndicatorValue(indicator=indicator, code=code, status=status, value=value)
            for code, (status, value) in item.values.items()
        ])
        saved.append((indicator, created))
    return saved
