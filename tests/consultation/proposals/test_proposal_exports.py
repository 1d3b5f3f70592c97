"""Committee downloads of the proposals: CSV and XLSX read back as a
spreadsheet program reads them; French headers, Paris time, labels, formula safety; no
contact details for anyone; access as the other committee exports; one audit log entry
per download."""

import csv
import datetime
import io

import openpyxl
import pytest
from wagtail.models import PageLogEntry

from consultation.models import Proposal, ProposalContact, ProposalPage

from ..committee.test_permission_matrix import ROLES

pytestmark = pytest.mark.django_db

CSV_URL = "/admin/comite/propositions-export.csv"
XLSX_URL = "/admin/comite/propositions-export.xlsx"
HEADER = ["N° de proposition", "Reçue le", "Titre", "Description", "Domaines", "Commune",
          "Statut", "Suite donnée", "Réponse", "Publiée"]
TITLE = "Évreux — aide à l'énergie, cœur de bourg"
FORMULA = '=HYPERLINK("http://evil.example/","clic")'
CONTACT = ("Jeanne Secrète", "jeanne.secrete@example.org", "0612345678")


@pytest.fixture
def proposals(db):
    """A published, answered proposal (accents, a formula as description, two themes,
    Dax, contact details) received on 14 July 2026 at 10:30 UTC, and a submitted one for
    the whole département without theme."""
    from portal.models import Commune, Theme

    page = ProposalPage.objects.get()
    first = Proposal.objects.create(
        page=page, title=TITLE, description=FORMULA,
        commune=Commune.objects.get(insee_code="40088"),
        status=Proposal.Status.PUBLISHED, response_status=Proposal.ResponseStatus.ACCEPTED,
        response_text="Retenue : un chèque énergie sera étudié.",
        created_at=datetime.datetime(2026, 7, 14, 10, 30, tzinfo=datetime.timezone.utc),
    )
    first.themes.set(Theme.objects.filter(slug__in=["mobilite", "logement"]))
    ProposalContact.objects.create(proposal=first, name=CONTACT[0], email=CONTACT[1],
                                   phone=CONTACT[2])
    second = Proposal.objects.create(
        page=page, title="Un jardin partagé", description="- des légumes pour tous",
        created_at=datetime.datetime(2026, 1, 5, 23, 15, tzinfo=datetime.timezone.utc),
    )
    return first, second


def csv_rows(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def xlsx_rows(response):
    body = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    return sheet, [[cell.value for cell in row] for row in sheet.iter_rows()]


def by_number(rows, proposal):
    return next(row for row in rows[1:] if str(row[0]) == str(proposal.pk))


def expected_themes():
    from portal.models import Theme

    return "; ".join(Theme.objects.filter(slug__in=["mobilite", "logement"])
                     .values_list("label", flat=True))


def test_committee_downloads_the_proposals_as_csv(committee_client, proposals):
    first, second = proposals
    response = committee_client.get(CSV_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="propositions-')
    rows = csv_rows(response)
    assert rows[0] == HEADER
    assert by_number(rows, first) == [
        str(first.pk), "2026-07-14 12:30:00", TITLE, "'" + FORMULA, expected_themes(),
        "Dax (40088)", "Publiée", "Retenue", "Retenue : un chèque énergie sera étudié.",
        "oui",
    ]
    row = by_number(rows, second)
    # 23:15 UTC on 5 January is past midnight in Paris (UTC+1 in winter).
    assert row[1] == "2026-01-06 00:15:00"
    assert row[3] == "'- des légumes pour tous"
    assert row[4:] == ["", "Tout le département", "Reçue, en attente de modération", "", "", "non"]
    # Oldest first.
    numbers = [int(r[0]) for r in rows[1:]]
    assert numbers.index(second.pk) < numbers.index(first.pk)


def test_committee_downloads_the_proposals_as_xlsx(committee_client, proposals):
    first, second = proposals
    response = committee_client.get(XLSX_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    sheet, rows = xlsx_rows(response)
    assert sheet.title == "Propositions"
    assert rows[0] == HEADER
    assert by_number(rows, first) == [
        first.pk, datetime.datetime(2026, 7, 14, 12, 30), TITLE, FORMULA, expected_themes(),
        "Dax (40088)", "Publiée", "Retenue", "Retenue : un chèque énergie sera étudié.",
        "oui",
    ]
    # The formula is a typed string, never evaluated; the id is a number.
    number = [r[0] for r in rows].index(first.pk) + 1
    assert sheet.cell(row=number, column=4).data_type == "s"
    assert sheet.cell(row=number, column=1).data_type == "n"
    assert by_number(rows, second)[3] == "- des légumes pour tous"


def test_contact_details_never_exported_even_to_an_admin(client, make_user, proposals):
    client.force_login(make_user("admin-export@example.org", **ROLES["admin"]))
    for url in (CSV_URL, XLSX_URL):
        response = client.get(url)
        assert response.status_code == 200
        if url == CSV_URL:
            rows = csv_rows(response)
        else:
            rows = xlsx_rows(response)[1]
        cells = " | ".join(str(cell) for row in rows for cell in row)
        assert TITLE in cells
        for secret in CONTACT:
            assert secret not in cells, (url, secret)
        assert not any("contact" in str(h).lower() or "mail" in str(h).lower()
                       for h in rows[0])


@pytest.mark.parametrize("url", [CSV_URL, XLSX_URL])
def test_anonymous_is_sent_to_the_login(client, proposals, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("url", [CSV_URL, XLSX_URL])
def test_redaction_is_refused_and_nothing_logged(client, make_user, proposals, url):
    client.force_login(make_user("redac-export@example.org", **ROLES["redaction"]))
    before = PageLogEntry.objects.count()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert PageLogEntry.objects.count() == before


@pytest.mark.parametrize("url", [CSV_URL, XLSX_URL])
def test_head_is_refused_and_not_logged(committee_client, proposals, url):
    before = PageLogEntry.objects.count()
    assert committee_client.head(url).status_code == 405
    assert PageLogEntry.objects.count() == before


def test_each_download_is_logged_once(committee_client, committee_member, proposals):
    page = ProposalPage.objects.get()
    entries = PageLogEntry.objects.filter(page=page, action="consultation.export")
    assert entries.count() == 0
    committee_client.get(CSV_URL)
    committee_client.get(XLSX_URL)
    committee_client.get(CSV_URL)
    logged = list(entries.order_by("pk"))
    assert [e.data["format"] for e in logged] == [
        "proposals-csv", "proposals-xlsx", "proposals-csv"]
    assert all(e.user_id == committee_member.pk for e in logged)
    assert all(e.data["filters"] == {} and e.data["contact_details"] is False
               for e in logged)
    # The site history reads it in French.
    assert logged[0].formatter.format_message(logged[0]).startswith(
        "Réponses exportées : propositions (CSV)")


def test_index_links_to_both_downloads(committee_client):
    html = committee_client.get("/admin/comite/").content.decode()
    assert f'href="{CSV_URL}">Télécharger les propositions (CSV)</a>' in html
    assert f'href="{XLSX_URL}">Télécharger les propositions (XLSX)</a>' in html


def test_without_proposal_page_the_download_is_logged_on_the_user(
        committee_client, committee_member, proposals):
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    ProposalPage.objects.get().delete()
    response = committee_client.get(CSV_URL)
    assert response.status_code == 200
    assert TITLE in response.content.decode("utf-8-sig")
    entry = ModelLogEntry.objects.get(action="consultation.export")
    assert entry.content_type == ContentType.objects.get_for_model(committee_member)
    assert entry.object_id == str(committee_member.pk)
    assert entry.data["format"] == "proposals-csv"
