"""Text search of actions: accents, case, plurals and malformed queries, the same
on SQLite and PostgreSQL, on the list, the GeoJSON feed and the API."""

import json
import re
from html import unescape

import pytest


@pytest.fixture
def actions(map_page, make_action):
    """An action in Évreux-like wording and one about an épicerie, plus a control."""
    evreux = make_action(
        map_page, "Aide à l'énergie à Évreux", summary="Cœur de bourg — aide alimentaire.",
        insee="40192",
    )
    epicerie = make_action(
        map_page, "Épicerie solidaire du Marsan", summary="Produits à petits prix.",
        organisation="Les Épiceries Réunies", insee="40192", tags=("Fraîcheur",),
    )
    control = make_action(map_page, "Action sans rapport", summary="Jardinage.")
    return evreux, epicerie, control


def titles(client, q):
    response = client.get("/carte/", {"q": q})
    assert response.status_code == 200
    html = response.content.decode()
    return {unescape(t) for t in re.findall(r'<h3><a href="[^"]*">([^<]*)</a></h3>', html)}


def feed_titles(client, q):
    response = client.get("/carte/geojson/", {"q": q})
    assert response.status_code == 200
    return {f["properties"]["title"] for f in json.loads(response.content)["features"]}


def api_titles(client, q):
    response = client.get("/api/v2/pages/", {
        "type": "initiatives.InitiativePage", "q": q, "limit": 20,
    })
    assert response.status_code == 200, response.content
    return {item["title"] for item in response.json()["items"]}


@pytest.mark.parametrize("query,expected", [
    ("evreux", "Aide à l'énergie à Évreux"),
    ("ÉVREUX", "Aide à l'énergie à Évreux"),
    ("EPICERIE", "Épicerie solidaire du Marsan"),
    ("épicerie", "Épicerie solidaire du Marsan"),
    ("epiceries", "Épicerie solidaire du Marsan"),  # plural query, singular text
    ("reunie", "Épicerie solidaire du Marsan"),  # singular query, plural text
    ("coeur", "Aide à l'énergie à Évreux"),  # œ folded to oe
    ("fraicheur", "Épicerie solidaire du Marsan"),  # a tag
    ("aide : alimentaire", "Aide à l'énergie à Évreux"),
    ("alimentaire aide", "Aide à l'énergie à Évreux"),  # words in any order
])
def test_c13_accent_case_and_plural_insensitive(client, actions, query, expected):
    found = titles(client, query)
    assert expected in found
    assert "Action sans rapport" not in found
    assert expected in feed_titles(client, query)
    assert expected in api_titles(client, query)


def test_every_word_must_match(client, actions):
    assert titles(client, "epicerie evreux") == set()
    assert "Aucune action ne correspond à ces filtres." in client.get(
        "/carte/", {"q": "epicerie evreux"}).content.decode()


@pytest.mark.parametrize("query", ['"épicerie', '"', "'", "%", "_", "\\", "*", ":", "(",
                                   "épicerie\"", "aide AND OR NOT", "\x01"])
def test_c13_malformed_queries_answer_200(client, actions, query):
    response = client.get("/carte/", {"q": query})
    assert response.status_code == 200
    assert client.get("/carte/geojson/", {"q": query}).status_code in (200, 400)
    api = client.get("/api/v2/pages/", {"type": "initiatives.InitiativePage", "q": query})
    assert api.status_code in (200, 400)


def test_lone_quote_finds_the_word_and_punctuation_only_says_so(client, actions):
    assert "Épicerie solidaire du Marsan" in titles(client, '"épicerie')
    html = client.get("/carte/", {"q": '"'}).content.decode()
    assert "Votre recherche ne contient aucun mot" in html
    # LIKE wildcards are plain characters: "%" does not match everything as a word.
    assert client.get("/carte/geojson/", {"q": "%"}).status_code == 200


def test_search_text_follows_the_published_content(client, actions):
    evreux, _, _ = actions
    evreux.summary = "Nouveau résumé : friperie."
    evreux.save_revision().publish()
    assert "Aide à l'énergie à Évreux" in titles(client, "FRIPERIE")
    assert "Aide à l'énergie à Évreux" not in titles(client, "alimentaire")


def test_normalize_and_query_terms():
    from initiatives.search import normalize, query_terms

    assert normalize("Épicerie d'Évreux — cœur") == "epicerie d evreux coeur"
    assert query_terms('"Épiceries  : AIDE aide') == ["epicerie", "aide"]
    assert query_terms("bus pas") == ["bus", "pas"]
    assert query_terms('" : ') == []
