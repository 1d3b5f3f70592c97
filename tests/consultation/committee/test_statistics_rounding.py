"""Percentages are rounded half up to one decimal wherever the committee reads them
(page, chart, CSV), never truncated: 23 of 30 is "76,7 %", 1 of 16 (6.25) is "6,3 %"
(half up, not the banker's "6,2 %"), on SQLite and PostgreSQL alike."""

import csv
import io
from decimal import Decimal
from fractions import Fraction

import pytest

from consultation.models import ConsultationSubmission
from consultation.committee.statistics import format_percent

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


@pytest.mark.parametrize("value, text", [
    (Fraction(2300, 30), "76,7"),     # 76.666… (was truncated to 76,6)
    (Fraction(100, 8), "12,5"),
    (Fraction(100, 16), "6,3"),       # 6.25: half up
    (Fraction(100 * 3, 16), "18,8"),  # 18.75
    (6.25, "6,3"),
    (0.05, "0,1"),                    # the float 0.05 is read as written
    (Decimal("99.95"), "100,0"),
    (Fraction(200, 3), "66,7"),
    (Fraction(100, 3), "33,3"),
    (0, "0,0"),
    (100, "100,0"),
])
def test_format_percent_rounds_half_up(value, text):
    assert format_percent(value) == f"{text}{NBSP}%"


@pytest.fixture
def radio_page(make_page):
    """A one-question page: ``make(yes, no)`` stores that many "Oui" and "Non"."""
    page = make_page("arrondis", [("Question", "radio", True)])
    key = page.get_form_fields()[0].clean_name

    def make(yes, no):
        ConsultationSubmission.objects.bulk_create(
            [ConsultationSubmission(page=page, form_data={key: "Oui"}) for _ in range(yes)]
            + [ConsultationSubmission(page=page, form_data={key: "Non"}) for _ in range(no)]
        )
        return page, key

    return make


def rows_of(html):
    import html as html_module
    import re

    start = html.index(">Question</h2>")
    body = html[start: html.index("</table>", start)]
    return {cells[0]: cells[1:] for cells in (
        [html_module.unescape(re.sub(r"<[^>]+>", "", c)).strip()
         for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)]
        for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S))}


@pytest.mark.parametrize("yes, no, yes_text, no_text", [
    (23, 7, "76,7", "23,3"),
    (5, 75, "6,3", "93,8"),      # 6.25 and 93.75: half up
    (5, 35, "12,5", "87,5"),
])
def test_page_chart_and_csv_round_half_up(committee_client, radio_page, yes, no, yes_text,
                                         no_text):
    page, key = radio_page(yes, no)
    html = committee_client.get(f"/admin/comite/{page.pk}/statistiques/").content.decode()

    rows = rows_of(html)
    assert rows["Oui"] == [str(yes), f"{yes_text}{NBSP}%"]
    assert rows["Non"] == [str(no), f"{no_text}{NBSP}%"]
    assert f"{yes} ({yes_text}{NBSP}%)" in html  # the chart's label

    response = committee_client.get(f"/admin/comite/{page.pk}/statistiques/q_{key}.csv")
    text = response.content.decode("utf-8-sig")
    lines = {row[0]: row[1:] for row in csv.reader(io.StringIO(text, newline="")) if row}
    assert lines["Oui"] == [str(yes), f"{yes_text}{NBSP}%"]
    assert lines["Non"] == [str(no), f"{no_text}{NBSP}%"]
