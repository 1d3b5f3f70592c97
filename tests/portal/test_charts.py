"""The portal's SVG charts (portal/charts.py) and its number formatter (portal/numbers.py):
every kind with one and several series, negative values, round ticks, French numbers,
accessibility markup, escaping, missing and secret values."""

import re
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.utils import translation

from portal import charts
from portal.charts import Point, Series, chart, nice_ticks
from portal.contrast import contrast_ratio
from portal.numbers import format_number

NBSP = "\xa0"
SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


def parse(svg):
    """The SVG as an ElementTree element (it must be well-formed XML)."""
    return ElementTree.fromstring(str(svg))


def texts(svg):
    return [el.text for el in parse(svg).iter(f"{SVG_NS}text")]


def one_series(values, name="Taux"):
    return [Series(name, [Point(v, "secret" if v is None else format_number(v)) for v in values])]


def two_series():
    return [
        Series("2015", [Point(Decimal("11.2"), "11,2"), Point(None, "secret"),
                        Point(Decimal("1234.5"), f"1{NBSP}234,5")]),
        Series("2021", [Point(Decimal("-3.5"), "-3,5"), Point(Decimal("10.1"), "10,1"),
                        Point(None, "n.d.")]),
    ]


LABELS = ["Landes", "France", "Dax"]


# --- Numbers ---------------------------------------------------------------------------


def test_format_number_french():
    assert format_number(407444) == f"407{NBSP}444"
    assert format_number(Decimal("12.50")) == "12,5"
    assert format_number("-3.25") == "-3,25"
    assert format_number(Decimal("0.5"), 2) == "0,50"
    assert format_number(12.0) == "12"


def test_one_formatter_for_diagnostic_and_committee():
    from consultation.committee.statistics import format_percent
    from diagnostic import data_tables

    assert data_tables.format_number is format_number
    assert format_percent(Decimal("12.5")) == f"12,5{NBSP}%"


# --- Ticks -----------------------------------------------------------------------------


@pytest.mark.parametrize("low, high, expected", [
    (0, 87, [0, 20, 40, 60, 80, 100]),
    (0, 5, [0, 1, 2, 3, 4, 5]),
    (-3.2, 1.1, [-4, -3, -2, -1, 0, 1, 2]),
    (0, Decimal("0.42"), [0, Decimal("0.1"), Decimal("0.2"), Decimal("0.3"), Decimal("0.4"),
                          Decimal("0.5")]),
    (7, 7, [6, Decimal("6.5"), 7, Decimal("7.5"), 8]),
])
def test_nice_ticks(low, high, expected):
    ticks, _decimals = nice_ticks(low, high)
    assert ticks == [Decimal(str(t)) for t in expected]
    assert ticks[0] <= low and ticks[-1] >= high


def test_tick_decimals():
    assert nice_ticks(0, 87)[1] == 0
    assert nice_ticks(0, Decimal("0.42"))[1] == 1
    assert nice_ticks(0, 120000)[1] == 0


# --- Every kind ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", charts.KINDS)
@pytest.mark.parametrize("series", [one_series([12, None, Decimal("7.5")]), two_series()],
                         ids=["one", "two"])
def test_every_kind_is_accessible_svg(kind, series):
    svg = str(chart("c1", kind, "Taux de pauvreté", LABELS, series,
                    description="Par territoire.", unit="%"))
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG_NS}title").get("id") == "c1-title"
    assert root.find(f"{SVG_NS}title").text == "Taux de pauvreté"
    desc = root.find(f"{SVG_NS}desc")
    assert desc.get("id") == "c1-desc"
    assert desc.text.startswith("Par territoire. Unité : %.")
    # Every value in text, "secret" included.
    for one in series:
        for label, point in zip(LABELS, one.points):
            assert f"{label} : {point.text}" in desc.text
    assert "secret" in svg
    # No script, no remote resource, no style sheet; small output.
    assert "<script" not in svg and "<style" not in svg and "style=" not in svg
    assert "href" not in svg
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert len(svg) < 8000


@pytest.mark.parametrize("kind", [charts.BAR, charts.HORIZONTAL_BAR, charts.STACKED_BAR])
def test_missing_and_secret_draw_no_bar(kind):
    svg = chart("c", kind, "T", ["a", "b", "c"], one_series([5, None, 3]))
    assert str(svg).count("<rect") == 2


def test_line_secret_draws_no_point_and_breaks_the_line():
    svg = str(chart("c", charts.LINE, "T", ["a", "b", "c", "d"], one_series([5, None, 3, 4])))
    assert svg.count("<circle") == 3
    path = re.search(r'<path d="(M[^"]*)" fill="none"', svg).group(1)
    assert path.count("M") == 2  # the line stops at the secret point


def test_line_series_have_different_markers_and_dashes():
    series = [Series(f"S{i}", [Point(i, str(i)), Point(i + 1, str(i + 1))]) for i in range(4)]
    svg = str(chart("c", charts.LINE, "T", ["a", "b"], series))
    assert svg.count("<circle") == 3  # 2 points + the legend's marker of series 1
    assert 'stroke-dasharray="7 4"' in svg and 'stroke-dasharray="2 3"' in svg
    for name in ("S0", "S1", "S2", "S3"):
        assert f">{name}</text>" in svg  # legend


def test_several_bar_series_get_patterns_and_a_legend():
    svg = str(chart("g", charts.BAR, "T", LABELS, two_series()))
    assert '<pattern id="g-p0"' in svg and '<pattern id="g-p1"' in svg
    assert 'fill="url(#g-p1)"' in svg
    assert ">2015</text>" in svg and ">2021</text>" in svg


def test_one_series_has_no_legend_and_one_colour():
    svg = str(chart("g", charts.BAR, "Taux", LABELS, one_series([1, 2, 3])))
    assert "<pattern" not in svg and ">Taux</text>" not in svg
    assert svg.count(f'fill="{charts.BAR_COLOUR}"') == 3


def test_stacked_bars_stack_and_label_segments():
    series = [Series("A", [Point(20, "20")]), Series("B", [Point(50, "50")]),
              Series("C", [Point(30, "30")])]
    svg = str(chart("s", charts.STACKED_BAR, "T", ["Dax"], series))
    heights = [float(h) for h in re.findall(r'<rect [^>]*height="([\d.]+)"', svg)]
    assert len(heights) == 3 and heights[1] == pytest.approx(heights[0] * 2.5, rel=0.01)
    assert ">100</text>" in svg  # the axis reaches the total
    for value in ("20", "50", "30"):
        assert f">{value}</text>" in svg


def test_negative_values_go_below_a_zero_line():
    svg = str(chart("n", charts.BAR, "T", ["a", "b"], one_series([10, -5])))
    zero = re.search(r'<path d="M[\d.]+ ([\d.]+)H\d+" stroke="currentColor" '
                     r'stroke-width="1.5"/>', svg)
    assert zero, "zero line"
    y_zero = float(zero.group(1))
    rects = re.findall(r'<rect x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)"', svg)
    (y1, h1), (y2, _h2) = [(float(y), float(h)) for y, h in rects]
    assert y1 + h1 == pytest.approx(y_zero, abs=0.2)  # positive bar ends on the line
    assert y2 == pytest.approx(y_zero, abs=0.2)  # negative bar starts on it
    assert ">-5</text>" in svg and "-5</text>" in svg
    assert any(t.startswith("-") for t in texts(svg))  # a negative tick


def test_horizontal_negative_values():
    svg = str(chart("h", charts.HORIZONTAL_BAR, "T", ["a", "b"], one_series([10, -5])))
    assert 'text-anchor="end"' in svg  # the negative value is written left of its bar
    assert ">-5</text>" in svg


def test_ticks_are_french_numbers():
    svg = chart("t", charts.BAR, "T", ["a"], one_series([123456]))
    assert f"100{NBSP}000" in texts(svg)


def test_colours_contrast_with_white():
    for colour in charts.COLOURS:
        assert contrast_ratio(colour, "#ffffff") >= 3, colour


def test_labels_are_escaped():
    svg = str(chart("x", charts.BAR, "<script>alert(1)</script>", ["<b>&"],
                    [Series("<i>", [Point(1, "<1>")]), Series("s2", [Point(2, "2")])]))
    assert "<script" not in svg and "<b>" not in svg and "<i>" not in svg
    assert "&lt;script&gt;" in svg and "&lt;b&gt;&amp;" in svg
    parse(svg)  # still well-formed


def test_empty_chart_says_no_data():
    for kind in charts.KINDS:
        svg = chart("e", kind, "T", [], [Series("s", [])])
        assert "Aucune donnée" in texts(svg)


def test_long_labels_are_slanted_and_shortened():
    labels = [f"Communauté de communes numéro {i}" for i in range(12)]
    svg = str(chart("l", charts.BAR, "T", labels, one_series(list(range(12)))))
    assert "rotate(-45)" in svg and "…" in svg


@pytest.mark.parametrize("kind, labels, series", [
    ("pie", ["a"], one_series([1])),
    (charts.BAR, ["a"], []),
    (charts.BAR, ["a"], [Series(str(i), [Point(1, "1")]) for i in range(charts.MAX_SERIES + 1)]),
    (charts.BAR, ["a", "b"], one_series([1])),
    (charts.BAR, [str(i) for i in range(charts.MAX_CATEGORIES + 1)],
     one_series([1] * (charts.MAX_CATEGORIES + 1))),
])
def test_bad_input_raises_value_error(kind, labels, series):
    with pytest.raises(ValueError):
        chart("b", kind, "T", labels, series)


def test_committee_bar_chart_is_the_portal_one():
    from consultation.committee import charts as committee_charts

    assert committee_charts.bar_chart is charts.bar_chart
