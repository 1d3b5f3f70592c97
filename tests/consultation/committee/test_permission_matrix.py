"""Permission matrix of the committee's URLs: every role x every URL.

anonymous -> admin login; a logged-in resident (no admin access) -> admin login;
staff without ``consultation.view_submissions`` (Rédaction, Modération) -> Wagtail's
refusal (redirect to the admin home); committee members and administrators -> 200.
Nothing changes on the way, and Wagtail's own form views do not leak submissions.
"""

import pytest
from wagtail.models import PageLogEntry

from consultation.models import ConsultationSubmission

from ..conftest import COMMITTEE

pytestmark = pytest.mark.django_db

ROLES = {
    "resident": dict(groups=()),
    "redaction": dict(groups=("Rédaction",)),
    "moderation": dict(groups=("Modération",)),
    "committee": dict(groups=(COMMITTEE,)),
    "admin": dict(groups=(), is_staff=True, is_superuser=True),
}
SUFFIXES = [
    "", "{submission}/", "export.csv", "export-excel-fr.csv", "export.xlsx", "export.ods",
    "codebook.csv", "statistiques/", "statistiques/besoins-actions/",
    "statistiques/q_votre_tranche_d_age.csv",
]
ALLOWED = {"committee", "admin"}


@pytest.fixture
def submission(consultation_page, valid_answers):
    return ConsultationSubmission.objects.create(page=consultation_page, form_data=valid_answers)


def urls(page, submission):
    yield "/admin/comite/"
    yield "/admin/comite/propositions-export.csv"
    yield "/admin/comite/propositions-export.xlsx"
    for suffix in SUFFIXES:
        yield f"/admin/comite/{page.pk}/" + suffix.format(submission=submission.pk)


@pytest.mark.parametrize("role", [None, *ROLES])
def test_every_committee_url_answers_as_specified(client, make_user, consultation_page,
                                                  submission, role):
    if role is not None:
        client.force_login(make_user(f"{role}@example.org", **ROLES[role]))
    before = (ConsultationSubmission.objects.count(), PageLogEntry.objects.count())
    for url in urls(consultation_page, submission):
        response = client.get(url)
        if role in ALLOWED:
            assert response.status_code == 200, url
        elif role in (None, "resident"):
            assert response.status_code == 302, url
            assert response["Location"].startswith("/admin/login/"), url
        else:
            assert response.status_code == 302, url
            assert response["Location"] == "/admin/", url
        if role not in ALLOWED:
            # Refused: no export was written to the audit log.
            assert PageLogEntry.objects.count() == before[1], url
    assert ConsultationSubmission.objects.count() == before[0]


@pytest.mark.parametrize("role", ["resident", "redaction", "moderation", "committee", "admin"])
def test_wagtail_form_views_do_not_leak_submissions(client, make_user, consultation_page,
                                                    submission, role):
    client.force_login(make_user(f"{role}-forms@example.org", **ROLES[role]))
    for url in (
        f"/admin/forms/submissions/{consultation_page.pk}/",
        f"/admin/forms/submissions/{consultation_page.pk}/?export=csv",
        f"/admin/forms/submissions/{consultation_page.pk}/?export=xlsx",
        "/admin/forms/",
    ):
        response = client.get(url)
        # Everyone, editors and administrators included, is refused as Wagtail refuses
        # (redirect) or, on the list of forms, sees no consultation: answers are read
        # and exported only in the committee views, with their audit log.
        if url == "/admin/forms/" and response.status_code == 200:
            assert consultation_page.title not in response.content.decode(), (role, url)
        else:
            assert response.status_code == 302, (role, url)
        assert "Mont-de-Marsan" not in response.content.decode()
    # The page editor does not link to them either.
    if role in ("redaction", "admin"):
        editor = client.get(f"/admin/pages/{consultation_page.pk}/edit/").content.decode()
        assert f"/admin/forms/submissions/{consultation_page.pk}/" not in editor


def test_committee_sees_the_menu_but_not_pages_they_could_edit(client, make_user):
    client.force_login(make_user("menu@example.org", groups=[COMMITTEE]))
    html = client.get("/admin/").content.decode()
    # The "Comité" menu item, in the sidebar's JSON (the home panel links deeper).
    assert '"url": "/admin/comite/"}' in html
    assert client.get("/admin/pages/").status_code == 302


def test_exports_and_contact_views_are_visible_to_admins_in_site_history(
    client, make_user, consultation_page, submission
):
    from consultation.models import ConsultationContact

    ConsultationContact.objects.create(submission=submission, email="marie@example.org")
    coordinator = make_user("coord-log@example.org",
                            groups=["Comité Nouvelles solidarités — coordonnées"])
    client.force_login(coordinator)
    client.get(f"/admin/comite/{consultation_page.pk}/export.csv?commune=40192")
    client.get(f"/admin/comite/{consultation_page.pk}/{submission.pk}/")
    client.get(f"/admin/comite/{consultation_page.pk}/")  # the listing shows the contact
    client.get(f"/admin/comite/{consultation_page.pk}/statistiques/communes.csv?commune=40192")
    client.force_login(make_user("admin-log@example.org", is_staff=True, is_superuser=True))
    html = client.get("/admin/reports/site-history/").content.decode()
    # What, in which format, with which filters, with or without contact details.
    assert ("Réponses exportées : CSV ; filtres : Commune = Mont-de-Marsan (40192) ; "
            "avec coordonnées") in html
    assert f"Coordonnées consultées : réponse n° {submission.pk}" in html
    assert ("Coordonnées consultées : 1 réponses de la liste (page 1 ; filtres : "
            "aucun filtre)") in html
    assert ("Réponses exportées : tableau statistique « communes » (CSV) ; filtres : "
            "Commune = Mont-de-Marsan (40192)") in html
    assert "coord-log@example.org" in html or "coord-log" in html
    # Wagtail's downloadable history names the action (its columns hold no message).
    csv_text = b"".join(client.get("/admin/reports/site-history/?export=csv")
                        .streaming_content).decode("utf-8")
    assert "Exporter les réponses" in csv_text and "Consultation de coordonnées" in csv_text


def test_listing_without_contact_permission_logs_no_contact_view(
    client, committee_member, consultation_page, submission
):
    from wagtail.models import PageLogEntry

    from consultation.models import ConsultationContact

    ConsultationContact.objects.create(submission=submission, email="marie@example.org")
    client.force_login(committee_member)
    html = client.get(f"/admin/comite/{consultation_page.pk}/").content.decode()
    assert "marie@example.org" not in html
    assert not PageLogEntry.objects.filter(action="consultation.view_contact").exists()


def test_head_requests_start_no_export(client, committee_member, consultation_page, submission):
    from wagtail.models import PageLogEntry

    client.force_login(committee_member)
    for suffix in ("export.csv", "export.xlsx", "codebook.csv"):
        assert client.head(f"/admin/comite/{consultation_page.pk}/{suffix}").status_code == 405
    assert not PageLogEntry.objects.filter(action="consultation.export").exists()


@pytest.mark.parametrize("suffix", ["", "1/", "export.csv", "statistiques/", "codebook.csv",
                                    "statistiques/communes.csv"])
def test_oversized_ids_are_not_found_never_500(client, make_user, suffix):
    client.force_login(make_user("ids@example.org", groups=[COMMITTEE]))
    # (Django's APPEND_SLASH redirects a file-like URL that matches nothing first.)
    response = client.get(f"/admin/comite/9223372036854775808/{suffix}", follow=True)
    assert response.status_code == 404
    assert client.get("/admin/comite/1/99999999999999999999/").status_code == 404
