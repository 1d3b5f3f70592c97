"""Browser journey: a committee member logs in through the admin login form,
opens the "Comité" menu and a consultation's answers, filters them with the real form
(commune, then last day), reads the count shown, and downloads the XLSX with the mouse
and with the keyboard. The file, read back with openpyxl, holds only the filtered
answers, with their accents, under the French headers; the codebook is its second
sheet. axe-core finds no violation in the filtered listing (RGAA 4.1 / WCAG 2.1 AA)."""

import datetime
import zoneinfo

import openpyxl
import pytest

from tests.e2e.conftest import axe_violations, describe, sign_in_to_admin

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
PROPOSALS = "Avez-vous des propositions d'actions à engager ?"
COMMUNE = "Votre commune"
DOMAINS = "Si oui, dans quel(s) domaine(s) ?"
#: (Paris local time, INSEE code, domains, proposal text) of the stored answers.
ANSWERS = [
    (datetime.datetime(2020, 6, 29, 10, 15), "40192", ["alimentation", "logement"],
     "Évreux — aide à l'énergie, cœur de bourg"),
    # 23:30 on the 30th in Paris is 21:30 UTC: inside a filter ending on the 30th.
    (datetime.datetime(2020, 6, 30, 23, 30), "40192", ["education"],
     "Épicerie solidaire à Saint-Pierre-du-Mont : « paniers » d'été"),
    # 00:10 on 1 July in Paris is still 30 June in UTC: outside that filter.
    (datetime.datetime(2020, 7, 1, 0, 10), "40192", ["mobilite"],
     "Jardins partagés près de la gare"),
    (datetime.datetime(2020, 6, 30, 12, 0), "40088", ["mobilite"],
     "Covoiturage à Dax — zone d'activité"),
    (datetime.datetime(2020, 6, 30, 9, 0), "40046", ["sante"],
     "Bénévoles à Biscarrosse l'été"),
]


def store_answers(consultation):
    """Create the submissions of ANSWERS (commune in the answers and on the row, fixed
    submit times); output: list of their ids, in ANSWERS order."""
    from consultation.models import ConsultationSubmission
    from portal.models import Commune

    keys = {f.label: f.clean_name for f in consultation.get_form_fields()}
    made = []
    for moment, insee, domains, text in ANSWERS:
        submission = ConsultationSubmission.objects.create(
            page=consultation, commune=Commune.objects.get(insee_code=insee),
            form_data={
                keys["Avez-vous rencontré des difficultés pendant et/ou après le confinement ?"]:
                    "Oui",
                keys[DOMAINS]: domains,
                keys["Avez-vous été aidé(e) ?"]: "Non",
                keys[PROPOSALS]: text,
                keys["Souhaitez-vous jouer un rôle ?"]: "Non",
                keys[COMMUNE]: insee,
                keys["Votre tranche d'âge"]: "35-49",
                keys["Votre situation"]: "emploi",
            },
        )
        ConsultationSubmission.objects.filter(pk=submission.pk).update(
            submit_time=moment.replace(tzinfo=PARIS))
        made.append(submission.pk)
    return made


def read_xlsx(download, folder):
    """Save a Playwright Download in ``folder`` (Path) under its suggested name and read
    it with openpyxl: dict sheet title -> list of row tuples."""
    path = folder / download.suggested_filename
    download.save_as(path)
    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        return {sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)]
                for sheet in workbook.worksheets}
    finally:
        workbook.close()


def assert_filtered_workbook(sheets, ids, labels):
    """The workbook holds the answers ``ids[0]`` and ``ids[1]`` only, oldest first, and
    a codebook of the questions ``labels`` (list of str, form order)."""
    assert list(sheets) == ["Réponses", "Codebook"]
    header, *rows = sheets["Réponses"]
    assert header[:7] == ("N° de réponse", "Date et heure (Europe/Paris)", "Canal",
                          "Version du questionnaire", "Opérateur", "Lot", "N° de formulaire")
    assert len(rows) == 2
    cells = [dict(zip(header, row)) for row in rows]
    assert [c["N° de réponse"] for c in cells] == [ids[0], ids[1]]  # numbers: they sort
    # Real date-times (Paris wall time), so the committee sorts and filters by date.
    assert [c["Date et heure (Europe/Paris)"] for c in cells] == [
        datetime.datetime(2020, 6, 29, 10, 15), datetime.datetime(2020, 6, 30, 23, 30)]
    assert [c[PROPOSALS] for c in cells] == [ANSWERS[0][3], ANSWERS[1][3]]
    assert [c[COMMUNE] for c in cells] == ["Mont-de-Marsan (40192)"] * 2
    assert [c[DOMAINS] for c in cells] == ["Alimentation; Logement", "Éducation et scolarité"]
    assert [c[f"{DOMAINS} : Éducation et scolarité"] for c in cells] == [0, 1]
    assert [c[f"{DOMAINS} : Alimentation"] for c in cells] == [1, 0]
    assert [c["Canal"] for c in cells] == ["En ligne"] * 2
    assert [c["Opérateur"] for c in cells] == [None] * 2  # answered online: blank
    codebook_header, *entries = sheets["Codebook"]
    assert codebook_header == ("Clé", "Libellé", "Type", "Options", "Toujours dans le formulaire",
                               "Affichée seulement si")
    # The provenance columns first, then the questions.
    assert [entry[1] for entry in entries[:5]] == [
        "Canal", "Version du questionnaire", "Opérateur", "Lot", "N° de formulaire"]
    entries = entries[5:]
    assert [entry[1] for entry in entries] == labels
    assert entries[labels.index(PROPOSALS)] == (
        "avez_vous_des_propositions_d_actions_a_engager", PROPOSALS, "Texte multiligne",
        None, "oui", None)


def test_committee_member_filters_and_downloads_the_xlsx(page, make_user, tmp_path):
    from consultation.models import ConsultationPage

    consultation = ConsultationPage.objects.get(slug="consultation")
    ids = store_answers(consultation)
    labels = [field.label for field in consultation.get_form_fields()]
    make_user("comite-xlsx@example.org", groups=["Comité Nouvelles solidarités"],
              password="pass-word-123")

    sign_in_to_admin(page, "comite-xlsx@example.org", "pass-word-123")

    # The 390 px wide admin hides its menu behind the sidebar toggle.
    page.get_by_role("button", name="Afficher/masquer la barre latérale").click()
    # Scoped to the menu: the home's "Comité" panel has anchor links of that name too.
    menu = page.get_by_role("navigation", name="Menu principal")
    menu.get_by_role("link", name="Comité", exact=True).click()
    page.wait_for_url("**/admin/comite/")
    page.get_by_role("link", name=consultation.title, exact=True).click()
    page.wait_for_url(f"**/admin/comite/{consultation.pk}/")
    main = page.locator("main")
    assert "5 réponses" in main.inner_text().splitlines()

    page.get_by_label("Commune", exact=True).select_option(label="Mont-de-Marsan (40192)")
    page.get_by_role("button", name="Appliquer les filtres").click()
    page.wait_for_url("**commune=40192**")
    assert ("3 réponses — filtres : Commune = Mont-de-Marsan (40192)"
            in main.inner_text().splitlines())

    page.get_by_label("Au (jour inclus)").fill("2020-06-30")
    page.get_by_role("button", name="Appliquer les filtres").click()
    page.wait_for_url("**au=2020-06-30**")
    assert ("2 réponses — filtres : Au (jour inclus) = 2020-06-30 ; "
            "Commune = Mont-de-Marsan (40192)") in main.inner_text().splitlines()
    listed = page.locator("main table tbody th[scope=row]").all_inner_texts()
    assert listed == [str(ids[1]), str(ids[0])]
    violations = axe_violations(page, "main")
    assert violations == [], describe(violations)

    xlsx = page.get_by_role("link", name="XLSX", exact=True)
    href = xlsx.get_attribute("href")
    assert "commune=40192" in href and "au=2020-06-30" in href
    with page.expect_download() as mouse:
        xlsx.click()
    assert mouse.value.suggested_filename.startswith("consultation-reponses-")
    assert mouse.value.suggested_filename.endswith(".xlsx")
    assert_filtered_workbook(read_xlsx(mouse.value, tmp_path / "souris"), ids, labels)

    # From the filter button, the keyboard meets the links in reading order; Enter on
    # the XLSX link downloads the same file.
    page.get_by_role("button", name="Appliquer les filtres").focus()
    met = []
    for _press in range(5):
        page.keyboard.press("Tab")
        met.append(page.evaluate("document.activeElement.textContent.trim()"))
    assert met == ["Effacer les filtres", "Statistiques de ces réponses", "CSV",
                   "CSV (Excel FR)", "XLSX"]
    with page.expect_download() as keyboard:
        page.keyboard.press("Enter")
    assert_filtered_workbook(read_xlsx(keyboard.value, tmp_path / "clavier"), ids, labels)


def test_large_xlsx_opens_its_progress_page_then_downloads(page, make_user, tmp_path, settings):
    """Above PORTAL_EXPORT_BACKGROUND_THRESHOLD the XLSX link of the listing leads to the
    background export's progress page (a ``download`` attribute on the link once saved
    that page as "download.html" and left the member on the listing)."""
    from consultation.models import ConsultationPage

    settings.PORTAL_EXPORT_BACKGROUND_THRESHOLD = 0
    consultation = ConsultationPage.objects.get(slug="consultation")
    ids = store_answers(consultation)
    labels = [field.label for field in consultation.get_form_fields()]
    make_user("comite-gros@example.org", groups=["Comité Nouvelles solidarités"],
              password="pass-word-123")
    sign_in_to_admin(page, "comite-gros@example.org", "pass-word-123")

    page.goto(page.base_url + f"/admin/comite/{consultation.pk}/?commune=40192&au=2020-06-30")
    page.get_by_role("link", name="XLSX", exact=True).click()
    page.wait_for_url("**/admin/comite/exports/**")
    main = page.locator("main")
    assert "Fichier XLSX de 2 réponses." in main.inner_text()
    violations = axe_violations(page, "main")
    assert violations == [], describe(violations)

    with page.expect_download() as info:
        page.get_by_role("link", name="Télécharger le fichier").click()
    assert_filtered_workbook(read_xlsx(info.value, tmp_path), ids, labels)
