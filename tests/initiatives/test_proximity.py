""""Près de chez moi": actions within 5, 10, 20 or 50 km of a commune or of the visitor's
rounded position, nearest first, with the distance shown; the feed and the API filtered
the same; bad values told in French and ignored; the position never a page cache variant
nor written to the logs.

Distances from Dax's reference point (its town hall, 43.707454, -1.050549), haversine on
a 6,371 km sphere, to the reference points of: Mées 4.84 km, Saint-Vincent-de-Paul
5.57 km, Sort-en-Chalosse 10.05 km, Pomarez 19.75 km, Saint-Vincent-de-Tyrosse 21.04 km,
Mont-de-Marsan 48.80 km, Aire-sur-l'Adour 63.37 km.
"""

import json
import logging
import re
from html import unescape

import pytest

from portal.page_cache import STATUS_HEADER

#: Title -> INSEE code of the test actions (each at its commune's reference point).
PLACES = {
    "Proxi Mées": "40179",
    "Proxi Saint-Vincent-de-Paul": "40283",
    "Proxi Sort": "40308",
    "Proxi Pomarez": "40228",
    "Proxi Tyrosse": "40284",
    "Proxi Mont-de-Marsan": "40192",
    "Proxi Aire": "40001",
}
#: Expected distances (km) from Dax.
DISTANCES = {
    "Proxi Mées": 4.84, "Proxi Saint-Vincent-de-Paul": 5.57, "Proxi Sort": 10.05,
    "Proxi Pomarez": 19.75, "Proxi Tyrosse": 21.04, "Proxi Mont-de-Marsan": 48.80,
    "Proxi Aire": 63.37,
}


@pytest.fixture
def places(map_page, make_action):
    return {title: make_action(map_page, title, insee=insee, themes=("isolement",),
                               tags=("proxi",))
            for title, insee in PLACES.items()}


def page_html(client, params):
    response = client.get("/carte/", params)
    assert response.status_code == 200
    return response.content.decode()


def ours(titles):
    return [t for t in titles if t.startswith("Proxi ")]


def list_titles(client, params):
    html = page_html(client, params)
    return ours(unescape(t) for t in re.findall(r'<h3><a href="[^"]*">([^<]*)</a></h3>', html))


def feed_titles(client, params):
    response = client.get("/carte/geojson/", params)
    assert response.status_code == 200, response.content
    return set(ours(f["properties"]["title"] for f in json.loads(response.content)["features"]))


def api_titles(client, params):
    response = client.get("/api/v2/pages/", {
        "type": "initiatives.InitiativePage", "limit": 20, "etiquette": "proxi", **params})
    assert response.status_code == 200, response.content
    return set(ours(item["title"] for item in response.json()["items"]))


@pytest.mark.parametrize("rayon,expected", [
    ("5", ["Proxi Mées"]),
    ("10", ["Proxi Mées", "Proxi Saint-Vincent-de-Paul"]),
    ("20", ["Proxi Mées", "Proxi Saint-Vincent-de-Paul", "Proxi Sort", "Proxi Pomarez"]),
    ("50", ["Proxi Mées", "Proxi Saint-Vincent-de-Paul", "Proxi Sort", "Proxi Pomarez",
            "Proxi Tyrosse", "Proxi Mont-de-Marsan"]),
])
def test_radius_boundaries_nearest_first_and_same_on_feed_and_api(client, places, rayon,
                                                                   expected):
    params = {"pres_de": "Dax", "rayon": rayon}
    assert list_titles(client, params) == expected  # nearest first
    assert feed_titles(client, params) == set(expected)
    assert api_titles(client, params) == set(expected)


def test_default_radius_is_10_km(client, places):
    assert list_titles(client, {"pres_de": "Dax"}) == [
        "Proxi Mées", "Proxi Saint-Vincent-de-Paul"]
    html = page_html(client, {"pres_de": "Dax"})
    assert re.search(r'<option value="10" selected>10 km</option>', html)


@pytest.mark.parametrize("typed", ["Dax", "dax", "DAX", "40088", "Dax (40088)", " dax "])
def test_commune_typed_as_name_or_insee_code(client, places, typed):
    assert list_titles(client, {"pres_de": typed, "rayon": "5"}) == ["Proxi Mées"]


def test_distance_is_shown_in_french(client, places):
    html = page_html(client, {"pres_de": "Dax", "rayon": "20"})
    assert "à 4,8\xa0km" in html  # Mées
    assert "à 5,6\xa0km" in html  # Saint-Vincent-de-Paul
    assert "à 19,7\xa0km" in html or "à 19,8\xa0km" in html  # Pomarez
    # Without a place, no distance.
    assert "initiative-distance" not in page_html(client, {"etiquette": "proxi"})


def test_sql_distance_matches_the_haversine_formula(places):
    from initiatives.filters import within_radius
    from initiatives.models import InitiativePage
    from portal.geo import haversine_km
    from portal.models import Commune

    dax = Commune.objects.get(insee_code="40088")
    rows = within_radius(InitiativePage.objects.filter(title__startswith="Proxi "),
                         (dax.latitude, dax.longitude), 50)
    found = {page.title: page.distance_km for page in rows}
    assert set(found) == set(DISTANCES) - {"Proxi Aire"}
    for title, km in found.items():
        assert km == pytest.approx(DISTANCES[title], abs=0.01)
        page = places[title]
        assert km == pytest.approx(
            haversine_km(dax.latitude, dax.longitude, page.latitude, page.longitude), abs=1e-6)


def test_proximity_combines_with_text_and_other_filters(client, places, map_page, make_action):
    make_action(map_page, "Proxi Colis de Mées", insee="40179", themes=("alimentation",),
                tags=("proxi",), summary="Distribution de colis.")
    assert list_titles(client, {"pres_de": "Dax", "rayon": "10", "q": "alimentation"}) == [
        "Proxi Colis de Mées"]
    assert list_titles(client, {"pres_de": "Dax", "theme": "alimentation"}) == [
        "Proxi Colis de Mées"]


def test_browser_position_is_rounded_and_filters_the_same(client, places):
    # Dax's town hall, given more precisely than the filter keeps.
    params = {"lat": "43.7074541", "lng": "-1.0505492", "rayon": "10"}
    assert list_titles(client, params) == ["Proxi Mées", "Proxi Saint-Vincent-de-Paul"]
    assert feed_titles(client, params) == {"Proxi Mées", "Proxi Saint-Vincent-de-Paul"}
    assert api_titles(client, params) == {"Proxi Mées", "Proxi Saint-Vincent-de-Paul"}
    html = page_html(client, params)
    # The canonical query carries the rounded position only (feed URL, links, cache key).
    assert "lat=43.707&amp;lng=-1.051" in html
    assert "43.7074541" not in html
    assert '<input type="hidden" name="lat" value="43.707">' in html
    from initiatives.filters import InitiativeFilterSet
    from django.http import QueryDict
    from initiatives.models import InitiativePage

    a = InitiativeFilterSet(QueryDict("lng=-1.0505492&lat=43.7074541&rayon=10"),
                            queryset=InitiativePage.objects.all())
    b = InitiativeFilterSet(QueryDict("lat=43.7071&lng=-1.0509&rayon=10"),
                            queryset=InitiativePage.objects.all())
    assert a.querystring() == b.querystring() == "rayon=10&lat=43.707&lng=-1.051"


def test_a_typed_commune_wins_over_the_position(client, places):
    # Position in Mont-de-Marsan, commune Dax: Dax is used, the position dropped.
    params = {"pres_de": "Dax", "rayon": "5", "lat": "43.890", "lng": "-0.500"}
    assert list_titles(client, params) == ["Proxi Mées"]
    html = page_html(client, params)
    assert 'name="lat"' not in html.split('id="filtres-actions"')[1].split("</form>")[0]


@pytest.mark.parametrize("params,message", [
    ({"pres_de": "Paris"}, "Aucune commune des Landes ne correspond à « Paris »"),
    ({"pres_de": "Saint-"}, "Plusieurs communes correspondent à « Saint- »"),
    ({"pres_de": "Dax", "rayon": "12"}, "Sélectionnez un choix valide"),
    ({"lat": "abc", "lng": "-1.05"}, "Votre position (latitude) : Saisissez un nombre."),
    ({"lat": "95", "lng": "-1.05"}, "Votre position (latitude) : Assurez-vous que cette valeur est inférieure ou égale à 90."),
    ({"lat": "43.7", "lng": "-200"}, "Votre position (longitude) : Assurez-vous que cette valeur est supérieure ou égale à -180."),
    ({"lat": "NaN", "lng": "-1.05"}, "Votre position (latitude) : Saisissez un nombre."),
    ({"lat": "43.7"}, "Votre position (longitude) : Votre position est incomplète"),
    ({"lat": "48.853", "lng": "2.349"}, "Votre position est trop loin des Landes"),
])
def test_invalid_values_get_a_french_message_and_are_ignored(client, places, params, message):
    html = unescape(page_html(client, params))
    summary = html.split('id="filtres-erreurs"')[1].split("</div>")[0]
    assert message in summary
    # Ignored: the other filters still apply, no 500 anywhere.
    if "pres_de" in params and "rayon" in params:  # bad radius: the default 10 km
        assert list_titles(client, params) == ["Proxi Mées", "Proxi Saint-Vincent-de-Paul"]
    else:
        assert len(list_titles(client, params)) == len(PLACES)
    feed = client.get("/carte/geojson/", params)
    assert feed.status_code == 400 and message.split(" : ")[-1][:20] in unescape(
        feed.content.decode())
    api = client.get("/api/v2/pages/", {"type": "initiatives.InitiativePage", **params})
    assert api.status_code == 400


def test_radius_without_a_place_filters_nothing(client, places):
    assert len(list_titles(client, {"rayon": "5"})) == len(PLACES)


def test_position_is_not_a_page_cache_variant(client, places):
    from initiatives.models import InitiativeIndexPage

    assert {"lat", "lng"}.isdisjoint(InitiativeIndexPage.page_cache_query_params)
    params = "?lat=43.707&lng=-1.051&rayon=10"
    for _ in range(2):
        response = client.get("/carte/" + params)
        assert response.status_code == 200
        assert STATUS_HEADER not in response  # neither stored nor served from the cache
    # Nor is the typed commune (free text); the radius alone is a variant.
    assert "pres_de" not in InitiativeIndexPage.page_cache_query_params
    client.get("/carte/?rayon=10")
    assert client.get("/carte/?rayon=10")[STATUS_HEADER] == "hit"


def test_position_never_reaches_the_logs(client, places, caplog):
    from portal.log_filters import redact

    assert redact("GET /carte/?lat=43.707&lng=-1.051&rayon=10 HTTP/1.1") == (
        "GET /carte/?lat=[redacted]&lng=[redacted]&rayon=10 HTTP/1.1")
    assert redact("/carte/geojson/?next=%2Fcarte%2F%3Flat%3D43.707%26lng%3D-1.051") == (
        "/carte/geojson/?next=%2Fcarte%2F%3Flat%3D[redacted]%26lng%3D[redacted]")
    assert redact("/carte/?plateau=1&relate=2") == "/carte/?plateau=1&relate=2"
    # A 400 of the feed logs the request line through Django's logger: redacted.
    with caplog.at_level(logging.WARNING):
        client.get("/carte/geojson/?lat=43.707&lng=-1.051&rayon=12")
    assert "43.707" not in caplog.text and "-1.051" not in caplog.text


def test_feed_validator_and_cache_key_use_the_rounded_position(client, places):
    first = client.get("/carte/geojson/", {"lat": "43.70745", "lng": "-1.05055"})
    second = client.get("/carte/geojson/", {"lng": "-1.0509", "lat": "43.7071"})
    assert first.status_code == second.status_code == 200
    assert first["ETag"] == second["ETag"]  # one cache entry for the same rounded place
    other = client.get("/carte/geojson/", {"lat": "43.712", "lng": "-1.051"})
    assert other["ETag"] != first["ETag"]
