"""Browser journeys on the legal pages: no axe-core violation on a desktop screen and
on a phone, no horizontal scrolling at 320 px, the footer's links followed with the
keyboard, the contact form's errors announced then the message sent."""

import pytest

from tests.e2e.conftest import OVERFLOWING, axe_violations, describe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PAGES = ["/mentions-legales/", "/donnees-personnelles/", "/accessibilite/", "/plan-du-site/",
         "/contact/", "/schema-pluriannuel-accessibilite/", "/plan-action-accessibilite/"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844},
             "narrow": {"width": 320, "height": 700}}


@pytest.mark.parametrize("viewport", ["desktop", "phone", "narrow"])
def test_legal_pages_have_no_axe_violation_and_fit(page, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    for path in PAGES:
        page.goto(page.base_url + path)
        violations = axe_violations(page)
        assert violations == [], f"{path}: {describe(violations)}"
        assert page.evaluate(OVERFLOWING) == [], path
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport]["width"]


def test_the_footer_reaches_the_statement_with_the_keyboard(page):
    page.goto(page.base_url + "/carte/")
    link = page.locator("footer a", has_text="Accessibilité : partiellement conforme")
    link.focus()
    assert page.evaluate("document.activeElement.textContent") == "Accessibilité : partiellement conforme"
    page.keyboard.press("Enter")
    page.wait_for_url("**/accessibilite/")
    assert page.locator("h1").inner_text() == "Déclaration d'accessibilité"
    assert page.locator("footer a[aria-current=page]").inner_text() == (
        "Accessibilité : partiellement conforme")


def test_contact_errors_are_announced_then_the_message_leaves(page):
    from django.core import mail

    page.goto(page.base_url + "/contact/")
    page.get_by_role("button", name="Envoyer mon message").click()
    page.wait_for_selector("#resume-erreurs")
    assert page.title().startswith("Erreur – ")
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    page.get_by_label("Votre adresse e-mail").fill("jeanne.habitante@example.org")
    page.get_by_label("Objet").fill("Une question")
    page.get_by_label("Votre message").fill("Bonjour, comment participer ?")
    page.get_by_role("button", name="Envoyer mon message").click()
    page.wait_for_url("**/contact/envoye/")
    assert page.locator("h1").inner_text() == "Message envoyé"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["contact@localhost"]
