"""The map page ``/carte/``, its GeoJSON feed and the action pages, as visitors see them."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from geojson_pydantic import FeatureCollection
from wagtail.models import PageViewRestriction

# Bounding box of the Landes (WGS84 degrees), a little wider than the communes' bbox.
MIN_LNG, MAX_LNG, MIN_LAT, MAX_LAT = -1.53, 0.14, 43.48, 44.54

DEMO_TITLES = [
    "Distribution alimentaire au quartier du Peyrouat",
    "Atelier de couture de masques à Biscarrosse",
    "Courses pour les personnes isolées à Dax",
]


def geojson(client):
    response = client.get("/carte/geojson/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    return json.loads(response.content)


def test_map_page_lists_demo_actions_with_local_leaflet(client, map_page):
    response = client.get("/carte/")
    assert response.status_code == 200
    html = response.content.decode()
    for title in DEMO_TITLES:
        assert title in html
    assert html.count('class="initiative-item"') >= 30
    assert "/static/vendor/leaflet/leaflet.js" in html
    assert "/static/vendor/leaflet.markercluster/leaflet.markercluster.js" in html
    assert "/static/initiatives/js/map.js" in html
    assert 'data-geojson-url="/carte/geojson/"' in html
    assert "unpkg" not in html and "cdn" not in html.lower()
    # The text alternative to the map, in French.
    assert '<a href="#liste-actions" class="skip-to-list">Aller à la liste des actions</a>' in html
    assert 'id="liste-actions"' in html
    assert "Liste des actions" in html


def test_map_page_tile_settings_are_json_escaped(client, map_page, settings):
    settings.PORTAL_MAP_TILE_URL = "https://tiles.example/{z}/{x}/{y}.png?a=1&b=\"2\""
    settings.PORTAL_MAP_TILE_ATTRIBUTION = '© <a href="https://ign.fr">IGN</a>'
    html = client.get("/carte/").content.decode()
    assert ('data-tile-url="&quot;https://tiles.example/{z}/{x}/{y}.png?a=1&amp;b=\\&quot;2\\&quot;&quot;"'
            in html)
    assert 'data-center-lat="43.95"' in html and 'data-center-lng="-0.78"' in html


def test_action_page_shows_its_fields_in_french(client, map_page):
    from initiatives.models import InitiativePage

    page = InitiativePage.objects.get(slug="appels-telephoniques-aux-aines-de-capbreton")
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Appels téléphoniques aux aînés de Capbreton" in html
    assert "CCAS de Capbreton" in html
    assert "Capbreton" in html and "40065" in html
    assert "Commune ou CCAS" in html  # actor type label
    assert "Personnes âgées" in html  # theme label
    assert "ccas-capbreton@example.org" in html  # public contact
    assert "Type d&#x27;acteur" in html or "Type d'acteur" in html
    assert "Retour à la carte des solidarités" in html
    assert "/static/vendor/leaflet/leaflet.js" in html and "unpkg" not in html


def test_geojson_is_a_valid_feature_collection_inside_the_landes(client, map_page):
    data = geojson(client)
    collection = FeatureCollection.model_validate(data)
    assert collection.type == "FeatureCollection"
    assert len(data["features"]) >= 30
    for feature in data["features"]:
        lng, lat = feature["geometry"]["coordinates"]
        assert isinstance(lng, float) and isinstance(lat, float)
        assert MIN_LNG <= lng <= MAX_LNG, feature
        assert MIN_LAT <= lat <= MAX_LAT, feature
        props = feature["properties"]
        assert set(props) == {"id", "title", "url", "commune", "commune_insee", "themes",
                              "theme", "tags", "actor_type"}
        assert props["url"].startswith("http://testserver/carte/")
        assert len(props["commune_insee"]) == 5
    peyrouat = next(f for f in data["features"]
                    if f["properties"]["title"] == DEMO_TITLES[0])
    assert peyrouat["properties"]["commune"] == "Mont-de-Marsan"
    assert peyrouat["properties"]["commune_insee"] == "40192"
    assert peyrouat["properties"]["themes"] == ["alimentation"]
    assert peyrouat["properties"]["theme"] == "alimentation"
    assert peyrouat["properties"]["tags"] == ["colis", "familles"]
    assert peyrouat["properties"]["actor_type"] == "association"


def test_c8_point_is_lng_lat_and_never_localised(client, map_page, make_action):
    page = make_action(map_page, "Action C8 au Peyrouat", insee="40192",
                       location="SRID=4326;POINT(-0.4997 43.8927)")
    page.refresh_from_db()
    assert (page.latitude, page.longitude) == (43.8927, -0.4997)

    feature = next(f for f in geojson(client)["features"] if f["id"] == page.pk)
    assert feature["geometry"]["coordinates"] == [-0.4997, 43.8927]
    assert feature["properties"]["commune"] == "Mont-de-Marsan"
    assert feature["properties"]["url"] == page.full_url

    html = client.get(page.url).content.decode()
    assert 'data-lat="43.8927"' in html and 'data-lng="-0.4997"' in html
    assert "43.8927" in html and "-0.4997" in html
    assert "43,8927" not in html and "0,4997" not in html
    index_html = client.get("/carte/").content.decode()
    assert "Action C8 au Peyrouat" in index_html
    assert "43,8927" not in index_html and ",95" not in index_html.split("data-center-lat")[1][:20]


def test_action_without_location_uses_the_commune_reference_point(map_page, make_action):
    from portal.models import Commune

    page = make_action(map_page, "Action sans point", insee="40088")
    dax = Commune.objects.get(insee_code="40088")
    assert (page.latitude, page.longitude) == (dax.latitude, dax.longitude)
    assert page.location == ""


def test_hidden_actions_are_absent_everywhere(client, map_page, make_action):
    draft = make_action(map_page, "Brouillon jamais publié", publish=False)
    unpublished = make_action(map_page, "Action dépubliée")
    unpublished.unpublish()
    private = make_action(map_page, "Action à accès restreint")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    visible = make_action(map_page, "Action publique témoin")

    ids = {f["id"] for f in geojson(client)["features"]}
    assert visible.pk in ids
    assert not ids & {draft.pk, unpublished.pk, private.pk}

    html = client.get("/carte/").content.decode()
    assert "Action publique témoin" in html
    for title in ("Brouillon jamais publié", "Action dépubliée", "Action à accès restreint"):
        assert title not in html

    api_ids, offset = set(), 0
    while True:  # WAGTAILAPI_LIMIT_MAX is 20: walk the pages of the listing
        api = client.get("/api/v2/pages/", {
            "type": "initiatives.InitiativePage", "limit": 20, "offset": offset,
        })
        assert api.status_code == 200
        items = api.json()["items"]
        api_ids |= {item["id"] for item in items}
        offset += 20
        if offset >= api.json()["meta"]["total_count"]:
            break
    assert visible.pk in api_ids and len(api_ids) >= 31
    assert not api_ids & {draft.pk, unpublished.pk, private.pk}
    assert client.get(f"/api/v2/pages/{visible.pk}/").status_code == 200
    for hidden in (draft, unpublished, private):
        assert client.get(f"/api/v2/pages/{hidden.pk}/").status_code == 404


def test_api_exposes_location_as_numbers_commune_themes_and_tags(client, map_page, make_action):
    page = make_action(map_page, "Action pour l'API", insee="40192",
                       location="SRID=4326;POINT(-0.4997 43.8927)",
                       themes=("sante", "aines"), tags=("masques", "aînés"))
    response = client.get("/api/v2/pages/", {
        "type": "initiatives.InitiativePage", "id": page.pk,
        "fields": "location,commune_insee,themes,tags,actor_type,summary",
    })
    assert response.status_code == 200
    (item,) = response.json()["items"]
    assert item["location"] == {"latitude": 43.8927, "longitude": -0.4997}
    assert item["commune_insee"] == "40192"
    assert item["themes"] == ["aines", "sante"]
    assert item["tags"] == ["aînés", "masques"]
    assert item["actor_type"] == "association"


@pytest.mark.parametrize("location", [
    "SRID=4326;POINT(2.3522 48.8566)",  # Paris
    "SRID=4326;POINT(-0.5792 44.8378)",  # Bordeaux, Gironde
])
def test_location_outside_the_departement_is_refused_in_french(map_page, make_action, location):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from initiatives.models import InitiativePage

    page = make_action(map_page, "Action à déplacer")
    page.location = location
    with translation.override("fr"), pytest.raises(ValidationError) as excinfo:
        page.full_clean()
    assert excinfo.value.message_dict["location"] == [
        "Cette localisation se trouve en dehors du département."
    ]
    page.refresh_from_db()
    assert page.location == ""
    assert InitiativePage.objects.filter(pk=page.pk, latitude__gt=44.6).count() == 0


def test_malformed_location_is_refused_in_french(map_page, make_action):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    page = make_action(map_page, "Action au point invalide")
    page.location = "POINT(abc)"
    with translation.override("fr"), pytest.raises(ValidationError) as excinfo:
        page.full_clean()
    assert excinfo.value.message_dict["location"] == ["Cette localisation n'est pas un point valide."]


def test_geojson_query_count_does_not_grow_with_actions(client, home_page, make_action):
    from initiatives.models import InitiativeIndexPage

    index = InitiativeIndexPage(title="Carte de test", slug="carte-test")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    for i in range(5):
        make_action(index, f"Action de test {i}", tags=(f"t{i}", "commun"))

    def measure():
        from initiatives.feed_state import bump_feed_version

        bump_feed_version()  # measure the building of the feed, not its cached copy
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/carte-test/geojson/")
        assert response.status_code == 200
        return len(ctx.captured_queries), len(json.loads(response.content)["features"])

    client.get("/carte-test/geojson/")  # warm caches (site root paths)
    few_queries, few = measure()
    for i in range(5, 35):
        make_action(index, f"Action de test {i}", tags=(f"t{i}", "commun"))
    many_queries, many = measure()
    assert (few, many) == (5, 35)
    assert many_queries == few_queries
    # Routing and privacy (7), data version (1), feed (3): 11, under the bound of 13
    # that held while a fast path also checked the map page's view restrictions (2).
    assert few_queries <= 13


def test_home_page_links_to_the_map(client, map_page):
    html = client.get("/").content.decode()
    assert 'href="/carte/"' in html
    assert "Carte des solidarités" in html
    assert "Voir la carte" in html


def test_home_participation_is_none_without_a_live_map(rf, map_page):
    from initiatives.wagtail_hooks import home_participation

    assert home_participation(rf.get("/"))["url"] == "/carte/"
    map_page.unpublish()
    assert home_participation(rf.get("/")) is None
