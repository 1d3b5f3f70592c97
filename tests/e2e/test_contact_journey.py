"""Browser journey: a visitor writes to the author of an action with the keyboard only,
fixes the errors listed in the summary, and the author answers through the link of the
e-mail; a problem report form. axe-core finds no violation on the action page and the
forms (RGAA 4.1 / WCAG 2.1 AA), which reflow at 320 px without horizontal scrolling."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from tests.e2e.conftest import OVERFLOWING, axe_violations, describe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VISITOR = "lucie.benevole@example.org"
AUTHOR = "collectif.epicerie@example.net"


@pytest.fixture
def action(make_user):
    """A live action asking for volunteers, its author's confirmed address, a moderator."""
    from initiatives.models import InitiativeIndexPage, InitiativePage
    from initiatives.submitters import InitiativeSubmitter, new_token
    from portal.models import Commune
    from portal.roles import MODERATORS_GROUP

    map_page = InitiativeIndexPage.objects.get(slug="carte")
    page = InitiativePage(
        title="Épicerie solidaire de Morcenx", summary="Des produits à petits prix.",
        actor_type="association", commune=Commune.objects.get(insee_code="40197"),
        address="2 rue des Écoles", volunteers_wanted=True,
    )
    map_page.add_child(instance=page)
    page.save_revision().publish()
    InitiativeSubmitter.objects.create(
        page=page, email=AUTHOR, token_hash=new_token()[1], privacy_notice_version="t",
        confirmed_at=timezone.now(),
    )
    make_user("moderation@example.org", groups=[MODERATORS_GROUP])
    return page


def active(page):
    return page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()")


def assert_accessible_and_reflows(page):
    """axe-core finds no violation; at 320 px (page loaded again at that width) nothing
    needs horizontal scrolling. The map's tiles go past its edges but its box clips them
    (Leaflet's ``overflow: hidden``): they are left out."""
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 800})
    if page.locator(".leaflet-container").count():
        page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert [box for box in page.evaluate(OVERFLOWING) if "leaflet-tile" not in box] == []
    page.set_viewport_size(size)
    if page.locator(".leaflet-container").count():
        page.reload()


def test_visitor_writes_with_the_keyboard_and_the_author_answers(page, action):
    page.goto(page.base_url + action.url)
    main = page.locator("main").inner_text()
    assert "Épicerie solidaire de Morcenx" in main
    assert "latitude" not in main.lower() and "longitude" not in main.lower()
    assert AUTHOR not in page.content()
    assert_accessible_and_reflows(page)

    # Reach "Je veux aider" with the Tab key and follow it.
    for _ in range(80):
        page.keyboard.press("Tab")
        if active(page) == "Je veux aider":
            break
    assert active(page) == "Je veux aider"
    page.keyboard.press("Enter")
    page.wait_for_url("**/contacter/")
    assert page.locator("h1").inner_text() == "Je veux aider"
    assert page.get_by_label("Votre nom").get_attribute("autocomplete") == "name"
    assert page.get_by_label("Votre adresse e-mail").get_attribute("autocomplete") == "email"
    assert_accessible_and_reflows(page)

    # Send it empty: the error summary takes the focus, the title says "Erreur".
    page.get_by_role("button", name="Envoyer mon message").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#resume-erreurs")
    page.wait_for_load_state("domcontentloaded")
    assert page.title().startswith("Erreur – ")
    page.wait_for_function("() => document.activeElement.id === 'resume-erreurs'")
    summary = page.locator("#resume-erreurs").inner_text()
    assert "Votre nom" in summary and "Votre message" in summary
    assert page.get_by_label("Votre nom").get_attribute("aria-invalid") == "true"
    assert_accessible_and_reflows(page)

    # Follow the summary's first link, then fill the form with the keyboard.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#id_name"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'id_name'")
    page.keyboard.type("Lucie")
    page.keyboard.press("Tab")
    assert active(page) == "id_email"
    page.keyboard.type(VISITOR)
    page.keyboard.press("Tab")
    assert active(page) == "id_message"
    page.keyboard.type("Bonjour, je suis disponible le mercredi après-midi.")
    for _ in range(10):
        page.keyboard.press("Tab")
        if active(page) == "Envoyer mon message":
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**/contacter/envoye/")
    assert "Votre message a été envoyé" in page.locator("main").inner_text()
    assert_accessible_and_reflows(page)

    assert len(mail.outbox) == 1
    to_author = mail.outbox[0]
    assert to_author.to == [AUTHOR]
    assert VISITOR not in to_author.message().as_string()
    link = re.search(r"(http\S+/contacter/reponse/\S+/)", to_author.body).group(1)

    # The author answers through the link.
    page.goto(link)
    assert page.locator("h1").inner_text() == "Répondre à Lucie"
    assert VISITOR not in page.content()
    assert_accessible_and_reflows(page)
    page.get_by_label("Votre réponse").focus()
    page.keyboard.type("Merci Lucie, à mercredi 14 h !")
    page.keyboard.press("Tab")
    assert active(page) == "Envoyer ma réponse"
    page.keyboard.press("Enter")
    page.wait_for_url("**/contacter/reponse-envoyee/")
    assert len(mail.outbox) == 2
    assert mail.outbox[1].to == [VISITOR]
    assert AUTHOR not in mail.outbox[1].message().as_string()

    # A changed link is refused in French.
    page.goto(link.replace("/reponse/gA", "/reponse/gB"))
    assert "Ce lien de réponse n’est pas valide" in page.locator("main").inner_text()


def test_the_report_form_is_accessible_and_reaches_the_moderators(page, action):
    page.goto(page.base_url + action.url)
    page.get_by_role("link", name="Signaler un problème sur cette action").click()
    page.wait_for_url("**/signaler/")
    assert_accessible_and_reflows(page)
    page.get_by_role("button", name="Envoyer mon signalement").click()
    page.wait_for_selector("#resume-erreurs")
    assert page.title().startswith("Erreur – ")
    assert_accessible_and_reflows(page)
    page.get_by_label("Action terminée").check()
    page.get_by_label("Précisions").fill("L’épicerie a fermé en novembre.")
    page.get_by_role("button", name="Envoyer mon signalement").click()
    page.wait_for_url("**/signaler/envoye/")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["moderation@example.org"]
    assert "Action terminée" in mail.outbox[0].body
