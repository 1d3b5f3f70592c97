"""Double entry: in a double-entry batch a second operator enters each paper form
again; the differences are listed on the batch page with readable labels and settled
by a member of the group, the value kept written into the answer."""

import pytest
from django.test import Client
from wagtail.models import PageLogEntry

from consultation.assisted.models import EntryDifference, SecondEntry
from consultation.models import ConsultationSubmission

from .conftest import enter

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_clients(operator_user, other_operator_user):
    first, second = Client(), Client()
    first.force_login(operator_user)
    second.force_login(other_operator_user)
    return first, second


@pytest.fixture
def batch(make_batch):
    return make_batch("D1", double_entry=True)


def batch_html(client, batch):
    return client.get(f"/admin/saisie/{batch.page_id}/lots/{batch.pk}/").content.decode()


def test_second_entry_records_differences_listed_and_settled(
        two_clients, consultation_page, valid_answers, keys, batch):
    first, second = two_clients
    enter(first, consultation_page, valid_answers, batch, paper_number="7")
    age = keys["Votre tranche d'âge"]
    domains = keys["Si oui, dans quel(s) domaine(s) ?"]
    proposals = keys["Avez-vous des propositions d'actions à engager ?"]
    again = {**valid_answers, age: "50-64",
             domains: list(reversed(valid_answers[domains])),  # same set: no difference
             proposals: valid_answers[proposals] + "  "}      # spaces: no difference
    response, _ = enter(second, consultation_page, again, batch, paper_number="7")
    assert response.status_code == 302
    assert "Seconde saisie du formulaire n° 7 enregistrée : 1 écart(s) à trancher." in (
        second.get(response["Location"]).content.decode())
    # No new answer: the first entry stays the answer.
    (submission,) = ConsultationSubmission.objects.all()
    assert SecondEntry.objects.get().submission == submission
    (difference,) = EntryDifference.objects.all()
    assert (difference.key, difference.first_value, difference.second_value) == (
        age, "35-49", "50-64")
    html = batch_html(first, batch)
    assert "<strong>à vérifier</strong>" in html
    assert "<td>Votre tranche d&#x27;âge</td>" in html
    assert "<td>35-49 ans</td>" in html and "<td>50-64 ans</td>" in html
    # Settled by keeping the second value, written into the answer.
    response = second.post(f"/admin/saisie/{batch.page_id}/lots/{batch.pk}/",
                           {"difference": difference.pk, "kept": "second"})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.form_data[age] == "50-64"
    difference.refresh_from_db()
    assert difference.kept == "second" and difference.settled_by is not None
    assert difference.settled_at is not None
    html = batch_html(second, batch)
    assert "Écart tranché." in html
    assert "<strong>vérifié</strong>" in html
    assert "Aucun écart à trancher." in html
    (entry,) = PageLogEntry.objects.filter(action="consultation.settle_difference")
    # The committee reads the page's history: the operator by number, never the account.
    assert entry.user is None and entry.data["operator"] == difference.settled_by.number
    # Settling again changes nothing.
    second.post(f"/admin/saisie/{batch.page_id}/lots/{batch.pk}/",
                {"difference": difference.pk, "kept": "first"})
    submission.refresh_from_db()
    assert submission.form_data[age] == "50-64"
    assert PageLogEntry.objects.filter(action="consultation.settle_difference").count() == 1


def test_the_same_operator_may_not_enter_a_form_twice(two_clients, consultation_page,
                                                      valid_answers, batch):
    first, _second = two_clients
    enter(first, consultation_page, valid_answers, batch, paper_number="8")
    response, _ = enter(first, consultation_page, valid_answers, batch, paper_number="8")
    assert response.status_code == 200
    assert ("Vous avez fait la première saisie du formulaire n° 8 : la seconde doit être "
            "faite par un autre opérateur.") in response.content.decode()
    assert not SecondEntry.objects.exists()
    assert ConsultationSubmission.objects.count() == 1


def test_a_third_entry_is_refused(two_clients, consultation_page, valid_answers, batch,
                                  make_user):
    first, second = two_clients
    enter(first, consultation_page, valid_answers, batch, paper_number="9")
    enter(second, consultation_page, valid_answers, batch, paper_number="9")
    third = Client()
    third.force_login(make_user("saisie3@example.org", groups=["Saisie accompagnée"]))
    response, _ = enter(third, consultation_page, valid_answers, batch, paper_number="9")
    assert "Le formulaire n° 9 a déjà été saisi deux fois." in response.content.decode()
    assert SecondEntry.objects.count() == 1


def test_a_form_without_its_second_entry_keeps_the_batch_to_check(
        two_clients, consultation_page, valid_answers, batch):
    first, second = two_clients
    enter(first, consultation_page, valid_answers, batch, paper_number="1")
    enter(second, consultation_page, valid_answers, batch, paper_number="1")
    assert "<strong>vérifié</strong>" in batch_html(first, batch)  # identical: no difference
    enter(first, consultation_page, valid_answers, batch, paper_number="2")
    html = batch_html(first, batch)
    assert "<strong>à vérifier</strong>" in html
    assert "manquante" in html
    listing = first.get(f"/admin/saisie/{batch.page_id}/").content.decode()
    assert "<td>à vérifier</td>" in listing


def test_a_double_entry_form_needs_its_number(two_clients, consultation_page,
                                              valid_answers, batch):
    response, _ = enter(two_clients[0], consultation_page, valid_answers, batch)
    assert response.status_code == 200
    assert ("Indiquez le numéro du formulaire : chaque formulaire d&#x27;un lot en double "
            "saisie est saisi deux fois.") in response.content.decode()
    assert not ConsultationSubmission.objects.exists()


def test_batch_counts_forms_once_whatever_their_differences(
        two_clients, consultation_page, valid_answers, keys, batch):
    """Three forms, two entered twice, one of them with two differences: the batch reads
    3 forms and 2 second entries (the join over differences must not repeat a form)."""
    from consultation.assisted.services import batch_summary

    first, second = two_clients
    age = keys["Votre tranche d'âge"]
    proposals = keys["Avez-vous des propositions d'actions à engager ?"]
    for number in ("001", "002", "004"):
        enter(first, consultation_page, valid_answers, batch, paper_number=number)
    enter(second, consultation_page, {**valid_answers, age: "50-64",
                                      proposals: "Autre chose"}, batch, paper_number="001")
    enter(second, consultation_page, valid_answers, batch, paper_number="002")
    assert EntryDifference.objects.count() == 2
    summary = batch_summary(batch)
    assert (summary["answers"], summary["second_entries"], summary["unsettled"]) == (3, 2, 2)
    assert summary["status_label"] == "à vérifier"
