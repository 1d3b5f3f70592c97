"""A :class:`diagnostic.data_tables.DataTable` drawn by the portal's chart renderer
(:func:`portal.charts.chart`): its rows are the categories, its value columns the
series, each cell's French text (or "secret", "n/a") the value's text; missing and
secret cells draw nothing."""

from portal.charts import Point, Series, chart

from .data_tables import NUMBER


def table_chart(table, kind, chart_id, description="", unit=""):
    """The SVG chart of ``table``.

    Inputs: ``table`` (DataTable), ``kind`` (one of :data:`portal.charts.KINDS`),
    ``chart_id`` (str, unique in the page, ``[A-Za-z0-9_-]``), ``description`` (str,
    first sentence of the chart's ``<desc>``), ``unit`` (str). Output: SafeString
    ``<svg role="img" ...>`` titled with the table's caption. Raises ValueError (from
    :func:`portal.charts.chart`) for more series or rows than a chart can show.
    """
    labels = [row.label for row in table.rows]
    series = [
        Series(name, [
            Point(cell.value if cell.status == NUMBER else None, cell.text)
            for cell in (row.cells[index] for row in table.rows)
        ])
        for index, name in enumerate(table.columns)
    ]
    return chart(chart_id, kind, table.caption, labels, series, description, unit)
