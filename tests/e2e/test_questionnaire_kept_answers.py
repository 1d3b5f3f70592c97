"""Browser journey: a resident's questionnaire POST meets a database outage (503); the
answers they typed are kept in that tab only (sessionStorage), filled in again when they
come back to the questionnaire, and forgotten once stored (keep-answers.js). axe-core
finds nothing on the 503 page."""

import json
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

from tests.e2e.conftest import axe_violations, describe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DIFFICULTIES = "Avez-vous rencontré des difficultés"
DOMAINS = "Si oui, dans quel(s) domaine(s)"
PROPOSAL = "Une épicerie solidaire itinérante, le mardi — cœur de bourg."


def database_gone():
    """Every query of every thread (the live server's too) fails as when the database
    server went away: a context manager."""
    error = OperationalError("server closed the connection unexpectedly")
    return mock.patch.object(BaseDatabaseWrapper, "_cursor", side_effect=error)


def group(page, question):
    """The fieldset whose legend starts with ``question`` (Playwright Locator)."""
    return page.locator("fieldset", has=page.locator("legend", has_text=question))


def fill_answers(page):
    group(page, DIFFICULTIES).get_by_label("Oui", exact=True).check()
    group(page, DOMAINS).get_by_label("Alimentation", exact=True).check()
    group(page, DOMAINS).get_by_label("Logement", exact=True).check()
    group(page, "Avez-vous été aidé(e)").get_by_label("Non", exact=True).check()
    page.get_by_label("Avez-vous des propositions d'actions à engager ?").fill(PROPOSAL)
    group(page, "Souhaitez-vous jouer un rôle").get_by_label("Oui", exact=True).check()
    page.get_by_label("Votre nom").fill("Jeanne Dupont")
    page.get_by_label("Votre adresse e-mail").fill("jeanne@example.org")
    page.get_by_label("Votre commune").select_option(label="Mont-de-Marsan (40192)")
    group(page, "Votre tranche d'âge").get_by_label("35-49 ans", exact=True).check()
    group(page, "Votre situation").get_by_label("En emploi", exact=True).check()


def assert_answers_filled_in(page, from_storage=True):
    """The answers of :func:`fill_answers` are in the form; ``from_storage``: they came
    from the tab's storage (a new page load), so the contact details are empty (the
    browser's own history may keep them on Back)."""
    page.wait_for_function(
        "() => document.querySelector('textarea') && document.querySelector('textarea').value !== ''")
    assert group(page, DIFFICULTIES).get_by_label("Oui", exact=True).is_checked()
    # The conditional question opened by "Oui" is shown again.
    assert group(page, DOMAINS).is_visible()
    assert group(page, DOMAINS).get_by_label("Alimentation", exact=True).is_checked()
    assert group(page, DOMAINS).get_by_label("Logement", exact=True).is_checked()
    assert not group(page, DOMAINS).get_by_label("Santé", exact=True).is_checked()
    assert group(page, "Avez-vous été aidé(e)").get_by_label("Non", exact=True).is_checked()
    assert not group(page, "Par qui").is_visible()
    assert page.get_by_label("Avez-vous des propositions d'actions à engager ?").input_value() == PROPOSAL
    assert page.get_by_label("Votre commune").input_value() == "40192"
    assert group(page, "Votre tranche d'âge").get_by_label("35-49 ans", exact=True).is_checked()
    assert group(page, "Votre situation").get_by_label("En emploi", exact=True).is_checked()
    if not from_storage:
        return
    # Contact details are personal data: never kept.
    assert page.get_by_label("Votre nom").input_value() == ""
    assert page.get_by_label("Votre adresse e-mail").input_value() == ""


def kept(page):
    """What the tab's sessionStorage holds (dict key -> parsed JSON)."""
    return {key: json.loads(value) for key, value in page.evaluate(
        "() => Object.entries(sessionStorage)")}


def test_answers_survive_a_failed_post_in_the_same_tab_only(page):
    from consultation.models import ConsultationSubmission

    page.goto(page.base_url + "/consultation/")
    first_token = page.locator("input[name=form_token]").input_value()
    fill_answers(page)

    # The database goes away while the answers are sent: every query fails.
    with database_gone():
        with page.expect_response(lambda r: r.request.method == "POST") as sent:
            page.get_by_role("button", name="Envoyer").click()
        assert sent.value.status == 503
        assert sent.value.headers["retry-after"] == "30"
        page.wait_for_selector("h1")
        assert page.locator("h1").inner_text() == "Service momentanément indisponible"
        assert "conservé dans cet onglet" in page.locator("main").inner_text()
        violations = axe_violations(page)
        assert violations == [], describe(violations)
    assert ConsultationSubmission.objects.count() == 0

    # What the tab keeps: answers only, never tokens nor contact details.
    (stored,) = kept(page).values()
    assert not {"csrfmiddlewaretoken", "form_token", "site_web"} & set(stored)
    assert not [name for name in stored if name.startswith("contact_")]
    assert "Jeanne" not in json.dumps(stored) and "jeanne@" not in json.dumps(stored)

    # "Try again" (a plain GET of the questionnaire): the answers are filled in again,
    # with a fresh one-time token.
    page.get_by_role("link", name="Réessayer").click()
    page.wait_for_url("**/consultation/")
    assert_answers_filled_in(page)
    assert page.locator("input[name=form_token]").input_value() != first_token

    # A reload in the same tab: still there.
    page.reload()
    assert_answers_filled_in(page)

    # Another tab has nothing.
    other = page.context.new_page()
    try:
        other.goto(page.base_url + "/consultation/")
        other.wait_for_selector("form[data-keep-answers]")
        assert other.evaluate("() => sessionStorage.length") == 0
        assert not group(other, DIFFICULTIES).get_by_label("Oui", exact=True).is_checked()
        assert other.get_by_label("Avez-vous des propositions d'actions à engager ?").input_value() == ""
    finally:
        other.close()

    # Sent again, now stored: the thank-you page forgets the answers.
    page.get_by_role("button", name="Envoyer").click()
    page.wait_for_url("**/consultation/merci/")
    page.wait_for_function("() => sessionStorage.length === 0")
    assert ConsultationSubmission.objects.count() == 1
    data = ConsultationSubmission.objects.get().get_data()
    assert data["avez_vous_des_propositions_d_actions_a_engager"] == PROPOSAL

    # Back on the questionnaire in this tab: nothing is filled in any more.
    page.goto(page.base_url + "/consultation/")
    page.wait_for_selector("form[data-keep-answers]")
    page.wait_for_load_state("load")
    assert not group(page, DIFFICULTIES).get_by_label("Oui", exact=True).is_checked()
    assert page.evaluate("() => sessionStorage.length") == 0


def test_back_after_the_503_finds_the_answers(page):
    page.goto(page.base_url + "/consultation/")
    fill_answers(page)
    with database_gone():
        page.get_by_role("button", name="Envoyer").click()
        page.wait_for_selector("text=Service momentanément indisponible")
    page.go_back()
    page.wait_for_url("**/consultation/")
    assert_answers_filled_in(page, from_storage=False)


def test_every_kind_of_field_is_kept_and_restored(page):
    """Text field, "Other" text, drop-down list, checkboxes, radio buttons and a
    conditional question on a questionnaire of its own: typed, then the page reloaded
    in the same tab."""
    from consultation.models import ConsultationPage, FormField
    from wagtail.models import Site

    home = Site.objects.get(is_default_site=True).root_page
    questionnaire = ConsultationPage(title="Questionnaire court", slug="questionnaire-court", form_fields=[
        FormField(label="Votre quartier", field_type="singleline", required=False, sort_order=0),
        FormField(label="Votre moyen de transport", field_type="dropdown", required=False,
                  choices="Voiture\nBus\nVélo", sort_order=1),
        FormField(label="Vos besoins", field_type="checkboxes", required=False,
                  choices="Courses\nSoins\nAutre", allow_other=True, sort_order=2),
        FormField(label="Vivez-vous seul(e) ?", field_type="radio", required=False,
                  choices="Oui\nNon", sort_order=3),
        FormField(label="Depuis quand ?", field_type="singleline", required=False,
                  show_if_question="Vivez-vous seul(e) ?", show_if_value="Oui", sort_order=4),
    ])
    home.add_child(instance=questionnaire)
    questionnaire.save_revision().publish()

    page.goto(page.base_url + "/questionnaire-court/")
    since = page.get_by_label("Depuis quand ?")
    assert not since.is_visible()
    page.get_by_label("Votre quartier").fill("Le Peyrouat")
    page.get_by_label("Votre moyen de transport").select_option("Bus")
    needs = group(page, "Vos besoins")
    needs.get_by_label("Soins", exact=True).check()
    needs.get_by_label("Autre", exact=True).check()
    needs.get_by_label("Précisez").fill("Aide aux devoirs")
    group(page, "Vivez-vous seul(e) ?").get_by_label("Oui", exact=True).check()
    since.fill("2021")

    page.reload()
    page.wait_for_function("() => document.querySelector('[name=votre_quartier]').value")
    assert page.get_by_label("Votre quartier").input_value() == "Le Peyrouat"
    assert page.get_by_label("Votre moyen de transport").input_value() == "Bus"
    needs = group(page, "Vos besoins")
    assert needs.get_by_label("Soins", exact=True).is_checked()
    assert not needs.get_by_label("Courses", exact=True).is_checked()
    assert needs.get_by_label("Autre", exact=True).is_checked()
    assert needs.get_by_label("Précisez").input_value() == "Aide aux devoirs"
    assert group(page, "Vivez-vous seul(e) ?").get_by_label("Oui", exact=True).is_checked()
    assert page.get_by_label("Depuis quand ?").is_visible()
    assert page.get_by_label("Depuis quand ?").input_value() == "2021"

    # Unticked, the conditional question hides again, and the change is kept as well.
    group(page, "Vivez-vous seul(e) ?").get_by_label("Non", exact=True).check()
    assert not page.get_by_label("Depuis quand ?").is_visible()
    page.reload()
    page.wait_for_function("() => document.querySelector('[name=votre_quartier]').value")
    assert group(page, "Vivez-vous seul(e) ?").get_by_label("Non", exact=True).is_checked()
    assert not page.get_by_label("Depuis quand ?").is_visible()
