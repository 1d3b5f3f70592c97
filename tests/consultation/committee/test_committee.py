"""Committee access (read-only, without any page right; refusals as Wagtail gives them)
and exports (a renamed question keeps one column, options with a comma stay whole, UTF-8
BOM; removed questions; audit log)."""

import csv
import io

import pytest
from wagtail.models import PageLogEntry

from consultation.models import ConsultationSubmission

from ..conftest import answer

pytestmark = pytest.mark.django_db

ACCENTED = "Évreux — aide à l'énergie, cœur de bourg"


def read_csv(response):
    """Decode a streamed CSV response. Output: (raw bytes, list of rows)."""
    raw = b"".join(response.streaming_content)
    return raw, list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_committee_sees_pages_and_downloads_csv(
    client, committee_member, consultation_page, valid_answers
):
    answer(client, consultation_page, valid_answers)
    client.force_login(committee_member)

    admin_home = client.get("/admin/")
    assert admin_home.status_code == 200
    # The "Comité" menu item, in the sidebar's JSON (the home panel links deeper).
    assert '"url": "/admin/comite/"}' in admin_home.content.decode()

    index = client.get("/admin/comite/")
    assert index.status_code == 200
    html = index.content.decode()
    assert consultation_page.title in html

    listing = client.get(f"/admin/comite/{consultation_page.pk}/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Mont-de-Marsan (40192)" in html
    assert "Alimentation; Logement" in html
    assert "Famille" in html
    assert "35-49" in html
    assert "En emploi" in html

    response = client.get(f"/admin/comite/{consultation_page.pk}/export.csv")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    raw, rows = read_csv(response)
    assert raw.startswith(b"\xef\xbb\xbf")
    header, row = rows[0], rows[1]
    assert len(rows) == 2
    assert header[:7] == ["N° de réponse", "Date et heure (Europe/Paris)", "Canal",
                          "Version du questionnaire", "Opérateur", "Lot", "N° de formulaire"]
    # An answer sent online: its channel and version, no operator, batch or form number.
    assert row[2:7] == ["En ligne", "Standard", "", "", ""]
    labels = [f.label for f in consultation_page.get_form_fields()]
    # Questions in form order; each multiple choice is followed by one 0/1 column per option.
    assert [h for h in header[7:] if " : " not in h] == labels
    cells = dict(zip(header, row))
    assert cells["Si oui, dans quel(s) domaine(s) ? : Alimentation"] == "1"
    assert cells["Si oui, dans quel(s) domaine(s) ? : Santé"] == "0"
    assert cells["Par qui ? : La CAF"] == "1"
    themes = header.index("Si oui, dans quel(s) domaine(s) ?")
    assert header[themes + 1] == "Si oui, dans quel(s) domaine(s) ? : Alimentation"
    assert cells["Avez-vous des propositions d'actions à engager ?"] == ACCENTED
    assert cells["Si oui, dans quel(s) domaine(s) ?"] == "Alimentation; Logement"
    assert cells["Votre commune"] == "Mont-de-Marsan (40192)"
    assert cells["Par qui ?"] == "Famille; La CAF"

    entry = PageLogEntry.objects.filter(action="consultation.export").get()
    assert entry.page_id == consultation_page.pk
    assert entry.user_id == committee_member.pk


def test_csv_date_is_in_paris_time(client, committee_client, consultation_page):
    import datetime

    ConsultationSubmission.objects.create(page=consultation_page, form_data={})
    ConsultationSubmission.objects.update(
        submit_time=datetime.datetime(2026, 7, 1, 10, 0, tzinfo=datetime.timezone.utc)
    )
    _, rows = read_csv(committee_client.get(f"/admin/comite/{consultation_page.pk}/export.csv"))
    assert rows[1][1] == "2026-07-01 12:00:00"


def test_checkbox_option_with_comma_stays_one(client, committee_client, consultation_page, valid_answers, keys):
    data = dict(valid_answers)
    data[keys["Si oui, dans quel(s) domaine(s) ?"]] = ["alimentation", "logement", "culture-sport"]
    answer(client, consultation_page, data)
    _, rows = read_csv(committee_client.get(f"/admin/comite/{consultation_page.pk}/export.csv"))
    cell = dict(zip(rows[0], rows[1]))["Si oui, dans quel(s) domaine(s) ?"]
    assert cell.split("; ") == ["Alimentation", "Logement", "Culture, sport et loisirs"]


def test_renamed_question_keeps_one_column(client, committee_client, make_page):
    """3 answers, rename "Commune" to "Commune de résidence", 2 more answers: one column,
    headed by the new label, holding all 5."""
    page = make_page("renommage", [("Commune", "singleline", True)])
    for town in ["Dax", "Mont-de-Marsan", "Tarnos"]:
        response, _ = answer(client, page, {"commune": town})
        assert response.status_code == 302
    field = page.form_fields.get()
    field.label = "Commune de résidence"
    field.save()
    for town in ["Biscarrosse", "Mimizan"]:
        response, _ = answer(client, page, {"commune": town})
        assert response.status_code == 302
    _, rows = read_csv(committee_client.get(f"/admin/comite/{page.pk}/export.csv"))
    header = rows[0]
    assert header[7:] == ["Commune de résidence"]
    assert sorted(r[7] for r in rows[1:]) == sorted(
        ["Dax", "Mont-de-Marsan", "Tarnos", "Biscarrosse", "Mimizan"]
    )


def test_removed_question_is_still_exported(client, committee_client, make_page):
    page = make_page("suppression", [("Votre avis", "singleline", True),
                                     ("Votre quartier", "singleline", False)])
    answer(client, page, {"votre_avis": "Bien", "votre_quartier": "Centre"})
    page.form_fields.get(clean_name="votre_quartier").delete()
    answer(client, page, {"votre_avis": "Moyen"})
    _, rows = read_csv(committee_client.get(f"/admin/comite/{page.pk}/export.csv"))
    assert rows[0][7:] == ["Votre avis", "Votre quartier"]
    assert [r[7:] for r in rows[1:]] == [["Bien", "Centre"], ["Moyen", ""]]


def test_committee_is_refused_on_page_editor_and_cannot_publish(
    committee_client, consultation_page
):
    edit_url = f"/admin/pages/{consultation_page.pk}/edit/"
    response = committee_client.get(edit_url)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"

    revision_before = consultation_page.latest_revision_id
    title_before = consultation_page.title
    response = committee_client.post(edit_url, {
        "title": "Titre modifié", "slug": "consultation", "action-publish": "action-publish",
    })
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    consultation_page.refresh_from_db()
    assert consultation_page.latest_revision_id == revision_before
    assert consultation_page.title == title_before
    assert consultation_page.live


def test_committee_is_refused_by_wagtail_submissions_view(committee_client, consultation_page):
    response = committee_client.get(f"/admin/forms/submissions/{consultation_page.pk}/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


@pytest.mark.parametrize("suffix", ["", "{pk}/", "{pk}/export.csv"])
def test_staff_without_permission_is_refused(client, make_user, consultation_page, suffix):
    from django.contrib.auth.models import Permission

    user = make_user("redaction@example.org", groups=["Rédaction"], is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    url = "/admin/comite/" + suffix.format(pk=consultation_page.pk)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert not PageLogEntry.objects.filter(action="consultation.export").exists()
    home = client.get("/admin/")
    assert "/admin/comite/" not in home.content.decode()


@pytest.mark.parametrize("suffix", ["", "{pk}/", "{pk}/export.csv"])
def test_anonymous_is_sent_to_login(client, consultation_page, suffix):
    url = "/admin/comite/" + suffix.format(pk=consultation_page.pk)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")
    assert not PageLogEntry.objects.filter(action="consultation.export").exists()


def test_committee_group_holds_only_admin_access_and_view_submissions():
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="Comité Nouvelles solidarités")
    perms = sorted(f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all())
    assert "consultation.view_submissions" in perms
    assert "wagtailadmin.access_admin" in perms
    # Wagtail's own migrations add the image/document choosers to groups with admin
    # access; nothing else may write anything.
    writes = [p for p in perms if p.split(".")[1].split("_")[0] in {"add", "change", "delete", "publish"}]
    assert writes == []
    from wagtail.models import GroupPagePermission

    assert not GroupPagePermission.objects.filter(group=group).exists()


def test_editors_keep_wagtail_views(client, make_user, consultation_page, valid_answers):
    """A superuser still opens the page editor; the answers are read in the committee
    views (with their audit log), never in Wagtail's stock submissions list."""
    answer(client, consultation_page, valid_answers)
    admin = make_user("admin@example.org", is_staff=True, is_superuser=True)
    client.force_login(admin)
    edit = client.get(f"/admin/pages/{consultation_page.pk}/edit/")
    assert edit.status_code == 200
    assert "Commune du département" in edit.content.decode()  # our field types
    assert client.get(f"/admin/forms/submissions/{consultation_page.pk}/").status_code == 302
    listing = client.get(f"/admin/comite/{consultation_page.pk}/")
    assert listing.status_code == 200
    assert "Mont-de-Marsan (40192)" in listing.content.decode()


def test_listing_links_to_the_statistics_of_the_same_answers(
    client, committee_member, consultation_page
):
    client.force_login(committee_member)
    html = client.get(f"/admin/comite/{consultation_page.pk}/?commune=40192").content.decode()
    assert '<h2 id="reponses-titre">Réponses</h2>' in html
    assert (f'<a href="/admin/comite/{consultation_page.pk}/statistiques/?commune=40192">'
            "Statistiques de ces réponses</a>") in html
    index = client.get("/admin/comite/").content.decode()
    assert f'<span class="w-sr-only"> — {consultation_page.title}</span>' in index


def test_index_offers_csv_and_xlsx_per_consultation(client, committee_member, consultation_page):
    client.force_login(committee_member)
    html = client.get("/admin/comite/").content.decode()
    assert f'href="/admin/comite/{consultation_page.pk}/export.xlsx">Télécharger le XLSX' in html
    assert f'href="/admin/comite/{consultation_page.pk}/export.csv">Télécharger le CSV' in html


def breadcrumbs(html):
    """The breadcrumbs of a Wagtail admin page: list of (label, href); the current page
    is the last item, with an empty href as in Wagtail's own views."""
    from bs4 import BeautifulSoup

    nav = BeautifulSoup(html, "html.parser").select_one("[data-w-breadcrumbs] ol")
    items = []
    for item in nav.find_all("li"):
        link = item.find("a")
        label = " ".join(item.get_text(" ").split())
        items.append((label, link["href"] if link else None))
    return items


def test_committee_pages_carry_wagtails_breadcrumbs(
    client, committee_client, consultation_page, valid_answers
):
    """Every committee page has Wagtail's header with its breadcrumbs: Home › Comité ›
    the pages above it › the page itself (empty link, as Wagtail's own views)."""
    answer(client, consultation_page, valid_answers)
    submission = ConsultationSubmission.objects.get()
    pk, title = consultation_page.pk, consultation_page.title
    answers = (f"Réponses : {title}", f"/admin/comite/{pk}/")
    committee = ("Comité", "/admin/comite/")

    cases = {
        "/admin/comite/": [("Comité", "")],
        f"/admin/comite/{pk}/": [committee, (answers[0], "")],
        f"/admin/comite/{pk}/{submission.pk}/": [
            committee, answers, (f"Réponse n° {submission.pk}", "")],
        f"/admin/comite/{pk}/statistiques/": [
            committee, answers, (f"Statistiques : {title}", "")],
        f"/admin/comite/{pk}/statistiques/besoins-actions/": [
            committee, answers, (f"Statistiques : {title}", f"/admin/comite/{pk}/statistiques/"),
            (f"Besoins et actions : {title}", "")],
    }
    for url, expected in cases.items():
        response = committee_client.get(url)
        assert response.status_code == 200, url
        items = breadcrumbs(response.content.decode())
        assert items[1:] == expected, url
        assert items[0][1] == "/admin/"
