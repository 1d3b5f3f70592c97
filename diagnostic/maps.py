"""Choropleth maps of an indicator by commune or EPCI, drawn as SVG on the server.

:func:`build_choropleth` turns an :class:`~diagnostic.indicators.models.Indicator` of
level commune or EPCI into a :class:`Choropleth`: the SVG map (territory outlines from
:func:`portal.boundaries.load_boundaries`), its legend and the :class:`DataTable` that
is both the map's text alternative and its CSV.

Rules:

- Classes: quantiles (about as many territories in each class), 3 to 7 classes; equal
  values always fall in the same class, so ties can leave fewer classes. Each class is
  labelled with the smallest and largest value it actually holds ("de 12,5 à 30,2"), so
  labels never overlap and show only figures of the data.
- Colours: ColorBrewer's sequential "YlGnBu" scheme (Cynthia Brewer, Penn State,
  Apache 2.0 licence), light to dark for low to high values, chosen for being
  distinguishable in print and by the common colour-vision deficiencies. Colour is never
  the only carrier of the information (RGAA 3.1): every territory has a ``<title>``
  with its name and value, the legend is text, and the table lists every value. Legend
  swatches are outlined in dark grey (contrast above 3:1 on white, RGAA 3.3).
- Secret values (statistical confidentiality) are hatched and called "secret"; missing
  ones are neutral grey and called "non disponible".
- The SVG has ``role="img"`` with ``<title>`` and ``<desc>`` referenced by
  ``aria-labelledby``, no script and no style element (the Content-Security-Policy
  allows neither inline): colours are ``fill`` attributes on one group per class.
  Every text is escaped (:func:`django.utils.html.escape`).
"""

from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from portal.boundaries import load_boundaries

from . import indicator_tables
from .data_tables import NUMBER, SECRET, DataTable, format_number
from .indicators.models import Level

#: ColorBrewer "YlGnBu", light to dark, by number of classes.
PALETTES = {
    3: ["#edf8b1", "#7fcdbb", "#2c7fb8"],
    4: ["#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"],
    5: ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"],
    6: ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"],
    7: ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"],
}
#: Fill of territories without a value (neutral grey, unlike any palette colour).
MISSING_FILL = "#d4d4d4"
#: Colour of the hatching of secret territories (on white).
HATCH_COLOUR = "#404040"
MIN_CLASSES, MAX_CLASSES = 3, 7
MAP_LEVELS = (Level.COMMUNE, Level.EPCI)


class NoMapData(Exception):
    """The indicator cannot be mapped; ``str(exc)`` is a translated message for readers."""


@dataclass
class MapClass:
    """One class of the map: ``low`` and ``high`` (Decimal: the smallest and largest
    value it holds), ``fill`` (CSS colour), ``label`` (str, French, e.g. "de 12,5 à 30,2
    hab./km²"), ``codes`` (list of territory codes in the class)."""

    low: object
    high: object
    fill: str
    label: str = ""
    codes: list = field(default_factory=list)


@dataclass
class Choropleth:
    """A rendered map: ``svg`` (safe str), ``classes`` (list of :class:`MapClass`),
    ``secret_label``/``missing_label`` (str, or "" when no territory is secret/missing),
    ``hatch_id`` (id of the hatch pattern, for the legend's swatch), ``table``
    (:class:`DataTable`, the map's alternative and CSV), ``title`` (str, the map's
    accessible name: caption and year)."""

    svg: str
    classes: list
    table: DataTable
    hatch_id: str
    secret_label: str = ""
    missing_label: str = ""
    title: str = ""


def quantile_classes(values, classes):
    """Split numbers into quantile classes.

    Inputs: ``values`` (iterable of Decimal), ``classes`` (int, 3-7). Output: list of
    (low, high) pairs (Decimal), ascending, one per non-empty class; a value v belongs to
    the first class whose ``high`` ≥ v. Equal values never straddle two classes, so
    fewer pairs than ``classes`` come out when values repeat; an empty input gives [].
    """
    ordered = sorted(values)
    if not ordered:
        return []
    count = len(ordered)
    highs = []
    for index in range(1, classes + 1):
        high = ordered[max(0, round(index * count / classes) - 1)]
        if not highs or high > highs[-1]:
            highs.append(high)
    highs[-1] = ordered[-1]
    pairs, start = [], 0
    for high in highs:
        members = [v for v in ordered[start:] if v <= high]
        if members:
            pairs.append((members[0], members[-1]))
            start += len(members)
    return pairs


def indicator_table(indicator):
    """The table of a map: ``indicator`` over the département's territories of its level
    only (no reference rows), captioned "<name> par commune" or "<name> par EPCI".

    Output: :class:`DataTable` (see :func:`diagnostic.indicator_tables.indicator_table`):
    one row per territory in French order of names, its code in ``Row.code``; a
    territory without a stored value is missing."""
    caption = (
        _("%(indicator)s by EPCI") if indicator.level == Level.EPCI
        else _("%(indicator)s by commune")
    ) % {"indicator": indicator.name}
    return indicator_tables.indicator_table(indicator, caption=caption, references=False)


def _with_unit(text, unit):
    return f"{text}\u00a0{unit}" if unit else text


def class_label(low, high, decimal_places, unit):
    """Legend text of a class: "de 12,5 à 30,2 hab./km²", or "12,5 hab./km²" when it
    holds a single value. Inputs: Decimal bounds, decimal places (int or None), unit
    (str, may be empty). Output: str (plain text, to escape)."""
    if low == high:
        return _with_unit(format_number(low, decimal_places), unit)
    return _with_unit(
        _("from %(low)s to %(high)s") % {
            "low": format_number(low, decimal_places),
            "high": format_number(high, decimal_places),
        },
        unit,
    )


def build_choropleth(indicator, classes=5, id_prefix="map"):
    """Render ``indicator`` as a choropleth map.

    Inputs: ``indicator`` (Indicator of level commune or EPCI), ``classes`` (int, clamped
    to 3-7), ``id_prefix`` (str, unique on the page: prefixes the SVG's ids). Output:
    :class:`Choropleth`. Raises :class:`NoMapData` (translated message) when the level
    cannot be mapped or the indicator has no value for any territory of the map.
    """
    if indicator.level not in MAP_LEVELS:
        raise NoMapData(_("This indicator is not given by commune or EPCI: it cannot be mapped."))
    table = indicator_table(indicator)
    if not any(row.cells[0].status in (NUMBER, SECRET) for row in table.rows):
        raise NoMapData(_("This indicator has no value for the territories of the map yet."))
    classes = min(MAX_CLASSES, max(MIN_CLASSES, int(classes or 5)))
    boundaries = load_boundaries()
    shapes = boundaries["epci" if indicator.level == Level.EPCI else "communes"]
    unit, places = indicator.unit, indicator.decimal_places

    pairs = quantile_classes(
        [row.cells[0].value for row in table.rows if row.cells[0].status == NUMBER], classes)
    palette = PALETTES[max(MIN_CLASSES, len(pairs))]
    if len(pairs) < MIN_CLASSES:  # few distinct values: spread them over the scale
        palette = [palette[0], palette[-1]][: len(pairs)] if len(pairs) == 2 else [palette[-1]]
    map_classes = [
        MapClass(low, high, fill, class_label(low, high, places, unit))
        for (low, high), fill in zip(pairs, palette)
    ]
    secret, missing = [], []
    for row in table.rows:
        cell = row.cells[0]
        if cell.status == NUMBER:
            next(c for c in map_classes if cell.value <= c.high).codes.append(row)
        elif cell.status == SECRET:
            secret.append(row)
        else:
            missing.append(row)

    def paths(rows):
        out = []
        for row in rows:
            shape = shapes.get(row.code)
            if shape is None:
                continue
            tooltip = _("%(name)s: %(value)s") % {
                "name": row.label,
                "value": _with_unit(row.cells[0].text, unit) if row.cells[0].status == NUMBER
                else (_("secret") if row.cells[0].status == SECRET else _("not available")),
            }
            out.append(f'<path d="{escape(shape["path"])}"><title>{escape(tooltip)}</title></path>')
        return "".join(out)

    prefix = escape(id_prefix)
    hatch_id = f"{prefix}-secret"
    title = table.caption if not indicator.year else f"{table.caption}, {indicator.year}"
    description = _(
        "Choropleth map in %(count)s classes, from light (lowest values) to dark (highest "
        "values). The table that follows gives every value."
    ) % {"count": len(map_classes)}
    viewbox = " ".join(str(n) for n in boundaries["viewbox"])
    groups = [f'<g fill="{c.fill}">{paths(c.codes)}</g>' for c in map_classes]
    groups.append(f'<g fill="url(#{hatch_id})">{paths(secret)}</g>' if secret else "")
    groups.append(f'<g fill="{MISSING_FILL}">{paths(missing)}</g>' if missing else "")
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{viewbox}" role="img" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" class="choropleth-svg">'
        f'<title id="{prefix}-title">{escape(title)}</title>'
        f'<desc id="{prefix}-desc">{escape(description)}</desc>'
        f'<defs><pattern id="{hatch_id}" width="8" height="8" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="8" height="8" fill="#fff"/>'
        f'<path d="M0 0v8" stroke="{HATCH_COLOUR}" stroke-width="4"/></pattern></defs>'
        f'<g stroke="#fff" stroke-width="0.6" stroke-linejoin="round">{"".join(groups)}</g>'
        f'<path d="{escape(boundaries["departement"]["path"])}" fill="none" stroke="#1e1e1e" '
        f'stroke-width="1.6" stroke-linejoin="round"/></svg>'
    )
    for map_class in map_classes:
        map_class.codes = [row.code for row in map_class.codes]
    return Choropleth(
        svg=mark_safe(svg),  # noqa: S308 - every text above is escaped
        classes=map_classes,
        table=table,
        hatch_id=hatch_id,
        secret_label=_("secret (statistical confidentiality)") if secret else "",
        missing_label=_("not available") if missing else "",
        title=title,
    )
