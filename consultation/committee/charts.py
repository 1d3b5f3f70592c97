"""SVG bar charts of the committee's statistics, drawn from the figures computed once in
``consultation.committee.statistics`` by the portal's one chart renderer
(:mod:`portal.charts`: inline SVG, ``role="img"`` with title and description, every bar
labelled in text with its value, no script). The same figures are always given in a data
table next to the chart (RGAA 1.8 / 4.1 data tables).
"""

from portal.charts import bar_chart

__all__ = ["bar_chart", "table_chart"]


def table_chart(table, chart_id):
    """The bar chart of a one-column StatTable (counts with percentages).

    Input: a ``consultation.committee.statistics.StatTable`` with ``percent`` True. Output: SVG
    markup (SafeString) whose bars are its rows (not its total row), texts "count
    (percentage)" or "< 5".
    """
    bars = []
    for row in table.rows:
        entry = row.cells[0]
        text = entry.text
        if entry.percent_text:
            text = f"{text} ({entry.percent_text})"
        bars.append((row.label, entry.bar_value, text))
    return bar_chart(chart_id, table.caption, bars, description=table.note)
