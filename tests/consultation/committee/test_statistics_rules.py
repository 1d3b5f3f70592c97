"""The small-count suppression rule of consultation.committee.statistics.protect, and the SVG bar
chart, on hand-made tables (no database)."""

import re

from consultation.committee.charts import bar_chart
from consultation.committee.statistics import MASKED, SHOWN, SMALL, Entry, protect


def recomputable(grid, states, row_additive, col_additive):
    """True when some hidden entry equals its line's shown total minus the shown cells."""
    m, n = len(grid) - 1, len(grid[0]) - 1
    lines = []
    if row_additive:
        lines += [[(i, j) for j in range(n + 1)] for i in range(m + 1)]
    if col_additive:
        lines += [[(i, j) for i in range(m + 1)] for j in range(n + 1)]
    for line in lines:
        present = [p for p in line if grid[p[0]][p[1]] is not None]
        hidden = [p for p in present if states[p[0]][p[1]] != SHOWN]
        if len(hidden) == 1:
            return True
    return False


def test_counts_below_threshold_are_small_and_zero_is_shown():
    grid = [[0, None], [1, None], [4, None], [5, None], [10, None], [20, None]]
    states = protect(grid, row_additive=False, col_additive=False, threshold=5)
    assert [s[0] for s in states] == [SHOWN, SMALL, SMALL, SHOWN, SHOWN, SHOWN]


def test_single_hidden_cell_of_an_additive_column_hides_the_next_smallest():
    # 12 = 6 + 5 + 1: "1" alone would be 12 - 6 - 5.
    grid = [[6, None], [5, None], [1, None], [0, None], [12, None]]
    states = [s[0] for s in protect(grid, False, True, threshold=5)]
    assert states == [SHOWN, MASKED, SMALL, SHOWN, SHOWN]
    assert not recomputable(grid, protect(grid, False, True, 5), False, True)


def test_non_additive_lines_get_only_the_primary_rule():
    grid = [[6, None], [5, None], [2, None], [6, None]]
    states = [s[0] for s in protect(grid, False, False, threshold=5)]
    assert states == [SHOWN, SHOWN, SMALL, SHOWN]


def test_cross_tab_never_leaves_one_hidden_entry_in_a_line():
    grid = [
        [6, 0, 0, 6],
        [0, 5, 1, 6],
        [6, 5, 1, 12],
    ]
    states = protect(grid, True, True, threshold=5)
    assert states[1][2] == SMALL and states[2][2] == SMALL
    assert states[1][1] == MASKED and states[2][1] == MASKED
    assert states[0][0] == SHOWN and states[2][3] == SHOWN
    assert not recomputable(grid, states, True, True)


def test_threshold_setting(settings):
    settings.PORTAL_STATISTICS_MIN_COUNT = 11
    assert Entry(7, SMALL).text == "< 11"
    grid = [[7, None], [20, None], [27, None]]
    assert [s[0] for s in protect(grid, False, False)] == [SMALL, SHOWN, SHOWN]


def test_bar_chart_is_accessible_svg():
    svg = str(bar_chart("g1", "Domaines", [("Alimentation", 6, "6 (50 %)"),
                                            ("Santé", 0, "< 5")], "Sur 12 personnes."))
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'aria-labelledby="g1-title g1-desc"' in svg
    assert '<title id="g1-title">Domaines</title>' in svg
    assert re.search(r'<desc id="g1-desc">Sur 12 personnes\. Alimentation : 6 \(50 %\); '
                     r'Santé : &lt; 5\.</desc>', svg)
    assert ">Alimentation</text>" in svg and ">&lt; 5</text>" in svg
    assert svg.count("<rect") == 1  # a hidden count draws no bar
    assert "<script" not in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")
