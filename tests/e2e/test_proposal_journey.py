"""Browser journey: a resident reads the published proposals, opens the form with the
"Proposer une action" disclosure, proposes an action with the keyboard only, fixes the
errors shown in the summary (the form shown open), and sees the thank-you page; axe-core finds no violation on
the form, its error state and the thank-you page (RGAA 4.1 / WCAG 2.1 AA)."""

import pytest

from tests.e2e.conftest import axe_violations, describe, new_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def active_id(page):
    return page.evaluate("document.activeElement.id")


def test_resident_proposes_an_action_with_the_keyboard(page):
    from consultation.models import Proposal, ProposalContact

    page.goto(page.base_url + "/propositions/")
    assert page.locator("h1").inner_text() == "Vos propositions d'actions"
    assert "Des permanences numériques à la médiathèque" in page.locator("#propositions").inner_text()
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    # The published proposals come first; the form waits behind a disclosure button.
    toggle = page.get_by_role("button", name="Proposer une action")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert toggle.get_attribute("aria-controls") == "proposer"
    assert not page.get_by_label("Titre de votre proposition").is_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert active_id(page) == "proposer-titre"
    assert page.get_by_label("Titre de votre proposition").is_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    # Send the empty form with the keyboard: the form comes back open, the error summary
    # focused.
    page.get_by_role("button", name="Envoyer ma proposition").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#resume-erreurs")
    page.wait_for_load_state("domcontentloaded")  # after the deferred focus script
    assert active_id(page) == "resume-erreurs"
    assert page.get_by_role("button", name="Proposer une action").get_attribute(
        "aria-expanded") == "true"
    summary = page.locator("#resume-erreurs").inner_text()
    assert "Titre de votre proposition" in summary and "Champ requis." in summary
    assert page.get_by_label("Titre de votre proposition").get_attribute("aria-invalid") == "true"
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    # Follow the summary's first link with the keyboard, then fill the form.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#id_title"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'id_title'")
    page.keyboard.type("Un café des aidants une fois par mois")
    page.keyboard.press("Tab")
    assert active_id(page) == "id_description"
    page.keyboard.type("Un lieu pour souffler et échanger entre aidants de proches âgés, avec une psychologue.")
    page.keyboard.press("Tab")
    assert active_id(page) == "id_themes_0"  # Alimentation
    for _ in range(4):
        page.keyboard.press("Tab")
    assert active_id(page) == "id_themes_4"  # Isolement et lien social
    page.keyboard.press("Space")
    while active_id(page) != "id_themes_10":  # Personnes âgées
        page.keyboard.press("Tab")
    page.keyboard.press("Space")
    while active_id(page) != "id_commune":
        page.keyboard.press("Tab")
    page.keyboard.type("Mont-de-Marsan")
    assert page.locator("#id_commune").input_value() == "40192"
    page.keyboard.press("Tab")
    assert active_id(page) == "id_contact_consent"  # left unticked: anonymous
    page.get_by_role("button", name="Envoyer ma proposition").focus()
    page.keyboard.press("Enter")

    page.wait_for_url("**/propositions/merci/")
    assert "Merci pour votre proposition" in page.locator("main").inner_text()
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    proposal = Proposal.objects.get(title="Un café des aidants une fois par mois")
    assert proposal.status == "submitted"
    assert sorted(t.slug for t in proposal.themes.all()) == ["aines", "isolement"]
    assert proposal.commune.name == "Mont-de-Marsan"
    assert not ProposalContact.objects.filter(proposal=proposal).exists()

    # Not public before moderation.
    page.goto(page.base_url + "/propositions/")
    assert "Un café des aidants" not in page.locator("#propositions").inner_text()


def test_without_javascript_the_button_is_a_link_to_the_form_after_the_proposals(
        browser, live_server):
    page = new_page(browser, live_server.url, java_script_enabled=False,
                    viewport={"width": 390, "height": 844})
    try:
        page.goto(live_server.url + "/propositions/")
        link = page.get_by_role("link", name="Proposer une action")
        assert link.get_attribute("href") == "#proposer"
        order = page.evaluate("""() => [...document.querySelectorAll('main h2')]
            .map((h) => h.textContent.trim())""")
        assert order.index("Propositions publiées") < order.index("Proposer une action")
        link.click()
        page.wait_for_url("**/propositions/#proposer")
        assert page.get_by_label("Titre de votre proposition").is_visible()
    finally:
        page.context.close()
