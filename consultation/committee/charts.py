"""Server-side SVG bar charts of the committee's statistics, drawn from the figures
computed once in ``consultation.committee.statistics`` (RGAA 4.1).

Each chart is inline SVG with ``role="img"``, a ``<title>`` and a ``<desc>`` named by
``aria-labelledby`` (RGAA criteria 1.1 and 1.3 for images conveying information), every
bar labelled in text with its value (no meaning carried by colour alone, RGAA 3.1), and
no script or remote resource. The same figures are always given in a data table next to
the chart (RGAA 1.8 / 4.1 data tables). Not pygal: its SVG embeds scripts, one loaded
from a remote host, and gives values only in tooltips (docs/decisions.md, "Comité :
statistiques").
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

#: Geometry (SVG user units).
WIDTH = 640
ROW_HEIGHT = 44
BAR_HEIGHT = 16
LABEL_CHARS = 90
VALUE_SPACE = 150
#: Bar colour: contrast 7.4:1 on white (non-text contrast RGAA 3.3 needs 3:1).
BAR_COLOUR = "#005a8c"


def _short(text, limit=LABEL_CHARS):
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(chart_id, title, bars, description=""):
    """A horizontal bar chart as inline SVG markup (SafeString).

    Inputs: ``chart_id`` (str, unique in the page, ``[A-Za-z0-9_-]``); ``title`` (str);
    ``bars``: list of (label str, value int >= 0, value text str): the bar's length is
    ``value`` relative to the largest one, its text says ``value text`` (e.g. "12 (25,0
    %)" or "< 5", hidden values have value 0 and no bar); ``description`` (str, first
    sentence of ``<desc>``; the bars' labels and texts follow it).
    Output: ``<svg role="img" aria-labelledby="<id>-title <id>-desc" ...>``, width 100 %
    of its container up to 48rem, height ``ROW_HEIGHT`` per bar.
    """
    largest = max((value for _l, value, _t in bars), default=0) or 1
    height = ROW_HEIGHT * max(len(bars), 1) + 8
    plot = WIDTH - VALUE_SPACE
    summary = "; ".join(f"{label} : {text}" for label, _v, text in bars)
    desc = " ".join(p for p in (description, summary + ".") if p)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="stat-chart" '
        f'id="{escape(chart_id)}" aria-labelledby="{escape(chart_id)}-title '
        f'{escape(chart_id)}-desc" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" style="max-width:48rem" '
        'font-family="sans-serif" font-size="13">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>',
    ]
    if not bars:
        parts.append(f'<text x="0" y="20" fill="currentColor">{escape(_("No data"))}</text>')
    for index, (label, value, text) in enumerate(bars):
        top = index * ROW_HEIGHT
        length = round(plot * value / largest) if value > 0 else 0
        parts.append(
            f'<text x="0" y="{top + 14}" fill="currentColor">{escape(_short(label))}</text>'
        )
        if length:
            parts.append(
                f'<rect x="0" y="{top + 20}" width="{length}" height="{BAR_HEIGHT}" '
                f'fill="{BAR_COLOUR}"/>'
            )
        parts.append(
            f'<text x="{length + 6}" y="{top + 33}" fill="currentColor" '
            f'font-weight="bold">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


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
