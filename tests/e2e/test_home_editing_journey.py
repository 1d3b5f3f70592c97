"""Browser journey of a member of the communication staff editing the home page in
Wagtail's admin: the hero's text changed, two ways to take part swapped with the
StreamField's "Monter" button, the page published, the new text and order seen on the
site."""

import pytest

from tests.e2e.conftest import sign_in_to_admin

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "mot-de-passe-long-42"
NEW_TEXT = "Racontez-nous la crise telle que vous l'avez vécue."


def test_staff_edit_the_hero_and_reorder_the_ways_to_take_part(page, make_user):
    from home.models import HomePage

    home = HomePage.objects.get()
    make_user("communication@departement.example", is_superuser=True, is_staff=True,
              password=PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in_to_admin(page, "communication@departement.example", PASSWORD)

    page.goto(f"{page.base_url}/admin/pages/{home.pk}/edit/")
    page.get_by_label("Texte du bandeau d'accueil").fill(NEW_TEXT)
    # The second card (the questionnaire) moved above the first (the map).
    moves = page.locator("[data-contentpath='participation'] "
                         "[data-streamfield-action='MOVE_UP']")
    moves.nth(1).click()

    publish = page.locator("button[name='action-publish']")
    if not publish.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    publish.click()
    page.wait_for_url("**/admin/pages/**")
    home.refresh_from_db()
    assert home.hero_text == NEW_TEXT
    assert [block.value["card"] for block in home.participation] == [
        "consultation", "carte", "propositions", "diagnostic"]

    page.goto(page.base_url + "/")
    assert page.locator(".hero-lead").inner_text() == NEW_TEXT
    titles = page.locator(".home-card h3").all_inner_texts()
    assert titles == ["Répondre à la consultation", "Carte des solidarités",
                      "Proposer une action", "Diagnostic territorial"]
