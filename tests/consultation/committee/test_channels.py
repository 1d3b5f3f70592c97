"""How answers came, as the committee sees it: channel and questionnaire version as
filters of the listing, every export and the statistics; the provenance columns (canal,
version, "Opérateur N", lot, n° de formulaire) after the date in every format and the
codebook, never an operator's name or e-mail; answers by channel and by version, and
channel in the cross-tab."""

import csv
import io
import zipfile

import openpyxl
import pytest

from consultation.models import ConsultationSubmission, EntryBatch, EntryOperator

pytestmark = pytest.mark.django_db

SITUATION = "Votre situation"
PROVENANCE = ["Canal", "Version du questionnaire", "Opérateur", "Lot", "N° de formulaire"]
#: What of the operator's account must never reach the committee.
SECRETS = ("Jeanne", "Saisie-Secrète", "jeanne.saisie@example.org")


@pytest.fixture
def channels(consultation_page, keys, make_user):
    """12 answers to the demo questionnaire: 6 online, standard, situation "emploi";
    5 paper forms entered by operator 3 (Jeanne Saisie-Secrète) in batch L1, numbered
    P1-P5, situation "retraite"; 1 phone call by operator 3, easy-read version,
    situation "retraite". Output: the operator."""
    user = make_user("jeanne.saisie@example.org", first_name="Jeanne",
                     last_name="Saisie-Secrète")
    operator = EntryOperator.objects.create(user=user, number=3)
    batch = EntryBatch.objects.create(page=consultation_page, number="L1", channel="papier")
    key = keys[SITUATION]
    for _ in range(6):
        ConsultationSubmission.objects.create(
            page=consultation_page, form_data={key: "emploi"})
    for number in range(1, 6):
        ConsultationSubmission.objects.create(
            page=consultation_page, form_data={key: "retraite"}, channel="papier",
            operator=operator, batch=batch, paper_number=f"P{number}")
    ConsultationSubmission.objects.create(
        page=consultation_page, form_data={key: "retraite"}, channel="telephone",
        version="facile", operator=operator)
    return operator


def body(response):
    """The whole body of a (maybe streamed) response (bytes)."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def csv_rows(response, delimiter=","):
    assert response.status_code == 200, body(response)[:300]
    text = body(response).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def assert_no_secret(text):
    for secret in SECRETS:
        assert secret not in text


def test_csv_has_provenance_columns_after_the_date(committee_client, consultation_page,
                                                    channels):
    rows = csv_rows(committee_client.get(f"/admin/comite/{consultation_page.pk}/export.csv"))

    assert rows[0][1] == "Date et heure (Europe/Paris)"
    assert rows[0][2:7] == PROVENANCE
    provenance = [row[2:7] for row in rows[1:]]
    assert provenance[:6] == [["En ligne", "Standard", "", "", ""]] * 6
    assert provenance[6:11] == [
        ["Papier", "Standard", "Opérateur 3", "L1", f"P{n}"] for n in range(1, 6)]
    assert provenance[11] == [
        "Téléphone", "Facile à lire et à comprendre", "Opérateur 3", "", ""]


def test_filter_by_channel_in_csv_and_excel_fr_csv(committee_client, consultation_page,
                                                   channels):
    url = f"/admin/comite/{consultation_page.pk}/export.csv?canal=papier&canal=telephone"
    rows = csv_rows(committee_client.get(url))
    assert [row[2] for row in rows[1:]] == ["Papier"] * 5 + ["Téléphone"]

    url = f"/admin/comite/{consultation_page.pk}/export-excel-fr.csv?canal=en-ligne"
    rows = csv_rows(committee_client.get(url), delimiter=";")
    assert rows[0][2:7] == PROVENANCE
    assert [row[2] for row in rows[1:]] == ["En ligne"] * 6


def test_filter_by_version(committee_client, consultation_page, channels):
    url = f"/admin/comite/{consultation_page.pk}/export.csv?version=facile"
    rows = csv_rows(committee_client.get(url))
    assert [row[2:5] for row in rows[1:]] == [
        ["Téléphone", "Facile à lire et à comprendre", "Opérateur 3"]]


def test_xlsx_filtered_by_channel_with_its_columns(committee_client, consultation_page,
                                                   channels):
    response = committee_client.get(
        f"/admin/comite/{consultation_page.pk}/export.xlsx?canal=papier")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(body(response)))
    values = list(workbook["Réponses"].iter_rows(values_only=True))

    assert list(values[0][2:7]) == PROVENANCE
    assert [list(row[2:7]) for row in values[1:]] == [
        ["Papier", "Standard", "Opérateur 3", "L1", f"P{n}"] for n in range(1, 6)]
    codebook = {row[0]: row for row in workbook["Codebook"].iter_rows(values_only=True)}
    assert codebook["operateur"][1] == "Opérateur"
    assert "pseudonyme" in codebook["operateur"][2]


def test_ods_has_the_provenance_columns(committee_client, consultation_page, channels):
    response = committee_client.get(
        f"/admin/comite/{consultation_page.pk}/export.ods?canal=telephone")
    assert response.status_code == 200
    content = zipfile.ZipFile(io.BytesIO(body(response))).read("content.xml").decode()
    assert "<text:p>Canal</text:p>" in content
    assert "<text:p>Opérateur 3</text:p>" in content
    assert "<text:p>Facile à lire et à comprendre</text:p>" in content
    assert "<text:p>En ligne</text:p>" not in content
    assert_no_secret(content)


def test_the_operator_is_only_ever_a_number(committee_client, consultation_page, channels):
    """Every format, the listing and the detail: "Opérateur 3", never the account."""
    page = consultation_page.pk
    texts = [body(committee_client.get(f"/admin/comite/{page}/{path}")).decode(
        "utf-8-sig") for path in ("export.csv", "export-excel-fr.csv", "codebook.csv", "")]
    submission = ConsultationSubmission.objects.get(page=consultation_page,
                                                    paper_number="P2")
    detail = committee_client.get(f"/admin/comite/{page}/{submission.pk}/")
    texts.append(detail.content.decode())
    workbook = body(committee_client.get(f"/admin/comite/{page}/export.xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(workbook))["Réponses"]
    texts.append(" ".join(str(cell) for row in sheet.iter_rows(values_only=True)
                          for cell in row))
    for text in texts:
        assert_no_secret(text)
    assert "Opérateur 3" in texts[0] and "Opérateur 3" in texts[3]
    detail_text = texts[4]
    for label, value in (("Canal", "Papier"), ("Opérateur", "Opérateur 3"), ("Lot", "L1"),
                         ("N° de formulaire", "P2")):
        assert f"<dt>{label}</dt>\n  <dd>{value}</dd>" in detail_text


def test_listing_filters_by_channel(committee_client, consultation_page, channels):
    response = committee_client.get(
        f"/admin/comite/{consultation_page.pk}/?canal=telephone&canal=accueil")
    text = response.content.decode()

    assert response.status_code == 200
    assert "1 réponse" in text
    assert "Canal = Téléphone, Accueil" in text
    assert "<th scope=\"col\">Opérateur</th>" in text
    assert "<td>Téléphone</td>" in text and "<td>Papier</td>" not in text
    # The channel filter is a group of checkboxes under its legend, the choice kept.
    assert "<legend class=\"w-field__label\">Canal</legend>" in text
    assert 'value="telephone" id="id_canal_2" checked' in text
    # The download links carry the filter.
    assert "export.csv?canal=telephone&amp;canal=accueil" in text


def test_unknown_channel_is_a_french_error_never_a_500(committee_client, consultation_page,
                                                       channels):
    page = consultation_page.pk
    export = committee_client.get(f"/admin/comite/{page}/export.csv?canal=fax")
    assert export.status_code == 400
    assert "Canal" in export.content.decode() and "fax" in export.content.decode()

    listing = committee_client.get(f"/admin/comite/{page}/?canal=fax")
    assert listing.status_code == 200
    assert "12 réponses" in listing.content.decode()  # nothing filtered, error shown
    assert "Sélectionnez un choix valide. fax n’en fait pas partie." in \
        listing.content.decode()
    statistics = committee_client.get(f"/admin/comite/{page}/statistiques/?version=ancienne")
    assert statistics.status_code == 200
    assert "Filtres non appliqués" in statistics.content.decode()
    stats_csv = committee_client.get(f"/admin/comite/{page}/statistiques/canal.csv?canal=fax")
    assert stats_csv.status_code == 400


def test_statistics_answers_by_channel_with_suppression(committee_client, consultation_page,
                                                        channels):
    page = consultation_page.pk
    text = committee_client.get(f"/admin/comite/{page}/statistiques/").content.decode()
    assert "Réponses par canal" in text
    assert "Réponses par version du questionnaire" in text

    rows = csv_rows(committee_client.get(f"/admin/comite/{page}/statistiques/canal.csv"))
    # 1 phone answer: "< 5"; the smallest other count of the line is hidden too,
    # otherwise 12 - 6 - 0 would give it back.
    assert rows == [
        ["Canal", "Nombre", "Pourcentage"],
        ["En ligne", "6", "50,0\u00a0%"],
        ["Papier", "masqué", ""],
        ["Téléphone", "< 5", ""],
        ["Accueil", "0", "0,0\u00a0%"],
        ["Total", "12", ""],
    ]
    rows = csv_rows(committee_client.get(f"/admin/comite/{page}/statistiques/version.csv"))
    assert rows[0] == ["Version du questionnaire", "Nombre", "Pourcentage"]
    assert [row[:2] for row in rows[1:]] == [
        ["Standard", "masqué"], ["Facile à lire et à comprendre", "< 5"], ["Total", "12"]]


def test_statistics_honour_the_channel_filter(committee_client, consultation_page, channels,
                                              keys):
    page = consultation_page.pk
    rows = csv_rows(committee_client.get(
        f"/admin/comite/{page}/statistiques/q_{keys[SITUATION]}.csv?canal=en-ligne"))
    counts = {row[0]: row[1:] for row in rows[1:]}
    assert counts["En emploi"] == ["6", "100,0\u00a0%"]
    assert counts["Retraité·e"] == ["0", "0,0\u00a0%"]
    assert counts["Total"][0] == "6"
    text = committee_client.get(
        f"/admin/comite/{page}/statistiques/?canal=papier").content.decode()
    assert "5 réponses dans la sélection" in text


def test_cross_tab_of_a_question_by_channel(committee_client, consultation_page, channels,
                                            keys):
    page = consultation_page.pk
    query = f"lignes={keys[SITUATION]}&colonnes=_canal"
    text = committee_client.get(f"/admin/comite/{page}/statistiques/?{query}").content.decode()
    assert '<option value="_canal" selected>Canal</option>' in text
    assert "<caption>Votre situation (en lignes) par Canal (en colonnes)</caption>" in text

    rows = csv_rows(committee_client.get(f"/admin/comite/{page}/statistiques/croise.csv?{query}"))
    assert rows[0] == ["Votre situation", "En ligne", "Papier", "Téléphone", "Accueil",
                       "Total (personnes)"]
    by_label = {row[0]: row[1:] for row in rows[1:]}
    assert by_label["En emploi"] == ["6", "0", "0", "0", "6"]
    # 1 phone answer "< 5", so the paper count of its row and that column's total are
    # hidden too (each line then hides two entries or none).
    assert by_label["Retraité·e"] == ["0", "masqué", "< 5", "0", "6"]
    assert by_label["Total (personnes)"] == ["6", "masqué", "< 5", "0", "12"]

    rows = csv_rows(committee_client.get(
        f"/admin/comite/{page}/statistiques/croise.csv?lignes=_version&colonnes=_canal"))
    assert rows[0][0] == "Version du questionnaire"


def test_cross_tab_refuses_the_same_side_twice(committee_client, consultation_page, channels):
    page = consultation_page.pk
    text = committee_client.get(
        f"/admin/comite/{page}/statistiques/?lignes=_canal&colonnes=_canal").content.decode()
    assert "Choisissez deux questions différentes." in text
    response = committee_client.get(
        f"/admin/comite/{page}/statistiques/croise.csv?lignes=_canal&colonnes=_inconnu")
    assert response.status_code == 404


def test_codebook_describes_the_provenance_columns(committee_client, consultation_page,
                                                    channels):
    rows = csv_rows(committee_client.get(f"/admin/comite/{consultation_page.pk}/codebook.csv"))
    by_key = {row[0]: row for row in rows[1:]}
    assert [row[0] for row in rows[1:6]] == [
        "canal", "version", "operateur", "lot", "numero_formulaire"]
    assert by_key["canal"][1] == "Canal"
    assert by_key["canal"][3] == (
        "en-ligne = En ligne | papier = Papier | telephone = Téléphone | accueil = Accueil")
    assert by_key["version"][3] == (
        "standard = Standard | facile = Facile à lire et à comprendre")
    assert by_key["numero_formulaire"][2] == "Numéro inscrit sur le formulaire papier"


def test_csv_lines_match_the_rows_on_provenance_cells(consultation_page, channels):
    """The fast CSV path gives the same text as csv.writer over rows(), formula guard
    included, on a form number that looks like a formula."""
    from consultation.committee.exports import ExportTable
    from portal.csv_files import csv_safe

    ConsultationSubmission.objects.filter(paper_number="P3").update(paper_number="=1+1")
    for delimiter in (",", ";"):
        table = ExportTable(consultation_page)
        out = io.StringIO()
        writer = csv.writer(out, delimiter=delimiter)
        for row in table.rows():
            writer.writerow([csv_safe(cell) for cell in row])
        lines = "".join(line + "\r\n" for line in ExportTable(consultation_page).csv_lines(
            delimiter))
        assert lines == out.getvalue()
        assert f"{delimiter}'=1+1{delimiter}" in lines


def test_dashboard_counts_answers_per_channel(committee_client, consultation_page, channels):
    from consultation.committee.dashboard import consultation_summaries

    summary = next(s for s in consultation_summaries() if s.pk == consultation_page.pk)
    assert summary.count == 12
    assert summary.channels == (("En ligne", 6), ("Papier", 5), ("Téléphone", 1))
    text = committee_client.get("/admin/").content.decode()
    assert "12 réponses\n                (en ligne : 6, papier : 5, téléphone : 1)" in text
