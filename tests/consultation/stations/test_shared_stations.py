"""Shared computers ("poste partagé"): the signed link (valid, expired, tampered,
closed), two residents answering one after the other in one session, the rate counted
per station, and who may open sessions in the admin."""

import datetime

import pytest
from django.utils import timezone

from consultation.models import ConsultationSubmission
from consultation.stations import services
from consultation.stations.models import SharedStation

from ..conftest import answer

pytestmark = pytest.mark.django_db

COOKIE = services.COOKIE_NAME


@pytest.fixture
def station(consultation_page):
    """An open station of the demo questionnaire, for 4 hours, 60 answers an hour."""
    return SharedStation.objects.create(
        page=consultation_page, label="CCAS de Dax, accueil",
        expires_at=timezone.now() + datetime.timedelta(hours=4),
    )


def link(station):
    return services.link_path(station)


def open_link(client, station):
    response = client.get(link(station))
    assert response.status_code == 200, response.content.decode()[:500]
    return response


def test_the_link_marks_this_browser_with_a_strict_session_cookie(client, station):
    response = open_link(client, station)
    html = response.content.decode()
    assert "Poste partagé prêt" in html
    assert "CCAS de Dax, accueil" in html
    cookie = response.cookies[COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    assert not cookie["max-age"] and not cookie["expires"]
    assert cookie["path"] == "/consultation/"
    assert str(station.key) not in cookie.value.split(":")[-1]  # signed, not bare
    page = client.get("/consultation/").content.decode()
    assert "Poste partagé — vos réponses sont effacées après l’envoi" in page
    assert "data-keep-answers=" not in page
    assert 'data-keep-answers-clear="ns-questionnaire-' in page
    # After 10 minutes without input the page warns, then empties itself.
    assert 'data-station-idle="10"' in page
    assert "consultation/js/shared-station.js" in page
    assert "ce questionnaire sera vidé dans une minute" in page


def test_without_the_link_the_questionnaire_is_unchanged(client, consultation_page):
    page = client.get("/consultation/").content.decode()
    assert "Poste partagé" not in page
    assert "data-keep-answers=" in page


@pytest.mark.parametrize("change, status, text", [
    ({"expires_at": timezone.now() - datetime.timedelta(minutes=1)}, 410, "est terminée"),
    ({"revoked_at": timezone.now()}, 410, "est terminée"),
])
def test_an_expired_or_closed_session_is_over(client, station, change, status, text):
    url = link(station)
    SharedStation.objects.filter(pk=station.pk).update(**change)
    response = client.get(url)
    assert response.status_code == status
    assert "Cette session de poste partagé est terminée" in response.content.decode()
    assert COOKIE not in response.cookies or not response.cookies[COOKIE].value


def test_a_tampered_link_is_refused_in_french(client, station):
    url = link(station)
    response = client.get(url[:-6] + "AAAA/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Ce lien n’est pas valide" in html
    # A bad link is not a session that ended: its heading says so.
    assert "<h1>Ce lien de poste partagé n’est pas valide</h1>" in html
    assert "est terminée" not in html
    response = client.get("/consultation/poste-partage/nimporte-quoi/")
    assert response.status_code == 403


@pytest.mark.parametrize("signed", ["é", "A" * 3000, "----", "_", "ImFiYyI"])
def test_hostile_links_answer_403_never_500(client, station, signed):
    response = client.get(f"/consultation/poste-partage/{signed}/")
    assert response.status_code == 403
    assert "Ce lien n’est pas valide" in response.content.decode()


def test_a_closed_session_ends_station_mode_at_once(client, station):
    open_link(client, station)
    station.revoked_at = timezone.now()
    station.save()
    page = client.get("/consultation/").content.decode()
    assert "Poste partagé" not in page


def test_two_residents_answer_in_one_session_without_mixing_answers(
        client, station, valid_answers, keys):
    """A shared-computer session answers twice without mixing answers."""
    open_link(client, station)
    first, _ = answer(client, station.page, valid_answers)
    assert first.status_code == 302
    assert "ns_reponse_" not in "".join(
        key for key, morsel in first.cookies.items() if morsel.value)
    thanks = client.get(first["Location"]).content.decode()
    assert "Réponse enregistrée. Le questionnaire est prêt pour la personne suivante." in thanks
    # The next resident gets an empty form and may give the very same answers.
    fresh = client.get("/consultation/").content.decode()
    assert "checked" not in fresh
    second, _ = answer(client, station.page, valid_answers)
    assert second.status_code == 302
    other = {**valid_answers, keys["Votre situation"]: "retraite"}
    third, _ = answer(client, station.page, other)
    assert third.status_code == 302
    submissions = list(ConsultationSubmission.objects.order_by("pk"))
    assert len(submissions) == 3
    assert all(s.shared_station_id == station.pk for s in submissions)
    situations = [s.form_data[keys["Votre situation"]] for s in submissions]
    assert situations == ["emploi", "emploi", "retraite"]


def test_identical_answers_are_refused_without_a_station(client, consultation_page,
                                                         valid_answers):
    """The back-and-resend protection still holds on a personal computer."""
    answer(client, consultation_page, valid_answers)
    answer(client, consultation_page, valid_answers)
    assert ConsultationSubmission.objects.count() == 1
    assert ConsultationSubmission.objects.get().shared_station is None


def test_free_text_answers_have_no_autofill_on_a_station(client, station, keys):
    open_link(client, station)
    html = client.get("/consultation/").content.decode()
    name = keys["Avez-vous des propositions d'actions à engager ?"]
    tag = html[html.index(f'name="{name}"') - 200:html.index(f'name="{name}"') + 200]
    assert 'autocomplete="off"' in tag


def test_the_rate_counts_the_station_not_the_address(client, station, valid_answers,
                                                     keys, settings):
    settings.PORTAL_CONSULTATION_RATE = "1/h"  # the address's rate: not used on a station
    station.max_answers = 2
    station.save()
    open_link(client, station)
    statuses = [answer(client, station.page, {**valid_answers, keys["Votre situation"]: s})[0]
                .status_code for s in ("emploi", "retraite", "etudiant")]
    assert statuses == [302, 302, 429]
    assert ConsultationSubmission.objects.count() == 2
    # The resident did nothing wrong: the message names the computer's limit.
    html = answer(client, station.page, valid_answers)[0].content.decode()
    assert "Ce poste partagé a atteint le nombre de réponses" in html
    assert "Vous avez envoyé ce formulaire trop de fois" not in html
    # Another station at the same address has its own counter.
    other = SharedStation.objects.create(
        page=station.page, label="Médiathèque", max_answers=2,
        expires_at=timezone.now() + datetime.timedelta(hours=1))
    open_link(client, other)
    response, _ = answer(client, station.page, valid_answers)
    assert response.status_code == 302
    assert ConsultationSubmission.objects.filter(shared_station=other).count() == 1


def test_staff_of_assisted_entry_open_and_close_a_session(client, make_user,
                                                          consultation_page):
    user = make_user("ccas@example.org", groups=["Saisie accompagnée"])
    client.force_login(user)
    home = client.get("/admin/").content.decode()
    # The "Postes partagés" menu item, in the sidebar's JSON.
    assert '"url": "/admin/postes-partages/"}' in home
    response = client.get("/admin/postes-partages/ouvrir/")
    assert response.status_code == 200
    response = client.post("/admin/postes-partages/ouvrir/", {
        "page": consultation_page.pk, "label": "Médiathèque de Mont-de-Marsan",
        "duration": "4h", "max_answers": "30"})
    assert response.status_code == 302
    station = SharedStation.objects.get()
    assert station.created_by == user and station.max_answers == 30
    assert abs((station.expires_at - timezone.now()) - datetime.timedelta(hours=4)) < \
        datetime.timedelta(minutes=1)
    listing = client.get("/admin/postes-partages/").content.decode()
    assert "Médiathèque de Mont-de-Marsan" in listing
    assert "/consultation/poste-partage/" in listing
    assert "ouvert" in listing
    response = client.post(f"/admin/postes-partages/{station.pk}/fermer/")
    assert response.status_code == 302
    station.refresh_from_db()
    assert station.revoked_at is not None
    listing = client.get("/admin/postes-partages/").content.decode()
    assert "fermé" in listing and "/consultation/poste-partage/" not in listing


def test_a_duration_beyond_seven_days_is_refused(client, make_user, consultation_page):
    client.force_login(make_user("ccas2@example.org", groups=["Saisie accompagnée"]))
    response = client.post("/admin/postes-partages/ouvrir/", {
        "page": consultation_page.pk, "label": "Accueil", "duration": "30d",
        "max_answers": "30"})
    assert response.status_code == 200
    assert not SharedStation.objects.exists()


def test_committee_members_and_anonymous_users_cannot_open_sessions(
        client, make_user, station):
    response = client.get("/admin/postes-partages/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    member = make_user("comite@example.org", groups=["Comité Nouvelles solidarités"])
    client.force_login(member)
    assert "/admin/postes-partages/" not in client.get("/admin/").content.decode()
    for url in ("/admin/postes-partages/", "/admin/postes-partages/ouvrir/"):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" not in response["Location"]
    response = client.post(f"/admin/postes-partages/{station.pk}/fermer/")
    assert response.status_code == 302
    station.refresh_from_db()
    assert station.revoked_at is None


def test_a_superuser_sees_the_menu(client, make_user):
    client.force_login(make_user("admin@example.org", is_superuser=True, is_staff=True))
    assert '"url": "/admin/postes-partages/"}' in client.get("/admin/").content.decode()


def test_a_forged_station_cookie_gives_no_station_mode(client, station):
    client.cookies[COOKIE] = str(station.key)  # the bare key, unsigned
    page = client.get("/consultation/").content.decode()
    assert "Poste partagé" not in page and "data-keep-answers=" in page
