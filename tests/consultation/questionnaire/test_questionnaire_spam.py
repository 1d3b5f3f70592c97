"""Spam protection of the questionnaire (portal.spam): a honeypot and a per-client rate
limit, with no IP address stored."""

import pytest

from consultation.models import ConsultationSubmission

from ..conftest import answer

pytestmark = pytest.mark.django_db


def test_honeypot_is_hidden_from_people_and_refuses_robots(client, consultation_page, valid_answers):
    html = client.get("/consultation/").content.decode()
    assert 'class="hp-field" aria-hidden="true"' in html
    assert 'name="site_web"' in html and 'tabindex="-1"' in html
    response, _ = answer(client, consultation_page, {**valid_answers, "site_web": "http://spam.example"})
    assert response.status_code == 400
    assert "ressemble à un envoi automatique" in response.content.decode()
    assert ConsultationSubmission.objects.count() == 0


def test_rate_limit_refuses_in_french_and_stores_nothing(client, consultation_page,
                                                         valid_answers, keys, settings):
    settings.PORTAL_CONSULTATION_RATE = "2/h"
    situations = ["emploi", "retraite", "etudiant"]
    statuses = []
    for situation in situations:
        response, _ = answer(client, consultation_page,
                             {**valid_answers, keys["Votre situation"]: situation})
        statuses.append(response.status_code)
    assert statuses == [302, 302, 429]
    assert "trop de fois" in response.content.decode()
    assert ConsultationSubmission.objects.count() == 2
    # The refused answers are still in the form, not lost.
    assert 'value="etudiant" id="id_votre_situation_2" required checked' in \
        response.content.decode()


def test_replays_do_not_count_against_the_rate(client, consultation_page, valid_answers, settings):
    settings.PORTAL_CONSULTATION_RATE = "1/h"
    first, data = answer(client, consultation_page, valid_answers)
    again = client.post("/consultation/", data)
    assert (first.status_code, again.status_code) == (302, 302)
    assert again["Location"] == "/consultation/merci/"
    assert ConsultationSubmission.objects.count() == 1


def test_no_ip_address_is_stored(client, consultation_page, valid_answers):
    answer(client, consultation_page, valid_answers)
    (submission,) = ConsultationSubmission.objects.all()
    assert "127.0.0.1" not in str(submission.form_data)
    assert not any("ip" in field.name for field in ConsultationSubmission._meta.fields)


def test_proposal_box_has_the_same_spam_protection(client, settings):
    from consultation.models import Proposal, ProposalPage
    from tests.consultation.conftest import read_token

    page = ProposalPage.objects.get(slug="propositions")
    html = client.get(page.url).content.decode()
    assert 'class="hp-field" aria-hidden="true"' in html
    before = Proposal.objects.count()

    def propose(title, **extra):
        token = read_token(client.get(page.url))
        return client.post(page.url, {"form_token": token, "title": title,
                                      "description": "Un atelier chaque semaine.",
                                      "commune": "40192", **extra})

    robot = propose("Atelier", site_web="http://spam.example")
    assert robot.status_code == 400 and "ressemble à un envoi automatique" in robot.content.decode()
    settings.PORTAL_SUBMISSION_RATE = "1/h"
    assert propose("Atelier vélo").status_code == 302
    limited = propose("Atelier couture")
    assert limited.status_code == 429 and "trop de fois" in limited.content.decode()
    assert Proposal.objects.count() == before + 1


def test_questionnaire_and_proposals_show_the_versioned_rgpd_notice(client, settings):
    for url in ("/consultation/", "/propositions/"):
        html = client.get(url).content.decode()
        assert "Vos données personnelles" in html, url
        assert "RGPD art. 6.1.e" in html and "RGPD art. 6.1.a" in html, url
        assert f"Version de la notice : {settings.PORTAL_PRIVACY_NOTICE_VERSION}." in html, url
        assert f"au plus tard {settings.PORTAL_CONTACT_RETENTION_DAYS} jours" in html, url
