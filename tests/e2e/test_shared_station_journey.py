"""Browser journey on a shared computer ("poste partagé"): staff open a session in the
admin and open its link on the computer; a resident's failed send leaves nothing in the
browser's storage; after a stored answer the next resident gets an empty form and may
give the same answers; a shared-computer session answers twice without mixing answers.
axe-core finds nothing on the link's page and the questionnaire in station mode."""

import pytest

from tests.e2e.conftest import axe_violations, describe, new_page, sign_in_to_admin
from tests.e2e.test_questionnaire_kept_answers import (
    DIFFICULTIES, PROPOSAL, database_gone, fill_answers, group,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def fill_all(page):
    """The answers of the kept-answers journey, with the contact consent ticked."""
    fill_answers(page)
    page.locator("input[name=contact_consent]").check()


def storage_sizes(page):
    """(sessionStorage.length, localStorage.length) of ``page``."""
    return tuple(page.evaluate("() => [sessionStorage.length, localStorage.length]"))


def test_a_shared_computer_session_answers_twice_without_mixing_answers(
        page, browser, make_user):
    from consultation.models import ConsultationSubmission
    from consultation.stations.models import SharedStation

    make_user("ccas@example.org", groups=["Saisie accompagnée"], is_staff=True)
    # Staff open the session in the admin.
    sign_in_to_admin(page, "ccas@example.org", "pass-word-123")
    page.goto(page.base_url + "/admin/postes-partages/ouvrir/")
    page.get_by_label("Lieu").fill("Médiathèque de Dax")
    page.get_by_label("Durée").select_option("4h")
    page.get_by_role("button", name="Ouvrir").click()
    page.wait_for_url("**/admin/postes-partages/")
    link = page.get_by_label("Lien de « Médiathèque de Dax »").input_value()
    assert "/consultation/poste-partage/" in link
    station = SharedStation.objects.get()

    # On the shared computer (another browser profile).
    desk = new_page(browser, page.base_url, viewport={"width": 390, "height": 844})
    try:
        desk.goto(link)
        assert desk.locator("h1").inner_text() == "Poste partagé prêt"
        violations = axe_violations(desk)
        assert violations == [], describe(violations)
        # Something an earlier visitor left in this tab is cleared on arrival.
        desk.evaluate("() => sessionStorage.setItem('ns-questionnaire-' + "
                      f"{station.page_id}, JSON.stringify({{x: ['old']}}))")
        desk.get_by_role("link", name="Commencer le questionnaire").click()
        desk.wait_for_url("**/consultation/")
        assert "Poste partagé — vos réponses sont effacées après l’envoi" in \
            desk.locator("main").inner_text()
        violations = axe_violations(desk)
        assert violations == [], describe(violations)
        desk.wait_for_function("() => sessionStorage.length === 0")

        # First resident: the send fails, nothing is kept in the browser.
        fill_answers(desk)
        with database_gone():
            with desk.expect_response(lambda r: r.request.method == "POST") as sent:
                desk.get_by_role("button", name="Envoyer").click()
            assert sent.value.status == 503
            desk.wait_for_selector("h1")
        assert storage_sizes(desk) == (0, 0)
        desk.goto(page.base_url + "/consultation/")
        desk.wait_for_load_state("load")
        assert not group(desk, DIFFICULTIES).get_by_label("Oui", exact=True).is_checked()
        assert desk.get_by_label(
            "Avez-vous des propositions d'actions à engager ?").input_value() == ""

        # Sent again, stored: the page is ready for the next person.
        fill_all(desk)
        desk.get_by_role("button", name="Envoyer").click()
        desk.wait_for_url("**/consultation/merci/")
        assert "Réponse enregistrée. Le questionnaire est prêt pour la personne suivante." \
            in desk.locator("main").inner_text()
        assert storage_sizes(desk) == (0, 0)

        # Second resident: an empty form; the same answers are stored again.
        desk.get_by_role("link", name="Nouveau questionnaire pour la personne suivante").click()
        desk.wait_for_url("**/consultation/")
        assert not group(desk, DIFFICULTIES).get_by_label("Oui", exact=True).is_checked()
        assert desk.get_by_label("Votre nom").input_value() == ""
        fill_all(desk)
        desk.get_by_role("button", name="Envoyer").click()
        desk.wait_for_url("**/consultation/merci/")
        assert storage_sizes(desk) == (0, 0)
    finally:
        desk.context.close()

    submissions = ConsultationSubmission.objects.order_by("pk")
    assert submissions.count() == 2
    assert [s.shared_station_id for s in submissions] == [station.pk, station.pk]
    assert all(s.form_data["avez_vous_des_propositions_d_actions_a_engager"] == PROPOSAL
               for s in submissions)


def test_a_station_left_idle_warns_then_empties_the_questionnaire(page):
    """After 10 minutes without input a warning (with a button to go on, RGAA 13.1)
    is announced; a minute later the questionnaire is loaded again, empty."""
    import datetime

    from django.utils import timezone

    from consultation.models import ConsultationPage
    from consultation.stations import services
    from consultation.stations.models import SharedStation

    station = SharedStation.objects.create(
        page=ConsultationPage.objects.get(slug="consultation"), label="Accueil",
        expires_at=timezone.now() + datetime.timedelta(hours=1))
    page.clock.install()
    page.goto(page.base_url + services.link_path(station))
    page.get_by_role("link", name="Commencer le questionnaire").click()
    page.wait_for_url("**/consultation/")
    page.wait_for_load_state("load")
    answer = page.get_by_label("Avez-vous des propositions d'actions à engager ?")
    answer.fill(PROPOSAL)
    warning = page.get_by_role("alert").filter(has_text="sera vidé dans une minute")
    page.clock.run_for("09:00")
    assert not warning.is_visible()
    page.clock.run_for("01:05")
    assert warning.is_visible()
    # "Continuer à répondre" keeps the answers and hides the warning.
    page.get_by_role("button", name="Continuer à répondre").click()
    assert not warning.is_visible() and answer.input_value() == PROPOSAL
    page.clock.run_for("10:05")
    assert warning.is_visible()
    with page.expect_navigation():
        page.clock.run_for("01:05")
    page.wait_for_load_state("load")
    assert page.get_by_label(
        "Avez-vous des propositions d'actions à engager ?").input_value() == ""
