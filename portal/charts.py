"""Server-side SVG charts of the portal (the committee's statistics, the diagnostic's
chart blocks): vertical bars, horizontal bars, lines and stacked bars.

Every chart is inline SVG with ``role="img"``, a ``<title>`` and a ``<desc>`` named by
``aria-labelledby`` (RGAA criteria 1.1 and 1.3 for images conveying information); the
``<desc>`` gives every value in text, in the order of the data table that always follows
the chart on the page (RGAA 1.8 / 4.1). Series are told apart by pattern (bars) or by
marker shape and dash (lines) and named in a legend, never by colour alone (RGAA 3.1);
every colour has a contrast of at least 3:1 against white (non-text contrast, RGAA 3.3).
No script, no remote resource, no style sheet: the markup is small and the page's
Content-Security-Policy applies unchanged. A missing or secret value draws no bar and no
point; its text ("secret", "n/a") is in the ``<desc>`` and in the table.

Not pygal: its SVG embeds scripts, one loaded from a remote host, and gives values only
in tooltips (docs/decisions.md, "Comité : statistiques").
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .numbers import format_number

BAR, HORIZONTAL_BAR, LINE, STACKED_BAR = "bar", "horizontal_bar", "line", "stacked_bar"
#: Chart kinds, in the order the admin offers them.
KINDS = (BAR, HORIZONTAL_BAR, LINE, STACKED_BAR)

#: Geometry (SVG user units; the chart scales to its container's width).
WIDTH = 640
ROW_HEIGHT = 44
BAR_HEIGHT = 16
LABEL_CHARS = 90
VALUE_SPACE = 150
PLOT_HEIGHT = 240
#: Average width of a character at font-size 12, to size margins and labels.
CHAR_WIDTH = 6.6
#: The most categories a chart draws (more would make unreadable bars).
MAX_CATEGORIES = 60

#: Series colours, each with a contrast of at least 3:1 on white (RGAA 3.3): dark blue
#: 7.4:1, dark orange 5.5:1, green 5.4:1, purple 7.6:1, raspberry 7.4:1, grey 8.9:1.
COLOURS = ("#005a8c", "#b04a00", "#2a7a2a", "#6a3d9a", "#a01f5a", "#4a4a4a")
#: The most series a chart tells apart (one colour, pattern and marker each).
MAX_SERIES = len(COLOURS)
#: Bar colour of a one-series chart.
BAR_COLOUR = COLOURS[0]
#: Marker shapes of line series, in series order.
MARKERS = ("circle", "square", "triangle", "diamond", "cross", "triangle-down")
#: Dash patterns of line series ("" = solid), in series order.
DASHES = ("", "7 4", "2 3", "10 3 2 3", "4 4", "1 5")


@dataclass(frozen=True)
class Point:
    """One value of a series: ``value`` (Decimal, int or float; None when missing or
    secret: nothing is drawn) and ``text`` (str, what a reader sees, e.g. "12,5",
    "secret", "n/a")."""

    value: Decimal | int | float | None
    text: str


@dataclass
class Series:
    """A named series: ``name`` (str, the legend's text) and ``points`` (list of
    :class:`Point`, one per category, in the categories' order)."""

    name: str
    points: list = field(default_factory=list)


def _short(text, limit=LABEL_CHARS):
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _num(value):
    """Coordinates rounded to 0.1 unit, without a trailing ".0" (small output)."""
    value = round(value, 1)
    return str(int(value)) if value == int(value) else str(value)


def nice_ticks(low, high, count=5):
    """Round axis ticks covering ``low``..``high`` (numbers, ``low <= high``).

    Output: (ticks, decimals): ticks is a list of Decimal spaced by 1, 2 or 5 times a
    power of ten, from at most ``low`` to at least ``high``, about ``count`` of them;
    decimals (int) is how many decimals their labels need. Equal bounds get a unit
    step around them; e.g. (0, 87) -> ([0, 20, 40, 60, 80, 100], 0), (-3.2, 1.1) ->
    ([-4, -3, -2, -1, 0, 1, 2], 0).
    """
    low, high = Decimal(str(low)), Decimal(str(high))
    if low == high:
        low, high = low - 1, high + 1
    rough = (high - low) / count
    exponent = math.floor(math.log10(rough))
    base = Decimal(1).scaleb(exponent)
    for mantissa in (1, 2, 5, 10):
        step = base * mantissa
        if step >= rough:
            break
    first = (low / step).to_integral_value(rounding="ROUND_FLOOR")
    last = (high / step).to_integral_value(rounding="ROUND_CEILING")
    decimals = max(0, -step.normalize().as_tuple().exponent)
    unit = Decimal(1).scaleb(-decimals)
    ticks = [((first + i) * step).quantize(unit) for i in range(int(last - first) + 1)]
    return ticks, decimals


def _values(series):
    return [float(p.value) for s in series for p in s.points if p.value is not None]


def _description(description, labels, series, unit):
    """The ``<desc>``: the caller's sentence, the unit, then every value in text."""
    parts = [description] if description else []
    if unit:
        parts.append(_("Unit: %(unit)s.") % {"unit": unit})
    if len(series) == 1:
        parts.append("; ".join(
            f"{label} : {point.text}" for label, point in zip(labels, series[0].points)) + ".")
    else:
        for one in series:
            values = "; ".join(
                f"{label} : {point.text}" for label, point in zip(labels, one.points))
            parts.append(f"{one.name} — {values}.")
    return " ".join(parts)


def _pattern_defs(chart_id, count):
    """``<pattern>`` definitions telling bar series apart without colour: solid, diagonal
    stripes, dots, cross-hatch, horizontal stripes, vertical stripes (white on the
    series' colour)."""
    strokes = (
        "",
        '<path d="M-2 2l4-4M0 8l8-8M6 10l4-4" stroke="#fff" stroke-width="2"/>',
        '<circle cx="4" cy="4" r="1.6" fill="#fff"/>',
        '<path d="M0 0l8 8M8 0l-8 8" stroke="#fff" stroke-width="1.4"/>',
        '<path d="M0 4h8" stroke="#fff" stroke-width="2"/>',
        '<path d="M4 0v8" stroke="#fff" stroke-width="2"/>',
    )
    defs = []
    for index in range(count):
        defs.append(
            f'<pattern id="{chart_id}-p{index}" width="8" height="8" '
            f'patternUnits="userSpaceOnUse"><path d="M0 0h8v8h-8z" fill="{COLOURS[index]}"/>'
            f"{strokes[index]}</pattern>"
        )
    return "<defs>" + "".join(defs) + "</defs>"


def _fill(chart_id, index, count):
    return COLOURS[0] if count == 1 else f"url(#{chart_id}-p{index})"


def _marker(shape, x, y, colour, size=4.5):
    """One line-chart marker of ``shape`` centred on (x, y)."""
    s = size
    if shape == "circle":
        return f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{s}" fill="{colour}"/>'
    if shape == "square":
        return (f'<path d="M{_num(x - s)} {_num(y - s)}h{_num(2 * s)}v{_num(2 * s)}'
                f'h{_num(-2 * s)}z" fill="{colour}"/>')
    if shape == "triangle":
        return (f'<path d="M{_num(x)} {_num(y - s - 1)}L{_num(x + s + 1)} {_num(y + s)}'
                f'H{_num(x - s - 1)}z" fill="{colour}"/>')
    if shape == "triangle-down":
        return (f'<path d="M{_num(x)} {_num(y + s + 1)}L{_num(x + s + 1)} {_num(y - s)}'
                f'H{_num(x - s - 1)}z" fill="{colour}"/>')
    if shape == "diamond":
        return (f'<path d="M{_num(x)} {_num(y - s - 1)}L{_num(x + s + 1)} {_num(y)}'
                f'L{_num(x)} {_num(y + s + 1)}L{_num(x - s - 1)} {_num(y)}z" '
                f'fill="{colour}"/>')
    return (f'<path d="M{_num(x - s)} {_num(y - s)}L{_num(x + s)} {_num(y + s)}'
            f'M{_num(x + s)} {_num(y - s)}L{_num(x - s)} {_num(y + s)}" stroke="{colour}" '
            f'stroke-width="2.5"/>')


def _legend(chart_id, kind, series, top):
    """The legend (only for several series): swatches with the pattern or the marker and
    dash of each series, then its name, wrapped over lines. Output: (markup, height)."""
    if len(series) < 2:
        return "", 0
    parts, x, y = [], 0, top
    for index, one in enumerate(series):
        name = _short(one.name, 40)
        width = 34 + len(name) * CHAR_WIDTH + 16
        if x and x + width > WIDTH:
            x, y = 0, y + 20
        if kind == LINE:
            colour = COLOURS[index]
            dash = f' stroke-dasharray="{DASHES[index]}"' if DASHES[index] else ""
            parts.append(f'<path d="M{_num(x)} {y + 8}h26" stroke="{colour}" stroke-width="2"'
                         f'{dash}/>')
            parts.append(_marker(MARKERS[index], x + 13, y + 8, colour))
        else:
            parts.append(f'<path d="M{_num(x)} {y}h24v16h-24z" '
                         f'fill="{_fill(chart_id, index, len(series))}"/>')
        parts.append(f'<text x="{_num(x + 32)}" y="{y + 13}" fill="currentColor">'
                     f"{escape(name)}</text>")
        x += width
    return "".join(parts), y + 20 - top + 8


def _open(chart_id, title, desc, height, font_size=13):
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="stat-chart" '
        f'id="{chart_id}" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {WIDTH} {_num(height)}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" '
        f'font-family="sans-serif" font-size="{font_size}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]


def _horizontal(chart_id, title, labels, series, desc):
    """Horizontal bars: for each category its label, then one bar per series with its
    value written after it (or the word "secret"/"n/a" and no bar)."""
    count = len(series)
    values = _values(series)
    low, high = min([0, *values]), max([0, *values])
    span = (high - low) or 1
    left = 70 if low < 0 else 0
    plot = WIDTH - VALUE_SPACE - left
    zero = left + plot * (0 - low) / span
    legend, legend_height = _legend(chart_id, HORIZONTAL_BAR, series, 4)
    row = ROW_HEIGHT if count == 1 else 22 + count * (BAR_HEIGHT + 4) + 4
    height = legend_height + row * max(len(labels), 1) + 8
    parts = _open(chart_id, title, desc, height)
    if count > 1:
        parts.append(_pattern_defs(chart_id, count))
    parts.append(legend)
    if not labels:
        parts.append(f'<text x="0" y="20" fill="currentColor">{escape(_("No data"))}</text>')
    for index, label in enumerate(labels):
        top = legend_height + index * row
        parts.append(
            f'<text x="0" y="{_num(top + 14)}" fill="currentColor">{escape(_short(label))}</text>'
        )
        for number, one in enumerate(series):
            point = one.points[index]
            bar_top = top + 20 + number * (BAR_HEIGHT + 4)
            end = zero
            if point.value is not None and point.value != 0:
                end = left + plot * (float(point.value) - low) / span
                x, width = min(zero, end), abs(end - zero)
                if width >= 0.5:
                    parts.append(
                        f'<rect x="{_num(x)}" y="{_num(bar_top)}" width="{_num(width)}" '
                        f'height="{BAR_HEIGHT}" fill="{_fill(chart_id, number, count)}"/>'
                    )
            negative = point.value is not None and point.value < 0
            anchor = ' text-anchor="end"' if negative else ""
            text_x = end - 6 if negative else end + 6
            parts.append(
                f'<text x="{_num(text_x)}" y="{_num(bar_top + 13)}" fill="currentColor" '
                f'font-weight="bold"{anchor}>{escape(point.text)}</text>'
            )
    if low < 0:
        parts.append(f'<path d="M{_num(zero)} {legend_height + 16}V{_num(height - 4)}" '
                     'stroke="currentColor"/>')
    parts.append("</svg>")
    return "".join(parts)


def _vertical(chart_id, kind, title, labels, series, desc, unit):
    """Vertical bars (grouped), stacked bars or lines over one value axis with round
    ticks, grid lines and a marked zero line; categories along the bottom."""
    count = len(series)
    values = _values(series)
    if kind == STACKED_BAR:
        tops = [sum(float(s.points[i].value) for s in series
                    if s.points[i].value is not None and s.points[i].value > 0)
                for i in range(len(labels))]
        bottoms = [sum(float(s.points[i].value) for s in series
                       if s.points[i].value is not None and s.points[i].value < 0)
                   for i in range(len(labels))]
        low, high = min([0, *bottoms]), max([0, *tops])
    elif kind == LINE:
        low, high = min(values, default=0), max(values, default=1)
    else:
        low, high = min([0, *values]), max([0, *values])
    ticks, decimals = nice_ticks(low, high)
    tick_texts = [format_number(tick, decimals) for tick in ticks]
    low, high = float(ticks[0]), float(ticks[-1])
    span = high - low

    legend, legend_height = _legend(chart_id, kind, series, 4)
    left = max(len(t) for t in tick_texts) * CHAR_WIDTH + 10
    shown = [_short(label, 24) for label in labels]
    longest = max((len(label) for label in shown), default=0) * CHAR_WIDTH
    slot = (WIDTH - left - 8) / max(len(labels), 1)
    rotate = longest > slot - 4
    if rotate:  # the first label, slanted, must not run past the left edge
        left = max(left, (longest * 0.72 - 4 - (WIDTH - 8) / max(len(labels), 1) / 2)
                   / (1 - 1 / max(len(labels), 1) / 2))
        slot = (WIDTH - left - 8) / max(len(labels), 1)
    bottom = (longest * 0.72 + 18) if rotate else 24
    plot_top = legend_height + (22 if unit else 10)
    plot_bottom = plot_top + PLOT_HEIGHT
    height = plot_bottom + bottom

    def y_of(value):
        return plot_bottom - PLOT_HEIGHT * (float(value) - low) / span

    parts = _open(chart_id, title, desc, height, font_size=12)
    if count > 1 and kind != LINE:
        parts.append(_pattern_defs(chart_id, count))
    parts.append(legend)
    if unit:
        parts.append(f'<text x="0" y="{_num(plot_top - 8)}" fill="currentColor">'
                     f"{escape(_short(unit, 40))}</text>")
    for tick, text in zip(ticks, tick_texts):
        y = y_of(tick)
        parts.append(f'<path d="M{_num(left)} {_num(y)}H{WIDTH - 8}" stroke="#d0d0d0"/>')
        parts.append(f'<text x="{_num(left - 6)}" y="{_num(y + 4)}" text-anchor="end" '
                     f'fill="currentColor">{escape(text)}</text>')
    if not labels:
        parts.append(f'<text x="{_num(left + 8)}" y="{_num(plot_top + 20)}" '
                     f'fill="currentColor">{escape(_("No data"))}</text>')
    for index, label in enumerate(shown):
        x = left + slot * (index + 0.5)
        y = plot_bottom + 16
        if rotate:
            parts.append(f'<text transform="translate({_num(x + 4)} {_num(plot_bottom + 10)}) '
                         f'rotate(-45)" text-anchor="end" fill="currentColor">'
                         f"{escape(label)}</text>")
        else:
            parts.append(f'<text x="{_num(x)}" y="{_num(y)}" text-anchor="middle" '
                         f'fill="currentColor">{escape(label)}</text>')

    if kind == BAR:
        parts.extend(_grouped_bars(chart_id, series, left, slot, y_of))
    elif kind == STACKED_BAR:
        parts.extend(_stacked_bars(chart_id, series, left, slot, y_of))
    else:
        parts.extend(_lines(series, left, slot, y_of))
    if low <= 0 <= high:
        parts.append(f'<path d="M{_num(left)} {_num(y_of(0))}H{WIDTH - 8}" '
                     'stroke="currentColor" stroke-width="1.5"/>')
    parts.append("</svg>")
    return "".join(parts)


def _grouped_bars(chart_id, series, left, slot, y_of):
    count = len(series)
    width = slot * 0.8 / count
    parts = []
    for index in range(len(series[0].points) if series else 0):
        start = left + slot * index + slot * 0.1
        for number, one in enumerate(series):
            point = one.points[index]
            x = start + number * width
            if point.value is None:  # no bar: its word ("secret", "n/a") stands upright
                centre, base = _num(x + width / 2 + 3), _num(y_of(0) - 4)
                parts.append(f'<text transform="translate({centre} {base}) rotate(-90)" '
                             f'font-size="10" fill="currentColor">{escape(point.text)}</text>')
                continue
            y0, y1 = y_of(0), y_of(point.value)
            if abs(y1 - y0) >= 0.5:
                parts.append(f'<rect x="{_num(x)}" y="{_num(min(y0, y1))}" '
                             f'width="{_num(max(width - 1, 1))}" height="{_num(abs(y1 - y0))}" '
                             f'fill="{_fill(chart_id, number, count)}"/>')
            if len(point.text) * CHAR_WIDTH * 0.85 <= width + 2:
                y = y1 - 4 if point.value >= 0 else y1 + 12
                parts.append(f'<text x="{_num(x + width / 2)}" y="{_num(y)}" '
                             f'text-anchor="middle" font-size="10" fill="currentColor">'
                             f"{escape(point.text)}</text>")
    return parts


def _stacked_bars(chart_id, series, left, slot, y_of):
    count = len(series)
    width = slot * 0.7
    parts = []
    for index in range(len(series[0].points) if series else 0):
        x = left + slot * index + slot * 0.15
        above = below = 0.0
        for number, one in enumerate(series):
            point = one.points[index]
            if point.value is None or point.value == 0:
                continue
            value = float(point.value)
            if value > 0:
                start, above = above, above + value
                end = above
            else:
                start, below = below, below + value
                end = below
            y0, y1 = y_of(start), y_of(end)
            top, height = min(y0, y1), abs(y1 - y0)
            if height >= 0.5:
                parts.append(f'<rect x="{_num(x)}" y="{_num(top)}" width="{_num(width)}" '
                             f'height="{_num(height)}" fill="{_fill(chart_id, number, count)}" '
                             'stroke="#fff"/>')
            if height >= 14 and len(point.text) * CHAR_WIDTH * 0.85 <= width:
                parts.append(f'<text x="{_num(x + width / 2)}" y="{_num(top + height / 2 + 4)}" '
                             'text-anchor="middle" font-size="10" font-weight="bold" '
                             'fill="#1e1e1e" stroke="#fff" stroke-width="3" '
                             f'paint-order="stroke">{escape(point.text)}</text>')
    return parts


def _lines(series, left, slot, y_of):
    parts = []
    for number, one in enumerate(series):
        colour = COLOURS[number]
        dash = f' stroke-dasharray="{DASHES[number]}"' if DASHES[number] else ""
        path, pen_down, markers = [], False, []
        for index, point in enumerate(one.points):
            if point.value is None:
                pen_down = False
                continue
            x, y = left + slot * (index + 0.5), y_of(point.value)
            path.append(f"{'L' if pen_down else 'M'}{_num(x)} {_num(y)}")
            pen_down = True
            markers.append(_marker(MARKERS[number], x, y, colour))
        if path:
            parts.append(f'<path d="{"".join(path)}" fill="none" stroke="{colour}" '
                         f'stroke-width="2"{dash}/>')
        parts.extend(markers)
    return parts


def chart(chart_id, kind, title, labels, series, description="", unit="", axis_labels=None):
    """An SVG chart as inline markup (SafeString).

    Inputs: ``chart_id`` (str, unique in the page, ``[A-Za-z0-9_-]``, prefix of the ids
    of the title, description and patterns); ``kind`` (one of :data:`KINDS`); ``title``
    (str); ``labels`` (list of str, the categories: a bar, a group of bars or a point
    per label); ``series`` (list of :class:`Series`, 1 to :data:`MAX_SERIES`, each with
    one :class:`Point` per label); ``description`` (str, first sentence of ``<desc>``;
    the unit and every label with its value's text follow it); ``unit`` (str, e.g. "%",
    written above the value axis of vertical charts and in ``<desc>``); ``axis_labels``
    (list of str or None: shorter labels drawn on the chart, e.g. "CC du Seignanx" for
    "Communauté de communes du Seignanx"; ``<desc>`` keeps ``labels``).
    Output: ``<svg role="img" aria-labelledby="<id>-title <id>-desc" ...>``, 640 units
    wide, scaled to its container's width (the class ``stat-chart`` caps it at 48rem in
    the site's and the committee's style sheets: no style attribute, which the public
    Content-Security-Policy refuses). Values may be negative: bars
    then go below (left of) a marked zero line. Raises ValueError for an unknown kind,
    too many series or categories, or a series whose length differs from ``labels``.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown chart kind: {kind!r}")
    if not 1 <= len(series) <= MAX_SERIES:
        raise ValueError(f"a chart has 1 to {MAX_SERIES} series, not {len(series)}")
    if len(labels) > MAX_CATEGORIES:
        raise ValueError(f"a chart has at most {MAX_CATEGORIES} categories")
    if any(len(one.points) != len(labels) for one in series):
        raise ValueError("every series needs one point per label")
    if axis_labels is not None and len(axis_labels) != len(labels):
        raise ValueError("one axis label per label")
    chart_id = escape(chart_id)
    desc = _description(description, labels, series, unit)
    drawn = labels if axis_labels is None else axis_labels
    if kind == HORIZONTAL_BAR:
        markup = _horizontal(chart_id, title, drawn, series, desc)
    else:
        markup = _vertical(chart_id, kind, title, drawn, series, desc, unit)
    return mark_safe(markup)  # noqa: S308 - every text above went through escape()


def bar_chart(chart_id, title, bars, description=""):
    """A one-series horizontal bar chart as inline SVG markup (SafeString).

    Inputs: ``chart_id`` (str, unique in the page, ``[A-Za-z0-9_-]``); ``title`` (str);
    ``bars``: list of (label str, value int >= 0, value text str): the bar's length is
    ``value`` relative to the largest one, its text says ``value text`` (e.g. "12 (25,0
    %)" or "< 5", hidden values have value 0 and no bar); ``description`` (str, first
    sentence of ``<desc>``; the bars' labels and texts follow it).
    Output: see :func:`chart`, height ``ROW_HEIGHT`` per bar. Any number of bars.
    """
    labels = [label for label, _v, _t in bars]
    points = [Point(value, text) for _l, value, text in bars]
    desc = _description(description, labels, [Series(title, points)], "")
    return mark_safe(  # noqa: S308 - every text went through escape()
        _horizontal(escape(chart_id), title, labels, [Series(title, points)], desc)
    )
