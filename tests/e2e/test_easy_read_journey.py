"""Browser journey: a resident reaches the easy-read version of the questionnaire
("Version facile à lire et à comprendre") from the standard page and answers it with the
keyboard only (Tab, Space, arrows, Enter): a question shown by an earlier answer appears,
an error summary takes the focus, axe-core finds no violation, questions are named by
their easy-read text for a screen reader (fieldset and legend, labels, help tied to the
input), and the answer is stored under the same keys with the version "facile"."""

import pytest

from tests.e2e.conftest import axe_violations, describe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DIFFICULTIES = "avez_vous_rencontre_des_difficultes_pendant_et_ou_apres_le_confinement"
DOMAINS = "si_oui_dans_quel_s_domaine_s"
HELPED = "avez_vous_ete_aide_e"


def tab_to(page, selector, limit=150):
    """Press Tab until the focused element matches ``selector`` (CSS); fail otherwise."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never got the keyboard focus")


def description_of(page, selector):
    """The text of the elements named by the aria-describedby of ``selector`` (str)."""
    return page.evaluate(
        """(s) => (document.querySelector(s).getAttribute('aria-describedby') || '')
             .split(' ').filter(Boolean)
             .map((id) => document.getElementById(id).textContent.trim()).join(' ')""",
        selector,
    )


def test_keyboard_only_easy_read_answer_is_stored_with_its_version(page):
    from consultation.models import ConsultationSubmission

    page.goto(page.base_url + "/consultation/")
    tab_to(page, "a[href='/consultation/facile-a-lire/']")
    assert page.evaluate("document.activeElement.textContent") == (
        "Version facile à lire et à comprendre")
    page.keyboard.press("Enter")
    page.wait_for_url("**/consultation/facile-a-lire/")
    assert page.title().startswith("Version facile à lire et à comprendre")
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    # Larger text than the standard version, aligned left, not in italics.
    style = page.evaluate("""() => {
        const s = getComputedStyle(document.querySelector('main .form-field legend'));
        return {size: parseFloat(s.fontSize), align: s.textAlign, italic: s.fontStyle};
    }""")
    assert style["size"] >= 19.2 and style["align"] in ("left", "start")
    assert style["italic"] == "normal"

    # What a screen reader announces: the group by its easy-read question, each option by
    # its easy-read label, the help text tied to its input.
    difficulties = page.get_by_role(
        "group", name="Avez-vous eu des problèmes pendant le confinement ou après ? (obligatoire)")
    assert difficulties.get_by_role("radio", name="Oui, j'ai eu des problèmes").count() == 1
    assert "Écrivez vos idées." in description_of(page, "textarea")
    domains = page.get_by_role("group", name="Quels problèmes avez-vous eus ?")
    assert not domains.is_visible()

    tab_to(page, f"input[name={DIFFICULTIES}]")
    page.keyboard.press("Space")  # "Oui, j'ai eu des problèmes", the first option
    assert domains.is_visible()
    tab_to(page, f"input[name={DOMAINS}][value=alimentation]")
    page.keyboard.press("Space")
    tab_to(page, f"input[name={HELPED}]")
    page.keyboard.press("ArrowDown")  # "Non, personne ne m'a aidé"
    assert page.get_by_role("radio", name="Non, personne ne m'a aidé").is_checked()
    assert not page.get_by_role("group", name="Qui vous a aidé ?").is_visible()
    tab_to(page, "button[type=submit]")
    assert page.evaluate("document.activeElement.textContent") == "Envoyer mes réponses"
    page.keyboard.press("Enter")

    # The error summary takes the focus and names the questions in easy-read words.
    page.wait_for_selector("#resume-erreurs")
    page.wait_for_load_state("domcontentloaded")  # after the deferred focus script
    assert page.url.endswith("/consultation/facile-a-lire/")
    assert page.evaluate("document.activeElement.id") == "resume-erreurs"
    summary = page.locator("#resume-erreurs")
    assert "Dans quelle commune habitez-vous ?" in summary.inner_text()
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    assert page.locator("input[value=alimentation]").is_checked() and domains.is_visible()

    summary.get_by_role("link", name="Dans quelle commune habitez-vous ?").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_votre_commune"
    page.keyboard.type("Mont-de-Marsan")
    assert page.locator("#id_votre_commune").input_value() == "40192"
    tab_to(page, "input[name=souhaitez_vous_jouer_un_role]")
    page.keyboard.press("ArrowDown")  # "Non, je ne veux pas participer"
    tab_to(page, "input[name=votre_tranche_d_age]")
    page.keyboard.press("Space")  # "Moins de 18 ans"
    tab_to(page, "input[name=votre_situation]")
    page.keyboard.press("Space")  # "J'ai un travail"
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")

    page.wait_for_url("**/consultation/merci/")
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    (submission,) = ConsultationSubmission.objects.all()
    data = submission.get_data()
    assert submission.version == "facile"
    assert data[DIFFICULTIES] == "Oui" and data[DOMAINS] == ["alimentation"]
    assert data[HELPED] == "Non" and "par_qui" not in data
    assert data["souhaitez_vous_jouer_un_role"] == "Non"
    assert data["votre_tranche_d_age"] == "moins-18" and data["votre_situation"] == "emploi"
    assert submission.commune.insee_code == "40192"
