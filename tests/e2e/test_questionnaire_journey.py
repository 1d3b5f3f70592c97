"""Browser journeys: a resident answers the questionnaire; the diagnostic is readable.

axe-core (from node_modules) must find no violation on the questionnaire, its error
state, the thank-you page, the diagnostic index and a chapter (RGAA 4.1 / WCAG 2.1 AA).
"""

import pytest

from tests.e2e.conftest import axe_violations, describe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def choose(page, question, option):
    """Tick ``option`` (visible label) in the fieldset whose legend starts with ``question``."""
    group = page.locator("fieldset", has=page.locator("legend", has_text=question))
    group.get_by_label(option, exact=True).check()


def test_resident_answers_and_sees_the_thank_you_page(page):
    from consultation.models import ConsultationSubmission

    page.goto(page.base_url + "/consultation/")
    assert page.locator("h1").inner_text() == "Consultation : la crise et vous"
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    choose(page, "Avez-vous rencontré des difficultés", "Oui")
    choose(page, "Si oui, dans quel(s) domaine(s)", "Alimentation")
    choose(page, "Si oui, dans quel(s) domaine(s)", "Logement")
    choose(page, "Avez-vous été aidé(e)", "Oui")
    choose(page, "Par qui", "Une association")
    page.get_by_label("Avez-vous des propositions d'actions à engager ?").fill(
        "Une épicerie solidaire itinérante, cœur de bourg — le mardi."
    )
    choose(page, "Souhaitez-vous jouer un rôle", "Non")
    page.get_by_label("Votre commune").select_option(label="Mont-de-Marsan (40192)")
    choose(page, "Votre tranche d'âge", "35-49 ans")
    choose(page, "Votre situation", "En emploi")
    page.get_by_role("button", name="Envoyer").click()

    page.wait_for_url("**/consultation/merci/")
    assert "Merci pour votre participation" in page.locator("main").inner_text()
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    (submission,) = ConsultationSubmission.objects.all()
    data = submission.get_data()
    assert submission.commune.name == "Mont-de-Marsan"
    assert sorted(data["si_oui_dans_quel_s_domaine_s"]) == ["alimentation", "logement"]
    assert data["avez_vous_des_propositions_d_actions_a_engager"].startswith(
        "Une épicerie solidaire itinérante, cœur de bourg"
    )

    # Back, then send the same rendered form again: still one submission, thank-you page.
    page.go_back()
    page.wait_for_url("**/consultation/")
    if page.get_by_role("button", name="Envoyer").is_visible():
        page.get_by_role("button", name="Envoyer").click()
        page.wait_for_load_state()
    assert ConsultationSubmission.objects.count() == 1


def test_empty_questionnaire_shows_an_accessible_error_summary(page):
    from consultation.models import ConsultationSubmission

    page.goto(page.base_url + "/consultation/")
    page.get_by_role("button", name="Envoyer").click()
    page.wait_for_selector("#resume-erreurs")
    page.wait_for_load_state("domcontentloaded")  # after the deferred focus script
    assert page.evaluate("document.activeElement.id") == "resume-erreurs"
    summary = page.locator("#resume-erreurs").inner_text()
    assert "Votre situation" in summary
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    # Each link of the summary leads to an element that exists.
    for href in page.locator("#resume-erreurs a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    ):
        assert page.locator(href).count() == 1, href
    assert ConsultationSubmission.objects.count() == 0


@pytest.mark.parametrize("path", ["/diagnostic/", "/diagnostic/territoire-et-population/"])
def test_diagnostic_pages_have_no_axe_violation(page, path):
    response = page.goto(page.base_url + path)
    assert response.status == 200
    assert page.locator("h1").count() == 1
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def tab_to(page, selector, limit=120):
    """Press Tab until the focused element matches ``selector`` (CSS); fail otherwise."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never got the keyboard focus")


def test_keyboard_only_with_a_conditional_question_and_an_error(page):
    from consultation.models import ConsultationSubmission

    page.goto(page.base_url + "/consultation/")
    domains = page.locator("fieldset", has=page.locator("legend", has_text="dans quel(s) domaine(s)"))
    helped_by = page.locator("fieldset", has=page.locator("legend", has_text="Par qui"))
    contact = page.locator("fieldset.contact-details")
    # Conditional questions are hidden until their answer is given.
    assert not domains.is_visible() and not helped_by.is_visible() and not contact.is_visible()

    tab_to(page, "input[name=avez_vous_rencontre_des_difficultes_pendant_et_ou_apres_le_confinement]")
    page.keyboard.press("Space")  # "Oui", the first option
    assert domains.is_visible()
    tab_to(page, "input[name=si_oui_dans_quel_s_domaine_s][value=alimentation]")
    page.keyboard.press("Space")
    tab_to(page, "input[name=avez_vous_ete_aide_e]")
    page.keyboard.press("ArrowDown")  # "Non": the "Par qui ?" question stays hidden
    assert page.locator("input[name=avez_vous_ete_aide_e][value=Non]").is_checked()
    assert not helped_by.is_visible()
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")

    # The error summary takes the focus and links to each missing answer.
    page.wait_for_selector("#resume-erreurs")
    page.wait_for_load_state("domcontentloaded")  # after the deferred focus script
    assert page.evaluate("document.activeElement.id") == "resume-erreurs"
    summary = page.locator("#resume-erreurs")
    assert "Votre commune" in summary.inner_text()
    assert page.locator("[aria-invalid=true]").count() >= 4
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    # Answers given before the error are kept, and so is what they show.
    assert page.locator("input[value=alimentation]").is_checked() and domains.is_visible()

    summary.get_by_role("link", name="Votre commune").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_votre_commune"
    page.keyboard.type("Mont-de-Marsan")
    assert page.locator("#id_votre_commune").input_value() == "40192"
    tab_to(page, "input[name=souhaitez_vous_jouer_un_role]")
    page.keyboard.press("ArrowDown")  # "Non"
    tab_to(page, "input[name=votre_tranche_d_age]")
    page.keyboard.press("Space")
    tab_to(page, "input[name=votre_situation]")
    page.keyboard.press("Space")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")

    page.wait_for_url("**/consultation/merci/")
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    (submission,) = ConsultationSubmission.objects.all()
    data = submission.get_data()
    assert data["si_oui_dans_quel_s_domaine_s"] == ["alimentation"]
    assert data["avez_vous_ete_aide_e"] == "Non" and "par_qui" not in data
    assert submission.commune.insee_code == "40192"
