"""The home page's hero: heading, short text, optional image (alternative text from its
description, or decorative) and call to action, checked before it is saved."""

import re
from html import unescape

import pytest
from django.core.exceptions import ValidationError


@pytest.mark.django_db
def test_demo_hero(client):
    html = unescape(client.get("/").content.decode())
    hero = html[html.index('<section class="hero'):html.index("</section>")]
    assert '<h1 id="titre-principal">Les nouvelles solidarités, j\'en parle</h1>' in hero
    assert "Partagez votre expérience" in hero
    assert '<a class="button hero-button" href="/consultation/">Répondre au questionnaire</a>' in hero
    assert re.search(r'<img src="/media/images/hero[^"]*\.width-960\.svg" width="960" '
                     r'height="400" alt="">', hero)
    assert html.count("<h1") == 1


@pytest.mark.django_db
def test_hero_image_alternative_comes_from_its_description(client, home_page):
    image = home_page.hero_image
    image.description = "Des bénévoles distribuent des colis"
    image.save()
    html = unescape(client.get("/").content.decode())
    assert 'alt="Des bénévoles distribuent des colis"' in html


@pytest.mark.django_db
def test_hero_link_to_an_unpublished_page_is_hidden(client, home_page):
    home_page.hero_link_page.specific.unpublish()
    html = unescape(client.get("/").content.decode())
    assert "hero-button" not in html


@pytest.mark.django_db
def test_a_half_given_call_to_action_is_refused(home_page):
    home_page.hero_link_page = None
    with pytest.raises(ValidationError) as error:
        home_page.full_clean()
    assert error.value.message_dict["hero_link_label"] == [
        "Choisissez la page ou l'adresse vers laquelle mène ce libellé."]
    home_page.hero_link_label = ""
    home_page.hero_link_url = "https://example.org/"
    with pytest.raises(ValidationError) as error:
        home_page.full_clean()
    assert error.value.message_dict["hero_link_label"] == [
        "Donnez un libellé au bouton d'appel à l'action."]
