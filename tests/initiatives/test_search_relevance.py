"""What people type finds the actions: theme labels, tag names and commune names as well
as titles and descriptions; words match at the start of a word; results by relevance,
in SQL (pagination), the same on SQLite and PostgreSQL, on the list, the feed and the API.
"""

import json
import re
from html import unescape

import pytest


def list_titles(client, params):
    """Titles of the HTML list, in the order shown."""
    response = client.get("/carte/", params)
    assert response.status_code == 200
    html = response.content.decode()
    return [unescape(t) for t in re.findall(r'<h3><a href="[^"]*">([^<]*)</a></h3>', html)]


def feed_titles(client, params):
    response = client.get("/carte/geojson/", params)
    assert response.status_code == 200
    return {f["properties"]["title"] for f in json.loads(response.content)["features"]}


def api_titles(client, params):
    response = client.get("/api/v2/pages/", {
        "type": "initiatives.InitiativePage", "limit": 20, **params,
    })
    assert response.status_code == 200, response.content
    return {item["title"] for item in response.json()["items"]}


@pytest.fixture
def food(map_page, make_action):
    """A food-aid action in Dax whose text never says "aide" nor "alimentaire", an
    épicerie in Mont-de-Marsan, an action in Aire-sur-l'Adour, and controls."""
    colis = make_action(
        map_page, "Colis du vendredi", insee="40088", themes=("alimentation",),
        tags=("colis",),
        summary="Distribution de colis chaque vendredi au local de la paroisse.",
    )
    epicerie = make_action(
        map_page, "Épicerie du Marsan", insee="40192", themes=("alimentation",),
        tags=("petits prix",), summary="Produits frais à petits prix, sur orientation.",
    )
    aire = make_action(
        map_page, "Jardin partagé", insee="40001", themes=("isolement",), tags=("potager",),
        summary="Des parcelles ouvertes à tous, le samedi matin.",
    )
    dax_other = make_action(
        map_page, "Permanence numérique", insee="40088", themes=("numerique",),
        tags=("ordinateur",), summary="Aide aux démarches en ligne, sans rendez-vous.",
    )
    return colis, epicerie, aire, dax_other


@pytest.mark.parametrize("query", [
    "alimentation", "Alimentation", "ALIMENTATION",  # the theme's label
    "aide alimentaire",  # the field's own example: "aide" optional, "alimentaire" ~ theme
    "Dax alimentation",  # commune name + theme
    "dax aide alimentaire",
    "colis", "Colis",  # tag and summary
])
def test_food_aid_is_found_by_theme_commune_and_tag(client, food, query):
    colis = "Colis du vendredi"
    assert colis in list_titles(client, {"q": query})
    assert colis in feed_titles(client, {"q": query})
    assert colis in api_titles(client, {"q": query})
    assert "Permanence numérique" not in list_titles(client, {"q": query})


def test_commune_words_narrow_the_theme(client, food):
    found = list_titles(client, {"q": "Dax alimentation"})
    assert "Colis du vendredi" in found
    assert "Épicerie du Marsan" not in found  # alimentation, but in Mont-de-Marsan
    assert "Permanence numérique" not in found  # Dax, but not food
    found = list_titles(client, {"q": "Mont-de-Marsan alimentation"})
    assert "Épicerie du Marsan" in found and "Colis du vendredi" not in found


def test_words_match_at_the_start_of_a_word(client, food, make_action, map_page):
    make_action(map_page, "Garage solidaire", insee="40088", themes=("mobilite",),
                summary="Réparations à petit prix.")
    found = list_titles(client, {"q": "aire"})
    assert "Jardin partagé" in found  # Aire-sur-l'Adour
    assert "Garage solidaire" not in found  # "solidaire" holds "aire", not at its start
    for title in found:  # no action shown only because a word contains "aire"
        assert "aire" not in title.lower() or re.search(r"\baire", title.lower())
    # A word's beginning matches: "epicer" finds "Épicerie", "jardi" finds "Jardin".
    assert "Épicerie du Marsan" in list_titles(client, {"q": "epicer"})
    assert "Jardin partagé" in list_titles(client, {"q": "jardi"})
    # ... but not its end.
    assert "Épicerie du Marsan" not in list_titles(client, {"q": "picerie"})


@pytest.mark.parametrize("query", ["épiceries", "EPICERIES", "epicerie", "Épicerie"])
def test_plural_accent_and_case_folding(client, food, query):
    assert "Épicerie du Marsan" in list_titles(client, {"q": query})


def test_plural_query_finds_singular_tags_and_plural_text(client, food):
    assert "Colis du vendredi" in list_titles(client, {"q": "vendredis"})
    assert "Jardin partagé" in list_titles(client, {"q": "parcelle"})  # text: parcelles


@pytest.mark.parametrize("query", ['"', '"colis', 'colis"', "'", "%", "_", "\\", "(", ":",
                                   "aide AND OR NOT", "\x01", "é" * 300])
def test_malformed_queries_never_fail(client, food, query):
    assert client.get("/carte/", {"q": query}).status_code == 200
    assert client.get("/carte/geojson/", {"q": query}).status_code in (200, 400)
    assert client.get("/api/v2/pages/", {
        "type": "initiatives.InitiativePage", "q": query}).status_code in (200, 400)


def test_a_lone_quote_is_ignored_and_said(client, food):
    assert "Colis du vendredi" in list_titles(client, {"q": '"colis'})
    html = client.get("/carte/", {"q": '"'}).content.decode()
    assert "Votre recherche ne contient aucun mot" in html


def test_title_theme_and_tag_matches_rank_before_description_matches(
        client, map_page, make_action):
    # Title order alone would put "Atelier cuisine" first.
    make_action(map_page, "Atelier cuisine du mardi", insee="40088", themes=("sante",),
                tags=("cuisine",), summary="Cuisiner ensemble.",
                description="<p>Les légumes viennent du verger voisin.</p>")
    make_action(map_page, "Verger partagé de Narrosse", insee="40202",
                themes=("isolement",), tags=("fruits",), summary="Cueillette en commun.")
    make_action(map_page, "Collecte de fruits", insee="40202", themes=("alimentation",),
                tags=("verger",), summary="Glanage une fois par mois.")
    found = list_titles(client, {"q": "verger"})
    # Named after the word, then tagged with it, then only mentioning it.
    assert found == ["Verger partagé de Narrosse", "Collecte de fruits",
                     "Atelier cuisine du mardi"]
    # Without a query, the French title order of the list is unchanged.
    titles = list_titles(client, {"commune": "40202"})
    assert titles.index("Collecte de fruits") < titles.index("Verger partagé de Narrosse")


def test_relevance_order_survives_pagination(client, map_page, make_action):
    from initiatives.models import InitiativeIndexPage

    make_action(map_page, "Aaa lecture publique", insee="40088", themes=("culture-sport",),
                summary="Rencontres.", description="<p>Avec la médiathèque.</p>")
    make_action(map_page, "Zzz médiathèque itinérante", insee="40088",
                themes=("culture-sport",), summary="Un bus de livres.")
    InitiativeIndexPage.list_page_size = 1
    try:
        first = list_titles(client, {"q": "mediatheque"})
        second = list_titles(client, {"q": "mediatheque", "page": "2"})
    finally:
        InitiativeIndexPage.list_page_size = 50
    assert first == ["Zzz médiathèque itinérante"]
    assert second == ["Aaa lecture publique"]


def test_search_text_follows_a_theme_label_and_a_tag_name(client, food):
    from portal.models import Theme
    from initiatives.models import InitiativeTag

    theme = Theme.objects.get(slug="alimentation")
    theme.label = "Nourriture"
    theme.save()
    assert "Colis du vendredi" in list_titles(client, {"q": "nourriture"})
    assert "Colis du vendredi" not in list_titles(client, {"q": "alimentation"})
    tag = InitiativeTag.objects.get(name="colis")
    tag.name = "paniers"
    tag.save()
    assert "Colis du vendredi" in list_titles(client, {"q": "paniers"})
    tag.delete()
    assert "Colis du vendredi" not in list_titles(client, {"q": "paniers"})
    Theme.objects.get(slug="alimentation").delete()
    assert "Colis du vendredi" not in list_titles(client, {"q": "nourriture"})


def test_search_columns_of_a_saved_page(food):
    colis = food[0]
    colis.refresh_from_db()
    assert colis.search_keywords == "colis du vendredi alimentation colis"
    assert "dax" in colis.search_text.split() and "alimentation" in colis.search_text.split()


def test_data_migration_fills_both_columns(food):
    from django.apps import apps as global_apps
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from initiatives.models import InitiativePage

    InitiativePage.objects.filter(pk=food[0].pk).update(search_text="", search_keywords="")
    executor = MigrationExecutor(connection)
    state = executor.loader.project_state(("initiatives", "0008_search_keywords"))
    module = __import__("initiatives.migrations.0008_search_keywords",
                        fromlist=["rebuild"])
    module.rebuild(state.apps, None)
    page = InitiativePage.objects.get(pk=food[0].pk)
    assert page.search_keywords == "colis du vendredi alimentation colis"
    assert "distribution" in page.search_text.split()
    assert global_apps is not None


def test_parse_query_rules():
    from initiatives.search import Term, parse_query, query_terms

    assert parse_query("aide alimentaire") == [Term("aide", False), Term("aliment", True)]
    assert parse_query("aide") == [Term("aide", True)]  # nothing else: required
    assert query_terms("Épiceries réseaux bus") == ["epicerie", "reseau", "bus"]
    assert query_terms("aire accompagnement formation") == ["aire", "accompagn", "formation"]
    assert query_terms('" : ') == []


def test_search_text_follows_a_commune_name(client, food):
    from portal.models import Commune

    dax = Commune.objects.get(insee_code="40088")
    dax.name = "Dax-les-Thermes"
    dax.save()
    assert "Colis du vendredi" in list_titles(client, {"q": "thermes alimentation"})


def test_an_action_named_after_the_words_comes_before_one_only_themed_with_them(
        client, map_page, make_action):
    """``alimentation``: both actions have the theme, one is also named after it, so it
    comes first although the French title order would put the other one first."""
    make_action(map_page, "Bons d'achat pour les familles", insee="40088",
                themes=("alimentation",), summary="Des bons pour les courses.")
    make_action(map_page, "Distribution alimentaire du Sablar", insee="40088",
                themes=("alimentation",), summary="Colis chaque semaine.")
    found = list_titles(client, {"q": "alimentation"})
    assert found.index("Distribution alimentaire du Sablar") < found.index(
        "Bons d'achat pour les familles")
