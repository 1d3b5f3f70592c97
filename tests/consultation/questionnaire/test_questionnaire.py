"""The public questionnaire: rendering, one submission per rendered form (a double click,
or back and resend, stores one), accessible errors (fieldset/legend, aria-invalid, error
summary), cache headers (a page holding a one-time token is private)."""

import re

import pytest

from consultation.models import ConsultationSubmission

from ..conftest import answer, read_token

pytestmark = pytest.mark.django_db


def test_questionnaire_renders_questions_privately(client, consultation_page):
    response = client.get("/consultation/")
    assert response.status_code == 200
    html = response.content.decode()
    for label in [
        "Avez-vous rencontré des difficultés pendant et/ou après le confinement ?",
        "Si oui, dans quel(s) domaine(s) ?",
        "Par qui ?",
        "Votre commune",
        "Votre tranche d&#x27;âge",
        "Votre situation",
    ]:
        assert label in html
    assert "Mont-de-Marsan (40192)" in html
    assert "Emploi et ressources" in html  # a Theme label
    assert "private" in response["Cache-Control"]
    # Each radio/checkbox group is a fieldset with a legend.
    assert html.count("<fieldset") == 7 + 1  # the questions, then the contact details
    assert html.count("<legend>") == 7 + 1


def test_each_render_gets_a_fresh_token(client, consultation_page):
    first = read_token(client.get("/consultation/"))
    second = read_token(client.get("/consultation/"))
    assert first != second


def test_valid_post_stores_once_and_redirects(client, consultation_page, valid_answers, keys):
    response, data = answer(client, consultation_page, valid_answers)
    assert response.status_code == 302
    assert response["Location"] == "/consultation/merci/"
    assert ConsultationSubmission.objects.count() == 1
    submission = ConsultationSubmission.objects.get()
    assert submission.page_id == consultation_page.pk
    assert submission.form_data[keys["Si oui, dans quel(s) domaine(s) ?"]] == ["alimentation", "logement"]
    assert submission.form_data[keys["Votre commune"]] == "40192"
    assert submission.form_data[keys["Par qui ?"]] == ["famille", "caf"]
    assert submission.commune.insee_code == "40192"
    assert submission.commune.name == "Mont-de-Marsan"
    assert "form_token" not in submission.form_data
    assert not hasattr(submission, "ip_address")

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Merci pour votre participation" in thanks.content.decode()

    # Double click / back and resubmit / replay: same token, nothing new, same redirect.
    again = client.post("/consultation/", data)
    assert again.status_code == 302
    assert again["Location"] == "/consultation/merci/"
    assert ConsultationSubmission.objects.count() == 1


def test_back_then_send_again_from_the_same_browser_is_stored_once(
    client, consultation_page, valid_answers
):
    # Back and resend: going back fetches the form again (fresh token) with the answers
    # restored.
    first, _ = answer(client, consultation_page, valid_answers)
    again, _ = answer(client, consultation_page, valid_answers)
    assert again.status_code == 302 and again["Location"] == "/consultation/merci/"
    assert ConsultationSubmission.objects.count() == 1
    assert "ns_reponse_" + str(consultation_page.pk) in first.cookies
    cookie = first.cookies["ns_reponse_" + str(consultation_page.pk)]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    # The cookie holds a digest, never an answer.
    assert "40192" not in cookie.value and "emploi" not in cookie.value


def test_other_browsers_or_changed_answers_make_new_submissions(
    client, consultation_page, valid_answers, keys
):
    from django.test import Client

    answer(client, consultation_page, valid_answers)
    answer(Client(), consultation_page, valid_answers)
    assert ConsultationSubmission.objects.count() == 2
    changed = {**valid_answers, keys["Votre situation"]: "retraite"}
    answer(client, consultation_page, changed)
    assert ConsultationSubmission.objects.count() == 3


def test_tampered_replay_cookie_is_ignored(client, consultation_page, valid_answers):
    client.cookies["ns_reponse_" + str(consultation_page.pk)] = "forged:value"
    response, _ = answer(client, consultation_page, valid_answers)
    assert response.status_code == 302
    assert ConsultationSubmission.objects.count() == 1


def test_invalid_post_shows_errors_and_stores_nothing(client, consultation_page, keys):
    token = read_token(client.get("/consultation/"))
    response = client.post("/consultation/", {"form_token": token})
    assert response.status_code == 200
    assert ConsultationSubmission.objects.count() == 0
    assert "private" in response["Cache-Control"]
    html = response.content.decode()
    assert 'id="resume-erreurs"' in html
    assert 'aria-invalid="true"' in html
    # The same token is kept so that the corrected form can still be sent once.
    assert read_token(response) == token
    # Every id named in aria-describedby exists in the page.
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    for value in re.findall(r'aria-describedby="([^"]+)"', html):
        for ref in value.split():
            assert ref in ids, ref
    situation = keys["Votre situation"]
    assert f'aria-describedby="id_{situation}_erreur"' in html


def test_post_without_token_is_refused(client, consultation_page, valid_answers):
    response = client.post("/consultation/", valid_answers)
    assert response.status_code == 200
    assert ConsultationSubmission.objects.count() == 0


def test_unknown_commune_or_theme_is_an_error(client, consultation_page, valid_answers, keys):
    bad = dict(valid_answers)
    bad[keys["Votre commune"]] = "40090x"
    bad[keys["Si oui, dans quel(s) domaine(s) ?"]] = ["pas-un-theme"]
    response, _ = answer(client, consultation_page, bad)
    assert response.status_code == 200
    assert ConsultationSubmission.objects.count() == 0


def test_home_page_offers_the_consultation(client, consultation_page):
    html = client.get("/").content.decode()
    assert 'href="/consultation/"' in html
    assert "Répondre au questionnaire" in html


def test_concurrent_same_token_is_stored_once(client, consultation_page, valid_answers, monkeypatch):
    """The race: the existence check passes in both requests; the unique constraint
    decides and the loser still lands on the thank-you page."""
    from django.db.models import QuerySet

    token = read_token(client.get("/consultation/"))
    ConsultationSubmission.objects.create(page=consultation_page, form_data={}, form_token=token)
    monkeypatch.setattr(QuerySet, "exists", lambda self: False)
    response = client.post("/consultation/", {"form_token": token, **valid_answers})
    monkeypatch.undo()
    assert response.status_code == 302
    assert response["Location"] == "/consultation/merci/"
    assert ConsultationSubmission.objects.count() == 1


def test_demo_content_is_idempotent(home_page, consultation_page):
    from consultation.demo import create_consultation
    from consultation.models import ConsultationPage, FormField

    before = (ConsultationPage.objects.count(), FormField.objects.count())
    create_consultation(home_page)
    assert (ConsultationPage.objects.count(), FormField.objects.count()) == before
    assert consultation_page.url == "/consultation/"
    assert consultation_page.show_in_menus and consultation_page.live


@pytest.mark.parametrize("token", ["xyz", ""])
def test_a_bad_token_gets_a_fresh_one_so_the_form_can_be_sent(client, consultation_page,
                                                               valid_answers, token):
    response = client.post("/consultation/", {"form_token": token, **valid_answers})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ce formulaire n’a pas pu être vérifié" in html
    fresh = read_token(response)
    again = client.post("/consultation/", {"form_token": fresh, **valid_answers})
    assert again.status_code == 302
    assert ConsultationSubmission.objects.count() == 1
