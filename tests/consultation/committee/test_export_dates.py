"""Dates in the committee's spreadsheets are real date-times, so the committee can sort
and filter by date: XLSX (dd/mm/yyyy hh:mm format, header row frozen, autofilter over
the data, columns sized to their content) and ODS (office:value-type="date"), in
Europe/Paris local time (naive: spreadsheets have no time zone); CSV keeps its text."""

import datetime
import io
import zipfile
from xml.etree import ElementTree

import openpyxl
import pytest

from consultation.models import ConsultationSubmission

pytestmark = pytest.mark.django_db

UTC = datetime.timezone.utc
ODS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}
LONG = "Une réponse longue " * 3


@pytest.fixture
def dated_page(make_page):
    """Two submissions: 22:30 UTC on 28 March 2026 (23:30 in Paris, winter) and 10:30
    UTC on 14 July 2026 (12:30 in Paris, summer); a date question and a long answer."""
    page = make_page("dates", [("Texte", "multiline", False), ("Jour", "date", False),
                               ("Moment", "datetime", False)])
    keys = [f.clean_name for f in page.get_form_fields()]
    first = ConsultationSubmission.objects.create(page=page, form_data={
        keys[0]: LONG, keys[1]: "2026-03-01", keys[2]: "2026-03-02T09:15:00Z"})
    second = ConsultationSubmission.objects.create(page=page, form_data={
        keys[0]: "court", keys[1]: "pas une date"})
    ConsultationSubmission.objects.filter(pk=first.pk).update(
        submit_time=datetime.datetime(2026, 3, 28, 22, 30, tzinfo=UTC))
    ConsultationSubmission.objects.filter(pk=second.pk).update(
        submit_time=datetime.datetime(2026, 7, 14, 10, 30, tzinfo=UTC))
    return page


def body(response):
    assert response.status_code == 200
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_xlsx_has_date_times_frozen_header_filter_and_widths(committee_client, dated_page):
    raw = body(committee_client.get(f"/admin/comite/{dated_page.pk}/export.xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(raw))["Réponses"]

    assert sheet["B1"].value == "Date et heure (Europe/Paris)"
    assert sheet["B2"].value == datetime.datetime(2026, 3, 28, 23, 30)
    assert sheet["B3"].value == datetime.datetime(2026, 7, 14, 12, 30)
    assert sheet["B2"].is_date and "dd/mm/yyyy hh:mm" in sheet["B2"].number_format
    # A date question gives a date; a date-time question a Paris date-time; text that
    # is no date stays text.
    assert sheet["I2"].value == datetime.datetime(2026, 3, 1)
    assert sheet["I2"].is_date and sheet["I2"].number_format.startswith("dd/mm/yyyy")
    assert sheet["I3"].value == "pas une date"
    assert sheet["J2"].value == datetime.datetime(2026, 3, 2, 10, 15)

    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:J3"
    assert sheet["C1"].value == "Canal" and sheet["C2"].value == "En ligne"
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCDEFGHIJ"}
    assert all(width and width >= 10 for width in widths.values()), widths
    assert widths["B"] >= 16  # "28/03/2026 23:30" fits
    assert widths["H"] > widths["A"] and widths["H"] <= 62  # sized to the text, capped


def test_ods_has_date_values(committee_client, dated_page):
    raw = body(committee_client.get(f"/admin/comite/{dated_page.pk}/export.ods"))
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        root = ElementTree.fromstring(archive.read("content.xml"))
    table = next(root.iter(f"{{{ODS['table']}}}table"))
    rows = list(table.iter(f"{{{ODS['table']}}}table-row"))
    cells = list(rows[1].iter(f"{{{ODS['table']}}}table-cell"))
    kind, value = f"{{{ODS['office']}}}value-type", f"{{{ODS['office']}}}date-value"
    assert cells[1].get(kind) == "date"
    assert cells[1].get(value) == "2026-03-28T23:30:00"
    assert cells[8].get(kind) == "date" and cells[8].get(value) == "2026-03-01"
    assert cells[9].get(kind) == "date" and cells[9].get(value) == "2026-03-02T10:15:00"
    summer = list(rows[2].iter(f"{{{ODS['table']}}}table-cell"))
    assert summer[1].get(value) == "2026-07-14T12:30:00"
    assert summer[8].get(kind) == "string"


def test_csv_keeps_the_paris_time_as_text(committee_client, dated_page):
    text = body(committee_client.get(f"/admin/comite/{dated_page.pk}/export.csv")).decode(
        "utf-8-sig")
    lines = text.splitlines()
    assert lines[1].split(",")[1] == "2026-03-28 23:30:00"
    assert lines[2].split(",")[1] == "2026-07-14 12:30:00"
    assert ",2026-03-01," in lines[1]


def test_proposals_xlsx_has_a_date_time(committee_client):
    from consultation.models import Proposal, ProposalPage

    proposal = Proposal.objects.create(
        page=ProposalPage.objects.get(), title="Un jardin", description="Des légumes",
        created_at=datetime.datetime(2026, 1, 5, 23, 15, tzinfo=UTC))
    raw = body(committee_client.get("/admin/comite/propositions-export.xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(raw)).active
    line = next(row[0].row for row in sheet.iter_rows() if row[0].value == proposal.pk)
    # 23:15 UTC on 5 January is 00:15 on the 6th in Paris.
    cell = sheet.cell(row=line, column=2)
    assert cell.value == datetime.datetime(2026, 1, 6, 0, 15)
    assert cell.is_date and "dd/mm/yyyy hh:mm" in cell.number_format
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:J{sheet.max_row}"
