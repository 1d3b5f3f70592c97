"""An indicator's values as a :class:`diagnostic.data_tables.DataTable`: one row per
territory of its level, then the département's and France's reference figures.

Territory names come from the reference data (``portal.models.Commune`` and ``EPCI``,
INSEE's Code officiel géographique); rows follow their French alphabetical order
(``sort_name``). A territory of the level without a value gets a missing cell, so a
commune never silently disappears from a table; a value whose code is not in the
reference data keeps its row, labelled by its code, after the others.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from portal.models import EPCI, Commune

from .data_tables import MISSING_CELL, SECRET_CELL, Cell, DataTable, Row
from .indicators.models import Level, ValueStatus

#: Code of France's row (the indicators' convention).
FRANCE_CODE = "FR"


def column_title(name, unit):
    """A value column's title with its unit: "Taux de pauvreté (%)"; the name alone
    when ``unit`` is empty or the name already ends with it in brackets."""
    if not unit or name.rstrip().endswith(f"({unit})"):
        return name
    return f"{name} ({unit})"


def _cell(stored, decimal_places):
    """The Cell of a stored ``(status, value)`` pair, or missing for None."""
    if stored is None:
        return MISSING_CELL
    status, value = stored
    if status == ValueStatus.SECRET:
        return SECRET_CELL
    if status == ValueStatus.MISSING or value is None:
        return MISSING_CELL
    return Cell.number(value, decimal_places)


def territories(level):
    """The reference territories of ``level``, in French alphabetical order of names.

    Input: a :class:`Level`. Output: list of (code, name): INSEE codes and names of the
    département's communes (``portal.models.Commune``, never postal codes), or SIREN
    codes and names of ``portal.models.EPCI``; empty for the département and France
    levels (their rows come from the values). One query.
    """
    if level == Level.COMMUNE:
        return list(
            Commune.objects.filter(insee_code__startswith=settings.PORTAL_DEPARTEMENT)
            .order_by("sort_name", "insee_code").values_list("insee_code", "name"))
    if level == Level.EPCI:
        return list(EPCI.objects.order_by("sort_name", "siren").values_list("siren", "name"))
    return []


def _headers(level):
    """(row header, code header) of a table of ``level``."""
    if level == Level.COMMUNE:
        return pgettext("table column", "Commune"), pgettext("table column", "INSEE code")
    if level == Level.EPCI:
        return pgettext("table column", "EPCI"), pgettext("table column", "SIREN code")
    return pgettext("table column", "Territory"), pgettext("table column", "Code")


def _reference_name(code):
    if code == settings.PORTAL_DEPARTEMENT:
        return settings.PORTAL_DEPARTEMENT_NAME
    if code == FRANCE_CODE:
        return _("France")
    return code


def indicator_table(indicator, caption="", unit=None, source="", source_url="", year=None,
                    references=True):
    """The table of ``indicator`` (a :class:`diagnostic.indicators.models.Indicator`).

    Inputs: ``caption`` (str, default the indicator's name); ``unit`` (str or None for
    the indicator's), ``source``, ``source_url`` (str, default the indicator's) and
    ``year`` (int or None, default the indicator's): a block's own fields override the
    indicator's. Output: a DataTable with one value column (the indicator's name and
    unit), one row per territory of the indicator's level (code in ``Row.code``, name
    as label, :class:`Cell` number, missing or secret, shown with the indicator's
    decimals), then a row for the département (code "40", "Landes") and one for France
    (code "FR") when the indicator has these reference values and no row of that code
    already. ``code_header`` is "Code INSEE" (communes), "Code SIREN" (EPCI) or "Code".
    ``references`` False (a map's table): the territories of the level only, no other
    row. Two queries (values, reference territories).
    """
    places = indicator.decimal_places
    # Tuples, not model instances: a commune map reads 327 of them per view.
    values = {code: (status, value) for code, status, value
              in indicator.values.values_list("code", "status", "value")}
    row_header, code_header = _headers(indicator.level)
    rows = [Row(name, [_cell(values.pop(code, None), places)], code)
            for code, name in territories(indicator.level)]
    if references:
        for code in sorted(values):
            rows.append(Row(_reference_name(code), [_cell(values[code], places)], code))
        codes = {row.code for row in rows}
        departement = settings.PORTAL_DEPARTEMENT
        if indicator.departement_value is not None and departement not in codes:
            rows.append(Row(settings.PORTAL_DEPARTEMENT_NAME,
                            [Cell.number(indicator.departement_value, places)], departement))
        if indicator.france_value is not None and FRANCE_CODE not in codes:
            rows.append(Row(_("France"), [Cell.number(indicator.france_value, places)],
                            FRANCE_CODE))
    unit = indicator.unit if unit is None else unit
    return DataTable(
        caption=caption or indicator.name,
        row_header=row_header,
        columns=[column_title(indicator.name, unit)],
        rows=rows,
        source=source or indicator.source,
        source_url=source_url or indicator.source_url,
        year=year or indicator.year,
        code_header=code_header,
    )
