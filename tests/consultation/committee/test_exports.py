"""Committee exports in every format: CSV, CSV (Excel FR), XLSX, ODS and the codebook.

Each file is read back as a spreadsheet program would (csv module, openpyxl, the ODS
XML), and the values a committee member would see are asserted (options with a comma
stay whole, accents survive, French Excel gets semicolons, formulas read as text).
"""

import csv
import io
import zipfile
from xml.etree import ElementTree

import openpyxl
import pytest
from wagtail.models import PageLogEntry

from consultation.models import ConsultationContact, ConsultationSubmission

from ..conftest import COMMITTEE

pytestmark = pytest.mark.django_db

ACCENTED = "Évreux — aide à l'énergie, cœur de bourg"
FORMULAS = [
    '=HYPERLINK("http://exemple.invalid","Voir")',
    "+33 6 12 34 56 78",
    "- loyer trop cher",
    "@mairie",
]
ODS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}
CONTACT_GROUP = "Comité Nouvelles solidarités — coordonnées"


@pytest.fixture
def stored(consultation_page, valid_answers, keys):
    """Submissions whose free text holds accents, commas, formulas and a control char."""
    proposals = keys["Avez-vous des propositions d'actions à engager ?"]
    texts = [ACCENTED, "Trajet de 2,5 km, à pied"] + FORMULAS + ["avant\x0baprès"]
    made = []
    for text in texts:
        data = {key: value for key, value in valid_answers.items()}
        data[proposals] = text
        made.append(ConsultationSubmission.objects.create(
            page=consultation_page, form_data=data,
            commune_id=None,
        ))
    return made


def download(client, member, page, name, query=""):
    client.force_login(member)
    response = client.get(f"/admin/comite/{page.pk}/{name}{query}")
    assert response.status_code == 200, response.content[:500]
    if response.streaming:
        return b"".join(response.streaming_content)
    if hasattr(response, "file_to_stream") or response.get("Content-Type", "").startswith(
        "application/vnd.openxml"
    ):
        return b"".join(response)
    return response.content


def csv_rows(raw, delimiter=","):
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=delimiter))


def ods_sheets(raw):
    """ODS bytes -> {sheet name: [[cell text or number, ...], ...]} and the value types."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        root = ElementTree.fromstring(archive.read("content.xml"))
    sheets, types = {}, {}
    for table in root.iter(f"{{{ODS['table']}}}table"):
        name = table.get(f"{{{ODS['table']}}}name")
        rows = []
        for row in table.iter(f"{{{ODS['table']}}}table-row"):
            cells = []
            for cell in row.iter(f"{{{ODS['table']}}}table-cell"):
                kind = cell.get(f"{{{ODS['office']}}}value-type")
                text = "".join("".join(p.itertext()) for p in cell.iter(f"{{{ODS['text']}}}p"))
                cells.append(text)
                types[(name, len(rows), len(cells) - 1)] = kind
            rows.append(cells)
        sheets[name] = rows
    return sheets, types


def proposals_column(header):
    return header.index("Avez-vous des propositions d'actions à engager ?")


def test_csv_keeps_accents_and_guards_formulas(client, committee_member, consultation_page, stored):
    rows = csv_rows(download(client, committee_member, consultation_page, "export.csv"))
    column = proposals_column(rows[0])
    values = [row[column] for row in rows[1:]]
    assert values[0] == ACCENTED
    assert values[1] == "Trajet de 2,5 km, à pied"
    assert values[2:6] == ["'" + text for text in FORMULAS]
    assert values[6] == "avant après"  # the \x0b pasted from Word reads as a space


def test_excel_fr_csv_is_semicolon_separated(client, committee_member, consultation_page, stored):
    raw = download(client, committee_member, consultation_page, "export-excel-fr.csv")
    rows = csv_rows(raw, delimiter=";")
    header = rows[0]
    assert all(len(row) == len(header) for row in rows)
    assert rows[2][proposals_column(header)] == "Trajet de 2,5 km, à pied"
    assert raw.decode("utf-8-sig").splitlines()[0].count(";") == len(header) - 1


def test_xlsx_reads_back_with_openpyxl(client, committee_member, consultation_page, stored):
    raw = download(client, committee_member, consultation_page, "export.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(raw))
    assert workbook.sheetnames == ["Réponses", "Codebook"]
    sheet = workbook["Réponses"]
    rows = list(sheet.iter_rows(values_only=True))
    column = proposals_column(list(rows[0]))
    assert rows[1][column] == ACCENTED
    # Typed text cells: never formulas, and read exactly as the resident wrote them.
    for index, text in enumerate(FORMULAS, start=3):
        cell = sheet.cell(row=index + 1, column=column + 1)
        assert cell.value == text and cell.data_type == "s"
    assert rows[7][column] == "avant après"
    option = list(rows[0]).index("Si oui, dans quel(s) domaine(s) ? : Alimentation")
    assert rows[1][option] == 1
    codebook = list(workbook["Codebook"].iter_rows(values_only=True))
    assert codebook[0] == ("Clé", "Libellé", "Type", "Options", "Toujours dans le formulaire",
                           "Affichée seulement si")


def test_ods_reads_back_as_strings(client, committee_member, consultation_page, stored):
    raw = download(client, committee_member, consultation_page, "export.ods")
    sheets, types = ods_sheets(raw)
    assert list(sheets) == ["Réponses", "Codebook"]
    rows = sheets["Réponses"]
    column = proposals_column(rows[0])
    assert rows[1][column] == ACCENTED
    for index, text in enumerate(FORMULAS, start=3):
        assert rows[index][column] == text
        assert types[("Réponses", index, column)] == "string"
    assert rows[7][column] == "avant après"


def test_codebook_lists_keys_types_options_and_removed_questions(
    client, committee_member, consultation_page, stored
):
    ConsultationSubmission.objects.create(
        page=consultation_page, form_data={"question_retiree": "ancienne réponse"})
    rows = csv_rows(download(client, committee_member, consultation_page, "codebook.csv"))
    by_key = {row[0]: row for row in rows[1:]}
    themes = by_key["si_oui_dans_quel_s_domaine_s"]
    assert themes[2] == "Domaines (liste des thèmes)"
    assert "alimentation = Alimentation" in themes[3]
    assert themes[4] == "oui"
    # A conditional question says when it was asked (its cells are empty otherwise).
    assert themes[5] == ("« Avez-vous rencontré des difficultés pendant et/ou après le "
                         "confinement ? » = Oui")
    assert by_key["par_qui"][5] == "« Avez-vous été aidé(e) ? » = Oui"
    assert by_key["question_retiree"][4] == "non"
    assert by_key["question_retiree"][5] == ""


def test_exports_honour_the_filters_and_log_them(
    client, committee_member, consultation_page, stored
):
    from portal.models import Commune

    ConsultationSubmission.objects.filter(pk=stored[0].pk).update(
        commune=Commune.objects.get(insee_code="40192"))
    for name in ("export.csv", "export-excel-fr.csv"):
        delimiter = ";" if "fr" in name else ","
        rows = csv_rows(download(client, committee_member, consultation_page, name,
                                 "?commune=40192"), delimiter)
        assert [row[0] for row in rows[1:]] == [str(stored[0].pk)]
    entry = PageLogEntry.objects.filter(action="consultation.export").latest("timestamp")
    assert entry.data["filters"] == {"Commune": "Mont-de-Marsan (40192)"}
    assert entry.data["contact_details"] is False


def test_invalid_filter_exports_nothing(client, committee_member, consultation_page, stored):
    client.force_login(committee_member)
    response = client.get(f"/admin/comite/{consultation_page.pk}/export.xlsx?du=hier")
    assert response.status_code == 400
    assert "Saisissez une date valide." in response.content.decode()
    assert not PageLogEntry.objects.filter(action="consultation.export").exists()


@pytest.fixture
def with_contact(consultation_page, valid_answers):
    submission = ConsultationSubmission.objects.create(
        page=consultation_page, form_data=dict(valid_answers))
    ConsultationContact.objects.create(
        submission=submission, name="Marie Dupont", email="marie@example.org")
    return submission


def test_contact_columns_only_with_the_contact_permission(
    client, make_user, committee_member, consultation_page, with_contact
):
    plain = csv_rows(download(client, committee_member, consultation_page, "export.csv"))
    assert "Contact : e-mail" not in plain[0]
    assert "marie@example.org" not in str(plain)
    listing = client.get(f"/admin/comite/{consultation_page.pk}/").content.decode()
    detail = client.get(
        f"/admin/comite/{consultation_page.pk}/{with_contact.pk}/").content.decode()
    assert "marie@example.org" not in listing and "marie@example.org" not in detail

    coordinator = make_user("coordination@example.org", groups=[CONTACT_GROUP])
    rows = csv_rows(download(client, coordinator, consultation_page, "export.csv"))
    cells = dict(zip(rows[0], rows[1]))
    assert cells["Contact : e-mail"] == "marie@example.org"
    detail = client.get(f"/admin/comite/{consultation_page.pk}/{with_contact.pk}/")
    assert "marie@example.org" in detail.content.decode()
    entry = PageLogEntry.objects.filter(action="consultation.view_contact").get()
    assert entry.user_id == coordinator.pk and entry.data == {"submission": with_contact.pk}
    export = PageLogEntry.objects.filter(action="consultation.export").latest("timestamp")
    assert export.data["contact_details"] is True


def test_detail_view_shows_readable_answers(client, committee_member, consultation_page,
                                            with_contact):
    client.force_login(committee_member)
    response = client.get(f"/admin/comite/{consultation_page.pk}/{with_contact.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mont-de-Marsan (40192)" in html and "Alimentation; Logement" in html
    other = client.get(f"/admin/comite/{consultation_page.pk}/{with_contact.pk + 999}/")
    assert other.status_code == 404


def test_contact_group_exists_with_its_permissions():
    from django.contrib.auth.models import Group

    group = Group.objects.get(name=CONTACT_GROUP)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert codenames == {"access_admin", "view_submissions", "view_contact_details"}
    committee = Group.objects.get(name=COMMITTEE)
    assert "view_contact_details" not in set(
        committee.permissions.values_list("codename", flat=True))
