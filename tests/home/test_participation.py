"""The home page's ways to take part: cards contributed by the plugins, picked, ordered and
reworded by staff in StreamField blocks."""

import re
from html import unescape

import pytest
from wagtail import hooks

from home.homepage.participation import card_choices
from portal.hooks import HOME_PARTICIPATION


def card_keys(client):
    """The ``data-card`` keys of the home page's cards, in page order."""
    html = client.get("/").content.decode()
    return re.findall(r'data-card="([^"]+)"', html)


def set_blocks(home_page, blocks):
    """Publish the home page with ``blocks`` (list of dicts of ParticipationBlock)."""
    home_page.participation = [("card", {"title": "", "text": "", "link_label": "",
                                         "image": None, **block}) for block in blocks]
    home_page.save_revision().publish()


@pytest.mark.django_db
def test_demo_home_shows_the_four_ways_to_take_part_with_their_images(client):
    html = unescape(client.get("/").content.decode())
    assert card_keys(client) == ["carte", "consultation", "propositions", "diagnostic"]
    for title, link in [("Carte des solidarités", "Voir la carte"),
                        ("Répondre à la consultation", "Répondre au questionnaire"),
                        ("Proposer une action", "Faire une proposition"),
                        ("Diagnostic territorial", "Lire le diagnostic")]:
        assert f"<h3>{title}</h3>" in html
        assert link in html
    assert re.search(r'<img src="/media/images/carte[^"]*\.width-640\.svg" width="\d+" '
                     r'height="\d+" alt="" loading="lazy">', html)
    # Integer sizes: HTML refuses the decimal sizes of an SVG's rendition.
    assert not re.search(r'(width|height)="\d+\.\d+"', html)


@pytest.mark.django_db
def test_blocks_order_and_override_the_cards(client, home_page):
    set_blocks(home_page, [
        {"card": "diagnostic", "title": "Le diagnostic en ligne", "link_label": "Découvrir"},
        {"card": "carte", "text": "Toutes les actions près de chez vous."},
    ])
    assert card_keys(client) == ["diagnostic", "carte"]
    html = unescape(client.get("/").content.decode())
    assert "<h3>Le diagnostic en ligne</h3>" in html and ">Découvrir</a>" in html
    assert "Toutes les actions près de chez vous." in html
    assert "Voir la carte" in html  # the plugin's label where the block gives none


@pytest.mark.django_db
def test_without_blocks_every_contributed_card_shows_in_hook_order(client, home_page):
    set_blocks(home_page, [])
    assert card_keys(client) == ["carte", "consultation", "propositions", "diagnostic"]


@pytest.mark.django_db
def test_an_unpublished_plugin_page_drops_its_card_without_error(client, home_page):
    from consultation.models import ProposalPage

    ProposalPage.objects.get().unpublish()
    response = client.get("/")
    assert response.status_code == 200
    assert card_keys(client) == ["carte", "consultation", "diagnostic"]
    # and with no blocks (every contributed card) as well
    set_blocks(home_page, [])
    assert card_keys(client) == ["carte", "consultation", "diagnostic"]


@pytest.mark.django_db
def test_a_removed_plugin_drops_its_card_without_error(client, monkeypatch):
    """A plugin left out of INSTALLED_APPS registers no hook: its block names a key
    nobody contributes."""
    kept = [fn for fn in hooks.get_hooks(HOME_PARTICIPATION)
            if not fn.__module__.startswith("initiatives.")]
    monkeypatch.setitem(hooks._hooks, HOME_PARTICIPATION, [(fn, 0) for fn in kept])
    response = client.get("/")
    assert response.status_code == 200
    assert card_keys(client) == ["consultation", "propositions", "diagnostic"]


@pytest.mark.django_db
def test_the_block_offers_the_known_cards_even_when_a_page_is_unpublished():
    from diagnostic.models import DiagnosticIndexPage

    DiagnosticIndexPage.objects.get().unpublish()
    keys = [key for key, _label in card_choices()]
    assert keys[:4] == ["carte", "consultation", "propositions", "diagnostic"]
