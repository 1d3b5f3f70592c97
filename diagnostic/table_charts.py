"""A :class:`diagnostic.data_tables.DataTable` drawn by the portal's chart renderer
(:func:`portal.charts.chart`): its rows are the categories, its value columns the
series, each cell's French text (or "secret", "n/a") the value's text; missing and
secret cells draw nothing."""

import re

from portal.charts import Point, Series, chart

#: Legal forms of French intercommunalities and their usual abbreviations (INSEE, Base
#: nationale sur l'intercommunalité), for the labels drawn on a chart.
_EPCI_FORMS = re.compile(
    r"^(Communauté de communes|Communauté d['’]agglomération|Communauté urbaine)\b",
    re.IGNORECASE,
)
_ABBREVIATIONS = {
    "communauté de communes": "CC",
    "communauté d'agglomération": "CA",
    "communauté urbaine": "CU",
}


def axis_label(label):
    """The label drawn on a chart (str): an EPCI's legal form abbreviated
    ("Communauté de communes du Seignanx" -> "CC du Seignanx", "Communauté
    d'agglomération du Grand Dax" -> "CA du Grand Dax"), other labels unchanged; the
    chart's description and the table keep the full name."""
    return _EPCI_FORMS.sub(
        lambda match: _ABBREVIATIONS[match.group(1).lower().replace("’", "'")], label)

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
    return chart(chart_id, kind, table.caption, labels, series, description, unit,
                 axis_labels=[axis_label(label) for label in labels])
