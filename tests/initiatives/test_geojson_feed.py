"""The GeoJSON feed ``/carte/geojson/``: RFC 7946 shape, ``[lng, lat]`` never localised,
validators (ETag, Last-Modified, 304 without building), its cache and what invalidates it,
query count."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from geojson_pydantic import FeatureCollection
from wagtail.models import PageViewRestriction


def get_feed(client, params=None, **headers):
    return client.get("/carte/geojson/", params or {}, headers=headers)


def features_by_id(response):
    assert response.status_code == 200
    return {f["id"]: f for f in json.loads(response.content)["features"]}


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts without a cached feed (the cache outlives the rolled-back data)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def built(monkeypatch):
    """Count the calls to ``feature_collection`` (building the feed)."""
    from initiatives import feeds

    calls = []
    real = feeds.feature_collection

    def spy(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(feeds, "feature_collection", spy)
    return calls


def test_filtered_feed_is_valid_rfc7946_with_every_property(client, map_page, make_action):
    page = make_action(map_page, "Action C8 filtrée", insee="40192",
                       location="SRID=4326;POINT(-0.4997 43.8927)",
                       themes=("alimentation", "sante"), tags=("colis", "Épicerie"))
    response = get_feed(client, {"commune": "40192", "theme": "alimentation"})
    assert response["Content-Type"] == "application/geo+json; charset=utf-8"
    data = json.loads(response.content)
    FeatureCollection.model_validate(data)
    feature = features_by_id(response)[page.pk]
    assert feature["geometry"] == {"type": "Point", "coordinates": [-0.4997, 43.8927]}
    assert feature["properties"] == {
        "id": page.pk, "title": "Action C8 filtrée", "url": page.full_url,
        "commune": "Mont-de-Marsan", "commune_insee": "40192",
        "themes": ["alimentation", "sante"], "theme": "alimentation",
        "tags": ["colis", "épicerie"],  # the demo tag
        "actor_type": "association",
    }
    # Raw UTF-8, never localised numbers.
    body = response.content.decode()
    assert "épicerie" in body and "[-0.4997,43.8927]" in body and "43,8927" not in body


def test_c8_numbers_are_never_localised_in_french(client, map_page, make_action, settings):
    settings.USE_THOUSAND_SEPARATOR = True
    page = make_action(map_page, "Action C8 en français", insee="40192",
                       location="SRID=4326;POINT(-0.4997 43.8927)")
    with translation.override("fr"):
        body = get_feed(client, {"q": "C8 en francais"}).content.decode()
        html = client.get(page.url).content.decode()
        index_html = client.get("/carte/", {"commune": "40192"}).content.decode()
    assert '"coordinates":[-0.4997,43.8927]' in body
    assert 'data-lat="43.8927"' in html and 'data-lng="-0.4997"' in html
    assert "43,8927" not in html and "-0,4997" not in html
    assert 'data-center-lat="43.95"' in index_html and 'data-center-lng="-0.78"' in index_html
    api = client.get(f"/api/v2/pages/{page.pk}/", {"fields": "location"}).json()
    assert api["location"] == {"latitude": 43.8927, "longitude": -0.4997}


def test_etag_last_modified_and_304(client, map_page, built):
    first = get_feed(client)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and len(etag) > 10
    assert last_modified.endswith("GMT")
    assert "no-cache" in first["Cache-Control"]
    assert built == [1]

    not_modified = get_feed(client, If_None_Match=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag

    since = get_feed(client, If_Modified_Since=last_modified)
    assert since.status_code == 304
    assert get_feed(client, If_None_Match='"something-else"').status_code == 200
    assert built == [1]  # the later 200 came from the cache


def test_304_does_not_build_nor_read_the_actions(client, map_page, built):
    etag = get_feed(client)["ETag"]
    built.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = get_feed(client, {"theme": "sante"}, If_None_Match=etag)
    assert response.status_code == 200  # another filter, another ETag
    etag_sante = response["ETag"]
    assert etag_sante != etag
    built.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = get_feed(client, {"theme": "sante"}, If_None_Match=etag_sante)
    assert response.status_code == 304
    assert built == []
    sql = " ".join(q["sql"] for q in ctx.captured_queries)
    assert "initiatives_initiativepage" not in sql
    assert "initiatives_taggedinitiative" not in sql


def test_same_filters_in_another_order_share_the_etag(client, map_page):
    one = get_feed(client, {"theme": ["sante", "alimentation"], "commune": "40192"})
    two = get_feed(client, {"commune": "40192", "theme": ["alimentation", "sante"]})
    assert one["ETag"] == two["ETag"]
    assert get_feed(client)["ETag"] != one["ETag"]


def test_cached_body_is_served_without_building(client, map_page, built):
    first = get_feed(client)
    second = get_feed(client)
    assert second.content == first.content
    assert built == [1]


def _other_index(home_page):
    from initiatives.models import InitiativeIndexPage

    other = InitiativeIndexPage(title="Autre carte", slug="autre-carte")
    home_page.add_child(instance=other)
    other.save_revision().publish()
    return other


def _publish_new(page, map_page, make_action):
    make_action(map_page, "Nouvelle action publiée")


def _change(page, map_page, make_action):
    page.title = "Titre changé et publié"
    page.save_revision().publish()


def _unpublish(page, map_page, make_action):
    page.unpublish()


def _withdraw(page, map_page, make_action):
    page.unpublish(set_expired=True)


def _move(page, map_page, make_action):
    page.move(_other_index(map_page.get_parent()), pos="last-child")


def _delete(page, map_page, make_action):
    page.delete()


def _restrict(page, map_page, make_action):
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )


def _rename_commune(page, map_page, make_action):
    commune = page.commune
    commune.name = "Mont-de-Marsan (renommée)"
    commune.save()


@pytest.mark.parametrize("event", [
    _publish_new, _change, _unpublish, _withdraw, _move, _delete, _restrict, _rename_commune,
])
def test_each_change_invalidates_the_validator_and_the_cached_body(
    client, map_page, make_action, event
):
    page = make_action(map_page, "Action qui va changer", insee="40192")
    before = get_feed(client)
    etag = before["ETag"]
    assert get_feed(client, If_None_Match=etag).status_code == 304

    event(page, map_page, make_action)

    after = get_feed(client, If_None_Match=etag)
    assert after.status_code == 200
    assert after["ETag"] != etag
    old, new = features_by_id(before), features_by_id(after)
    assert old != new
    if event in (_unpublish, _withdraw, _move, _delete, _restrict):
        assert page.pk in old and page.pk not in new
    if event is _change:
        assert new[page.pk]["properties"]["title"] == "Titre changé et publié"
    if event is _rename_commune:
        assert new[page.pk]["properties"]["commune"] == "Mont-de-Marsan (renommée)"
    if event is _publish_new:
        assert len(new) == len(old) + 1


def test_a_draft_does_not_change_the_feed(client, map_page, make_action):
    page = make_action(map_page, "Action avec brouillon")
    before = get_feed(client)
    page.title = "Titre du brouillon"
    page.save_revision()
    after = get_feed(client)
    assert features_by_id(after)[page.pk]["properties"]["title"] == "Action avec brouillon"


def test_invalid_filter_answers_400_in_french(client, map_page):
    response = get_feed(client, {"commune": "75056"})
    assert response.status_code == 400
    assert response.json() == {
        "errors": ["Commune : Aucune commune du département ne s’appelle « 75056 »."]
    }


@pytest.mark.parametrize("params", [{}, {"theme": "sante", "q": "action"}])
def test_query_count_is_the_same_for_3_and_30_actions(client, home_page, make_action, params):
    from initiatives.feed_state import bump_feed_version
    from initiatives.models import InitiativeIndexPage

    index = InitiativeIndexPage(title="Carte de mesure", slug="carte-mesure")
    home_page.add_child(instance=index)
    index.save_revision().publish()

    def measure():
        bump_feed_version()  # a new version: the body is built, not read from the cache
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/carte-mesure/geojson/", params)
        return len(ctx.captured_queries), len(features_by_id(response))

    for i in range(3):
        make_action(index, f"Action mesurée {i}", themes=("sante", "aines"),
                    tags=(f"t{i}", "commun"))
    client.get("/carte-mesure/geojson/", params)  # warm Wagtail's site caches
    few_queries, few = measure()
    for i in range(3, 30):
        make_action(index, f"Action mesurée {i}", themes=("sante", "aines"),
                    tags=(f"t{i}", "commun"))
    many_queries, many = measure()
    assert (few, many) == (3, 30)
    assert many_queries == few_queries
