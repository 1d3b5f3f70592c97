"""The filters of the map page, defined once, on the list, the map's feed URL, the GeoJSON
feed and the API v2 pages endpoint; the filter form as visitors see it."""

import json
import re
from html import unescape

import pytest


def feed_features(client, params):
    response = client.get("/carte/geojson/", params)
    assert response.status_code == 200, response.content
    return json.loads(response.content)["features"]


def feed_ids(client, params):
    return {f["id"] for f in feed_features(client, params)}


def list_html(client, params):
    response = client.get("/carte/", params)
    assert response.status_code == 200
    return response.content.decode()


def list_titles(client, params):
    html = list_html(client, params)
    return {unescape(t) for t in re.findall(r'<h3><a href="[^"]*">([^<]*)</a></h3>', html)}


def api_ids(client, params):
    ids, offset = set(), 0
    while True:
        response = client.get("/api/v2/pages/", {
            "type": "initiatives.InitiativePage", "limit": 20, "offset": offset, **params,
        })
        assert response.status_code == 200, response.content
        data = response.json()
        ids |= {item["id"] for item in data["items"]}
        offset += 20
        if offset >= data["meta"]["total_count"]:
            return ids


@pytest.fixture
def pair(map_page, make_action):
    """Two actions told apart by every filter: ``(wanted, other)``."""
    wanted = make_action(
        map_page, "Action cherchée Zorglub", insee="40192", themes=("logement",),
        tags=("zorglub-tag",), actor_type="entreprise", period="apres",
        volunteers_wanted=True,
    )
    other = make_action(
        map_page, "Action témoin Bidule", insee="40088", themes=("culture-sport",),
        tags=("bidule-tag",), actor_type="particulier", period="confinement",
        volunteers_wanted=False,
    )
    return wanted, other


def epci_of(insee):
    from portal.models import Commune

    return Commune.objects.get(insee_code=insee).epci.siren


FILTERS = {
    # parameter: (value for ``wanted``, predicate on a feed feature or None)
    "theme": ("logement", lambda f: "logement" in f["properties"]["themes"]),
    "etiquette": ("zorglub-tag", lambda f: "zorglub-tag" in f["properties"]["tags"]),
    "commune": ("40192", lambda f: f["properties"]["commune_insee"] == "40192"),
    "epci": (None, None),  # filled in by the test (SIREN from the reference data)
    "acteur": ("entreprise", lambda f: f["properties"]["actor_type"] == "entreprise"),
    "periode": ("apres", None),
    "benevoles": ("1", None),
    "q": ("zorglub", None),
}


def db_predicate(name, value):
    """Check a page id against the filter in the database (for fields not in the feed)."""
    from initiatives.models import InitiativePage

    def check(page_id):
        page = InitiativePage.objects.get(pk=page_id)
        return {
            "periode": page.period == value,
            "benevoles": page.volunteers_wanted,
            "q": "zorglub" in page.search_text,
            "epci": page.commune.epci is not None and page.commune.epci.siren == value,
        }.get(name, True)

    return check


@pytest.mark.parametrize("name", list(FILTERS))
def test_each_filter_on_the_feed_the_list_and_the_api(client, pair, name):
    wanted, other = pair
    value, predicate = FILTERS[name]
    if name == "epci":
        value = epci_of("40192")
        assert value != epci_of("40088")
    params = {name: value}

    features = feed_features(client, params)
    ids = {f["id"] for f in features}
    assert wanted.pk in ids and other.pk not in ids
    check = db_predicate(name, value)
    for feature in features:
        assert predicate is None or predicate(feature), feature
        assert check(feature["id"]), feature
    # The filter narrows the whole feed.
    assert len(ids) < len(feed_ids(client, {}))

    titles = list_titles(client, params)
    assert "Action cherchée Zorglub" in titles
    assert "Action témoin Bidule" not in titles
    assert titles == {f["properties"]["title"] for f in features}

    assert api_ids(client, params) == ids


def test_filters_combine_and_repeated_values_are_alternatives(client, pair):
    wanted, other = pair
    both = {"theme": ["logement", "culture-sport"]}
    assert {wanted.pk, other.pk} <= feed_ids(client, both)
    narrowed = {"theme": ["logement", "culture-sport"], "commune": "40088"}
    ids = feed_ids(client, narrowed)
    assert other.pk in ids and wanted.pk not in ids
    assert api_ids(client, narrowed) == ids


def test_unticked_volunteers_box_does_not_filter(client, pair):
    wanted, other = pair
    assert {wanted.pk, other.pk} <= feed_ids(client, {"q": "action"})
    assert other.pk not in feed_ids(client, {"q": "action", "benevoles": "1"})


def test_map_element_and_download_link_carry_the_valid_filters(client, pair):
    html = list_html(client, {"commune": "40192", "theme": ["logement"], "page": "1",
                              "unknown": "x", "acteur": "pas-un-acteur"})
    # Canonical order, invalid value and non-filter parameters left out.
    assert 'data-geojson-url="/carte/geojson/?theme=logement&amp;commune=40192"' in html
    assert 'href="/carte/geojson/?theme=logement&amp;commune=40192"' in html


def test_filter_form_is_accessible_get_and_keeps_values(client, pair):
    html = list_html(client, {"commune": "40192", "theme": "logement", "q": "Zorglub",
                              "benevoles": "1"})
    form = html.split('<form method="get"', 1)[1].split("</form>", 1)[0]
    assert 'action="/carte/"' in html
    assert "Trouver une action" in html
    # Every control has a label; groups of boxes have a fieldset and a legend.
    for control_id in re.findall(r'<(?:input|select)[^>]* id="([^"]+)"', form):
        assert f'for="{control_id}"' in form, control_id
    assert "<legend>Thématiques</legend>" in form
    assert "<legend>Lieu</legend>" in form
    assert "<legend>Mots-clés</legend>" in form
    assert '<label for="id_q">Mots recherchés</label>' in form
    assert 'value="Zorglub"' in form
    assert re.search(r'name="commune" id="id_commune" list="liste-communes"[^>]* value="Mont-de-Marsan \(40192\)"', form)
    assert '<option value="Mont-de-Marsan (40192)"></option>' in html
    assert re.search(r'<input type="checkbox" name="theme" value="logement"[^>]* checked', form)
    assert re.search(r'name="benevoles" value="1" id="id_benevoles" checked', form)
    assert "Tous les types d&#x27;acteur" in form
    assert '<button type="submit">Afficher les actions</button>' in form
    assert "1 action correspond aux filtres" in html
    assert "Effacer les filtres" in html


def test_count_and_pagination_keep_the_filters(client, map_page, make_action, settings):
    from initiatives.models import InitiativeIndexPage

    InitiativeIndexPage.list_page_size = 2
    try:
        for i in range(5):
            make_action(map_page, f"Paginée {i}", tags=("pagination-tag",))
        html = list_html(client, {"etiquette": "pagination-tag"})
        assert "5 actions correspondent aux filtres" in html
        assert "Page 1 sur 3" in html
        assert 'href="?etiquette=pagination-tag&amp;page=2#liste-actions"' in html
        page2 = list_html(client, {"etiquette": "pagination-tag", "page": "2"})
        assert 'href="?etiquette=pagination-tag&amp;page=1#liste-actions"' in page2
        assert 'href="?etiquette=pagination-tag&amp;page=3#liste-actions"' in page2
        assert len(list_titles(client, {"etiquette": "pagination-tag", "page": "3"})) == 1
    finally:
        InitiativeIndexPage.list_page_size = 50


def test_no_result_says_so(client, pair):
    html = list_html(client, {"q": "mot-absent-de-partout"})
    assert "0 action correspond aux filtres" in html
    assert "Aucune action ne correspond à ces filtres." in html


INVALID = [
    ({"commune": "99999"}, "Commune : Aucune commune du département ne s’appelle « 99999 »."),
    ({"commune": "40090x"}, "Commune : Aucune commune du département ne s’appelle « 40090x »."),
    ({"epci": "123"}, "Intercommunalité (EPCI) : Aucune intercommunalité du département ne s’appelle « 123 »."),
    ({"theme": "pas-un-theme"}, "Thématiques : Sélectionnez un choix valide."),
    ({"etiquette": "etiquette-inconnue"},
     "Mots-clés : Aucune action publiée n’a le mot-clé « etiquette-inconnue »."),
    ({"acteur": "pirate"}, "Type d’acteur : Sélectionnez un choix valide."),
    ({"periode": "demain"}, "Période : Sélectionnez un choix valide."),
    ({"q": "x" * 250}, "Mots recherchés : Assurez-vous que cette valeur comporte au plus 200"),
]


@pytest.mark.parametrize("params,message", INVALID)
def test_invalid_filter_values_give_a_french_message(client, pair, params, message):
    response = client.get("/carte/", params)
    assert response.status_code == 200
    html = unescape(response.content.decode()).replace("'", "’")
    assert "Certains filtres n’ont pas pu être appliqués" in html
    assert message.replace("'", "’") in html
    # The invalid filter is ignored: every action is listed.
    assert "Action cherchée Zorglub" in html and "Action témoin Bidule" in html

    feed = client.get("/carte/geojson/", params)
    assert feed.status_code == 400
    assert any(message.replace("’", "'") in m.replace("’", "'")
               for m in feed.json()["errors"]), feed.json()

    api = client.get("/api/v2/pages/", {"type": "initiatives.InitiativePage", **params})
    assert api.status_code == 400
    assert message.replace("’", "'") in api.json()["message"].replace("’", "'")


def test_api_filters_need_the_action_type(client, pair):
    response = client.get("/api/v2/pages/", {"theme": "logement"})
    assert response.status_code == 400
    assert "type=initiatives.InitiativePage" in response.json()["message"]
    # Without a filter, other page types are untouched.
    assert client.get("/api/v2/pages/").status_code == 200


def test_tag_choices_are_the_tags_of_visible_actions(client, map_page, make_action):
    make_action(map_page, "Brouillon étiqueté", tags=("etiquette-secrete",), publish=False)
    make_action(map_page, "Publiée étiquetée", tags=("etiquette-visible",))
    html = list_html(client, {})
    assert '<option value="etiquette-visible"></option>' in html
    assert "etiquette-secrete" not in html


@pytest.mark.parametrize("name", ["theme", "commune", "acteur", "q", "etiquette"])
def test_api_filters_combine_with_wagtail_search(client, pair, name):
    wanted, other = pair
    value = {"theme": "logement", "commune": "40192", "acteur": "entreprise",
             "q": "zorglub", "etiquette": "zorglub-tag"}[name]
    response = client.get("/api/v2/pages/", {
        "type": "initiatives.InitiativePage", "search": "Action", name: value,
    })
    assert response.status_code == 200, response.content
    ids = {item["id"] for item in response.json()["items"]}
    assert wanted.pk in ids and other.pk not in ids


def test_invalid_fields_are_marked_and_described_by_existing_messages(client, pair):
    html = list_html(client, {"commune": "99999", "epci": "1", "acteur": "x", "periode": "y",
                              "theme": "zz", "etiquette": "zz", "q": "x" * 201})
    form = html.split('<form method="get"', 1)[1].split("</form>", 1)[0]
    for name in ("acteur", "periode"):
        assert re.search(rf'<select name="{name}"[^>]*aria-invalid="true"', form), name
    for name in ("commune", "epci", "etiquette"):
        assert re.search(rf'<input type="text" name="{name}"[^>]*aria-invalid="true"', form), name
    assert re.search(r'name="q"[^>]*aria-invalid="true"', form)
    described = set()
    for value in re.findall(r'aria-describedby="([^"]+)"', form):
        described.update(value.split())
    assert {"id_commune_error", "id_q_error"} <= described
    for element_id in described:
        assert f'id="{element_id}"' in html, element_id
    assert 'id="id_theme_error"' in form and 'id="id_etiquette_error"' in form
