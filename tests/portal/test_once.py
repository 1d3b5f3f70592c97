"""Each rendered public form is stored at most once (portal.once), with every worker
process sharing the record: the map's "Ajouter une action", the questionnaire and the
proposal box. Sent again in a row, or several times at once, the resident always lands
on the thank-you page and exactly one row is stored; never a 500."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from tests.consultation.conftest import read_token
from tests.initiatives.test_public_submission import ADD_URL, stored_counts, valid_data

MAP_THANKS = "Merci ! Votre action a bien été reçue."
QUESTIONNAIRE_THANKS = "Merci pour votre participation"
PROPOSAL_THANKS = "Merci pour votre proposition"

PROPOSAL = {
    "title": "Un atelier de réparation de vélos",
    "description": "Chaque samedi matin, des bénévoles aident à réparer.",
    "themes": ["mobilite"],
    "commune": "40192",
}

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent transactions need PostgreSQL (SQLite serialises every writer)",
)


def map_form(client):
    """GET the map form: POST data of a valid action with the rendered form's token."""
    response = client.get(ADD_URL)
    assert response.status_code == 200
    return valid_data(form_token=read_token(response))


def questionnaire_answers():
    """Valid answers to the demo questionnaire (POST data without the token)."""
    from consultation.models import ConsultationPage

    page = ConsultationPage.objects.get(slug="consultation")
    keys = {f.label: f.clean_name for f in page.get_form_fields()}
    return {
        keys["Avez-vous rencontré des difficultés pendant et/ou après le confinement ?"]: "Non",
        keys["Avez-vous été aidé(e) ?"]: "Non",
        keys["Souhaitez-vous jouer un rôle ?"]: "Non",
        keys["Votre commune"]: "40192",
        keys["Votre tranche d'âge"]: "35-49",
        keys["Votre situation"]: "emploi",
    }


@pytest.mark.django_db
def test_the_same_map_form_sent_8_times_in_a_row_stores_one_action(
    client, django_capture_on_commit_callbacks
):
    from django.core import mail

    data = map_form(client)
    before = stored_counts()
    for _ in range(8):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(ADD_URL, data, follow=True)
        assert response.status_code == 200
        assert MAP_THANKS in response.text
    assert stored_counts()[0] == before[0] + 1
    assert stored_counts()[2] == before[2] + 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_back_and_send_again_from_the_same_browser_stores_one_action(
    client, django_capture_on_commit_callbacks
):
    before = stored_counts()
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(ADD_URL, map_form(client), follow=True)
        assert MAP_THANKS in response.text
    assert stored_counts()[0] == before[0] + 1


@pytest.mark.django_db
def test_the_map_form_token_is_recorded_in_the_database(client):
    from portal.models import FormToken

    data = map_form(client)
    client.post(ADD_URL, data)
    (used,) = FormToken.objects.filter(token=data["form_token"])
    assert used.scope == "initiatives.submit"


@pytest.mark.django_db
def test_the_questionnaire_and_proposals_sent_8_times_in_a_row_store_once(client):
    from consultation.models import ConsultationSubmission
    from consultation.models import Proposal

    token = read_token(client.get("/consultation/"))
    for _ in range(8):
        response = client.post("/consultation/", {"form_token": token, **questionnaire_answers()},
                               follow=True)
        assert QUESTIONNAIRE_THANKS in response.content.decode()
    assert ConsultationSubmission.objects.count() == 1

    before = Proposal.objects.count()
    token = read_token(client.get("/propositions/"))
    for _ in range(8):
        response = client.post("/propositions/", {"form_token": token, **PROPOSAL}, follow=True)
        assert PROPOSAL_THANKS in response.content.decode()
    assert Proposal.objects.count() == before + 1


def post_at_once(url, data, times=8):
    """POST ``data`` to ``url`` from ``times`` threads at once, each with its own
    django.test.Client and database connection. Output: list of (status, body)."""
    barrier = threading.Barrier(times)
    results = []

    def send():
        try:
            barrier.wait()
            response = Client().post(url, data, follow=True)
            results.append((response.status_code, response.content.decode()))
        except Exception as error:  # the assertion below shows it
            results.append((0, repr(error)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_8_concurrent_posts_of_one_map_form_store_one_action():
    from initiatives.models import InitiativePage

    data = map_form(Client())
    before = InitiativePage.objects.filter(title=data["title"]).count()
    results = post_at_once(ADD_URL, data)
    assert [status for status, _body in results] == [200] * 8, results
    assert all(MAP_THANKS in body for _status, body in results)
    assert InitiativePage.objects.filter(title=data["title"]).count() == before + 1


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_8_concurrent_posts_of_one_questionnaire_store_one_answer():
    from consultation.models import ConsultationSubmission

    token = read_token(Client().get("/consultation/"))
    results = post_at_once("/consultation/", {"form_token": token, **questionnaire_answers()})
    assert [status for status, _body in results] == [200] * 8, results
    assert all(QUESTIONNAIRE_THANKS in body for _status, body in results)
    assert ConsultationSubmission.objects.filter(form_token=token).count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_8_concurrent_posts_of_one_proposal_store_one_proposal():
    from consultation.models import Proposal

    token = read_token(Client().get("/propositions/"))
    results = post_at_once("/propositions/", {"form_token": token, **PROPOSAL})
    assert [status for status, _body in results] == [200] * 8, results
    assert all(PROPOSAL_THANKS in body for _status, body in results)
    assert Proposal.objects.filter(title=PROPOSAL["title"]).count() == 1


@pytest.mark.django_db
def test_purge_form_tokens_deletes_only_old_tokens(settings):
    from django.core.management import call_command

    from portal.models import FormToken

    settings.PORTAL_FORM_TOKEN_DAYS = 30
    old = FormToken.objects.create(token="old", scope="tests")
    FormToken.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )
    recent = FormToken.objects.create(token="recent", scope="tests")
    call_command("purge_form_tokens", verbosity=0)
    assert list(FormToken.objects.filter(scope="tests")) == [recent]


@pytest.mark.django_db
def test_a_form_refused_by_the_rate_limit_can_be_sent_once_the_period_is_over(
    client, settings, django_capture_on_commit_callbacks
):
    """The token of a refused post is released with its transaction: nothing stored, and
    the same rendered form is accepted later."""
    from django.core.cache import cache

    from portal.models import FormToken

    settings.PORTAL_SUBMISSION_RATE = "1/h"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(ADD_URL, map_form(client)).status_code == 302
    data = map_form(client)
    data["title"] = "Une autre action"
    before = stored_counts()
    refused = client.post(ADD_URL, data)
    assert refused.status_code == 429
    assert "Vous avez envoyé ce formulaire trop de fois" in refused.text
    assert stored_counts() == before
    assert not FormToken.objects.filter(token=data["form_token"]).exists()
    cache.clear()  # an hour later
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ADD_URL, data, follow=True)
    assert MAP_THANKS in response.text
    assert stored_counts()[0] == before[0] + 1
