"""Assisted entry: staff of "Saisie accompagnée" type paper, phone and front-desk
answers through the public questionnaire's own fields and rules, stored once with their
channel, operator, batch and form number, never rate-limited."""

import datetime

import pytest
from django.utils import timezone

from consultation.assisted.models import EntryBatch, EntryOperator
from consultation.models import ConsultationContact, ConsultationPage, ConsultationSubmission

from ..conftest import read_token
from .conftest import enter, entry_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules_page(home_page):
    """A page with a required conditional question and a question offering "Other"."""
    from consultation.models import FormField

    page = ConsultationPage(title="Règles", slug="regles", form_fields=[
        FormField(sort_order=0, label="Aidé ?", field_type="radio", choices="Oui\nNon",
                  required=True),
        FormField(sort_order=1, label="Par quel service ?", field_type="radio",
                  choices="CCAS\nCAF", required=True, allow_other=True,
                  show_if_question="Aidé ?", show_if_value="Oui"),
    ])
    home_page.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_entry_stores_one_answer_with_channel_operator_batch_and_number(
        operator_client, operator_user, consultation_page, valid_answers, make_batch, settings):
    batch = make_batch("L1")
    response, _data = enter(operator_client, consultation_page, valid_answers, batch,
                            paper_number="12")
    (submission,) = ConsultationSubmission.objects.filter(page=consultation_page)
    # A fresh form for the same batch, with the success message.
    assert response.status_code == 302
    assert response["Location"] == entry_url(consultation_page, batch)
    html = operator_client.get(response["Location"]).content.decode()
    assert f"Réponse n° {submission.pk} enregistrée (formulaire n° 12)." in html
    assert "Lot L1 (Papier)." in html
    assert read_token(operator_client.get(response["Location"])) != _data["form_token"]
    assert submission.channel == "papier"
    assert submission.batch == batch
    assert submission.paper_number == "12"
    assert submission.operator == EntryOperator.objects.get(user=operator_user)
    assert str(submission.operator) == "Opérateur 1"
    assert submission.privacy_notice_version == settings.PORTAL_PRIVACY_NOTICE_VERSION
    # The same keys and values as an online answer.
    assert submission.form_data == valid_answers
    assert submission.commune.insee_code == "40192"


def test_operators_are_numbered_in_order_of_first_entry(
        client, make_user, consultation_page, valid_answers):
    for index, email in enumerate(["a@example.org", "b@example.org", "a@example.org"]):
        user = make_user(email, groups=["Saisie accompagnée"]) if index < 2 else None
        if user is not None:
            client.force_login(user)
            enter(client, consultation_page, valid_answers, channel="telephone")
    assert [str(o) for o in EntryOperator.objects.all()] == ["Opérateur 1", "Opérateur 2"]
    assert ConsultationSubmission.objects.filter(channel="telephone").count() == 2


def test_show_if_hidden_question_is_not_stored(operator_client, consultation_page,
                                               valid_answers, keys):
    answers = {**valid_answers,
               keys["Avez-vous rencontré des difficultés pendant et/ou après le confinement ?"]: "Non"}
    enter(operator_client, consultation_page, answers, channel="accueil")
    (submission,) = ConsultationSubmission.objects.all()
    assert keys["Si oui, dans quel(s) domaine(s) ?"] not in submission.form_data
    assert submission.channel == "accueil"


def test_required_shown_question_and_other_text_are_required(operator_client, rules_page):
    response, _ = enter(operator_client, rules_page, {"aide": "Oui"}, channel="papier")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Champ requis." in html
    assert 'href="#id_par_quel_service_0"' in html  # in the error summary
    response, _ = enter(operator_client, rules_page, {"aide": "Oui", "par_quel_service": "Autre"},
                        channel="papier")
    assert response.status_code == 200
    assert "Précisez votre réponse « Autre »." in response.content.decode()
    assert not ConsultationSubmission.objects.exists()
    response, _ = enter(operator_client, rules_page, {
        "aide": "Oui", "par_quel_service": "Autre", "par_quel_service__autre": "Mairie"},
        channel="papier")
    assert response.status_code == 302
    assert ConsultationSubmission.objects.get().form_data == {
        "aide": "Oui", "par_quel_service": "Autre", "par_quel_service__autre": "Mairie"}


def test_contact_details_need_the_operators_tick(operator_client, consultation_page,
                                                 valid_answers, keys, make_batch):
    batch = make_batch("T1", channel="telephone")
    html = operator_client.get(entry_url(consultation_page, batch)).content.decode()
    assert "Le résident a donné son accord oralement" in html
    assert "site_web" not in html  # no honeypot for staff
    answers = {**valid_answers, keys["Souhaitez-vous jouer un rôle ?"]: "Oui",
               "contact_email": "marie@example.org"}
    response, _ = enter(operator_client, consultation_page, answers, batch)
    assert response.status_code == 200
    assert ("Cochez cette case seulement si le résident a donné son accord ; sinon laissez "
            "ses coordonnées vides.") in response.content.decode()
    assert not ConsultationSubmission.objects.exists()
    response, _ = enter(operator_client, consultation_page,
                        {**answers, "contact_consent": "on"}, batch)
    assert response.status_code == 302
    assert ConsultationContact.objects.get().email == "marie@example.org"
    paper = make_batch("P1")
    html = operator_client.get(entry_url(consultation_page, paper)).content.decode()
    assert "Le résident a signé le consentement sur le formulaire papier" in html
    # Contact details on a paper form whose resident answered "Non": stored without
    # them, and the operator is told.
    response, _ = enter(operator_client, consultation_page,
                        {**answers, keys["Souhaitez-vous jouer un rôle ?"]: "Non",
                         "contact_consent": "on"}, paper)
    assert response.status_code == 302
    html = operator_client.get(response["Location"]).content.decode()
    assert ("Les coordonnées saisies n’ont pas été gardées : elles ne le sont que si la "
            "réponse à « Souhaitez-vous jouer un rôle ? » est « Oui »") in html
    assert ConsultationContact.objects.count() == 1


def test_staff_entries_are_never_rate_limited(operator_client, consultation_page,
                                              valid_answers, settings):
    settings.PORTAL_CONSULTATION_RATE = "1/h"
    for _index in range(3):
        response, _ = enter(operator_client, consultation_page, valid_answers,
                            channel="papier")
        assert response.status_code == 302
    # Three residents may give the same answers: three answers stored.
    assert ConsultationSubmission.objects.count() == 3


def test_double_click_stores_once(operator_client, consultation_page, valid_answers):
    response, data = enter(operator_client, consultation_page, valid_answers,
                           channel="papier")
    again = operator_client.post(entry_url(consultation_page), data)
    assert response.status_code == again.status_code == 302
    assert ConsultationSubmission.objects.count() == 1
    html = operator_client.get(again["Location"]).content.decode()
    assert "Ce formulaire avait déjà été enregistré" in html


def test_channel_is_required_without_a_batch(operator_client, consultation_page,
                                             valid_answers):
    response, _ = enter(operator_client, consultation_page, valid_answers)
    assert response.status_code == 200
    assert "Choisissez comment cette réponse a été recueillie." in response.content.decode()
    assert not ConsultationSubmission.objects.exists()


def test_a_form_number_is_entered_once_in_a_simple_batch(operator_client, consultation_page,
                                                         valid_answers, make_batch):
    batch = make_batch("L2")
    enter(operator_client, consultation_page, valid_answers, batch, paper_number="5")
    response, _ = enter(operator_client, consultation_page, valid_answers, batch,
                        paper_number=" 5 ")
    assert response.status_code == 200
    assert "Le formulaire n° 5 est déjà saisi dans ce lot." in response.content.decode()
    assert ConsultationSubmission.objects.count() == 1


def test_entry_is_allowed_after_the_consultation_closed(operator_client, consultation_page,
                                                        valid_answers):
    consultation_page.closes_at = timezone.now() - datetime.timedelta(days=1)
    consultation_page.save()
    response = operator_client.get(entry_url(consultation_page))
    assert "La consultation en ligne est close" in response.content.decode()
    response, _ = enter(operator_client, consultation_page, valid_answers, channel="papier")
    assert response.status_code == 302
    assert ConsultationSubmission.objects.count() == 1


def test_batches_are_created_and_listed_with_their_status(operator_client, consultation_page):
    url = f"/admin/saisie/{consultation_page.pk}/"
    response = operator_client.post(url, {"number": "2026-01", "channel": "papier",
                                          "double_entry": "on", "note": "Mairie"})
    assert response.status_code == 302
    batch = EntryBatch.objects.get()
    assert (batch.number, batch.channel, batch.double_entry) == ("2026-01", "papier", True)
    html = operator_client.get(url).content.decode()
    assert "Lot 2026-01 créé." in html
    # A batch without any form is not "checked" yet.
    assert "<td>Papier</td>" in html and "<td>oui</td>" in html
    assert "<td>aucun formulaire saisi</td>" in html and "<td>vérifié</td>" not in html
    response = operator_client.post(url, {"number": "2026-01", "channel": "telephone"})
    assert response.status_code == 200
    assert "Le lot 2026-01 existe déjà pour ce questionnaire." in response.content.decode()
    # The same number in other capitals names the same pile of paper.
    response = operator_client.post(url, {"number": " lot-A ", "channel": "papier"})
    assert response.status_code == 302
    response = operator_client.post(url, {"number": "LOT-a", "channel": "papier"})
    assert response.status_code == 200
    assert "Le lot LOT-a existe déjà pour ce questionnaire." in response.content.decode()
    assert EntryBatch.objects.count() == 2
