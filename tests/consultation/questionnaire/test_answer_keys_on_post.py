"""An answer whose keys are all recorded already writes no answer keys (one round trip
fewer on PostgreSQL, where the recorded keys come with the form's digest query), and an
answer holding a new key still records it, once, in its place."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from consultation.models import AnswerKey, ConsultationSubmission, FormField
from tests.consultation.conftest import read_token


def answer(page, answers, address):
    """POST ``answers`` to ``page`` as a new resident; the captured queries of the POST."""
    client = Client(REMOTE_ADDR=address)
    data = {"form_token": read_token(client.get(page.url)), **answers}
    with CaptureQueriesContext(connection) as queries:
        response = client.post(page.url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return [query["sql"] for query in queries.captured_queries]


def answer_key_inserts(queries):
    """The INSERTs into the answer keys' table (``INSERT OR IGNORE`` on SQLite)."""
    return [sql for sql in queries
            if sql.startswith("INSERT") and 'INTO "consultation_answerkey"' in sql]


def test_known_keys_are_not_written_again_and_a_new_key_is(consultation_page, valid_answers):
    first = answer(consultation_page, valid_answers, "192.0.2.50")
    assert len(answer_key_inserts(first)) == 1
    recorded = list(AnswerKey.objects.filter(page_id=consultation_page.pk)
                    .values_list("key", "position"))
    assert {key for key, _position in recorded} == set(valid_answers)

    second = answer(consultation_page, valid_answers, "192.0.2.51")
    if connection.vendor == "postgresql":
        assert answer_key_inserts(second) == []
    assert list(AnswerKey.objects.filter(page_id=consultation_page.pk)
                .values_list("key", "position")) == recorded

    FormField.objects.create(page=consultation_page, label="Une question ajoutée",
                             field_type="singleline", required=False, sort_order=99)
    third = answer(consultation_page, {**valid_answers, "une_question_ajoutee": "Oui"},
                   "192.0.2.52")
    assert len(answer_key_inserts(third)) == 1
    new = AnswerKey.objects.get(page_id=consultation_page.pk, key="une_question_ajoutee")
    assert new.submission_id == ConsultationSubmission.objects.order_by("pk").last().pk
    assert AnswerKey.objects.filter(page_id=consultation_page.pk).count() == len(recorded) + 1


def test_a_post_costs_nine_queries_on_postgresql(consultation_page, valid_answers):
    answer(consultation_page, valid_answers, "192.0.2.60")
    client = Client(REMOTE_ADDR="192.0.2.61")
    data = {"form_token": read_token(client.get(consultation_page.url)), **valid_answers}
    with CaptureQueriesContext(connection) as queries:
        assert client.post(consultation_page.url, data).status_code == 302
    if connection.vendor == "postgresql":
        # Site, routing (2: the home page knows the child's model after the first
        # request), view restrictions (1), the kept form with the recorded keys (1);
        # BEGIN, the token, the submission, COMMIT.
        assert len(queries) == 9, [q["sql"][:80] for q in queries.captured_queries]
