"""The map's feed in gzip: same JSON once decompressed, a strong ETag of its own, 304s for
both representations, compressed once per cache fill."""

import gzip
import json

import pytest

pytestmark = pytest.mark.django_db

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def get_feed(client, params=None, **headers):
    return client.get("/carte/geojson/", params or {}, headers=headers)


def vary(response):
    return {name.strip().lower() for name in response.get("Vary", "").split(",")}


@pytest.fixture(autouse=True)
def empty_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def compressions(monkeypatch):
    """Count the calls to the feed's gzip compression."""
    from initiatives import feeds

    calls = []
    real = feeds.compress

    def spy(body):
        calls.append(len(body))
        return real(body)

    monkeypatch.setattr(feeds, "compress", spy)
    return calls


@pytest.mark.parametrize("params", [None, {"theme": "sante"}], ids=["all", "filtered"])
def test_gzip_answer_is_the_same_json_as_the_plain_one(client, map_page, params):
    plain = get_feed(client, params)
    coded = get_feed(client, params, **GZIP)
    assert plain.status_code == coded.status_code == 200
    assert "Content-Encoding" not in plain
    assert coded["Content-Encoding"] == "gzip"
    assert coded["Content-Type"] == plain["Content-Type"] == "application/geo+json; charset=utf-8"
    assert "accept-encoding" in vary(plain) and "accept-encoding" in vary(coded)
    document = json.loads(plain.content)
    assert document["features"], "the demo map has actions"
    assert json.loads(gzip.decompress(coded.content)) == document
    assert len(coded.content) < len(plain.content) / 2


def test_each_representation_has_its_own_strong_etag_and_its_304(client, map_page):
    plain = get_feed(client)
    coded = get_feed(client, **GZIP)
    assert plain["ETag"] != coded["ETag"]
    assert not plain["ETag"].startswith("W/") and not coded["ETag"].startswith("W/")
    assert plain["Last-Modified"] == coded["Last-Modified"]

    again = get_feed(client, If_None_Match=coded["ETag"], **GZIP)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == coded["ETag"]
    assert "accept-encoding" in vary(again)
    assert get_feed(client, If_None_Match=plain["ETag"]).status_code == 304
    # A tag names one byte sequence: the JSON's tag does not validate the gzip bytes.
    crossed = get_feed(client, If_None_Match=plain["ETag"], **GZIP)
    assert crossed.status_code == 200 and crossed["Content-Encoding"] == "gzip"


def test_filtered_feed_304_with_gzip(client, map_page):
    coded = get_feed(client, {"theme": "sante"}, **GZIP)
    again = get_feed(client, {"theme": "sante"}, If_None_Match=coded["ETag"], **GZIP)
    assert again.status_code == 304


def test_gzip_revalidation_keeps_its_validators(client, map_page):
    # What a 304 costs is the bench's business (bench/geojson_feed.py).
    coded = get_feed(client, **GZIP)
    again = get_feed(client, If_None_Match=coded["ETag"], **GZIP)
    assert again.status_code == 304
    assert again["ETag"] == coded["ETag"]
    assert "accept-encoding" in vary(again)


def test_a_change_makes_the_gzip_etag_stale(client, map_page, make_action):
    coded = get_feed(client, **GZIP)
    make_action(map_page, "Action compressée après coup")
    again = get_feed(client, If_None_Match=coded["ETag"], **GZIP)
    assert again.status_code == 200
    assert "Action compressée après coup" in gzip.decompress(again.content).decode()


def test_compressed_once_per_cache_fill(client, map_page, make_action, compressions):
    for headers in ({}, {}):
        assert get_feed(client, **headers).status_code == 200
    assert compressions == []  # nobody asked for gzip yet
    for headers in (GZIP, GZIP, {}, GZIP, {}):
        assert get_feed(client, **headers).status_code == 200
    assert len(compressions) == 1
    make_action(map_page, "Nouvelle action")
    for headers in ({}, GZIP, GZIP):
        assert get_feed(client, **headers).status_code == 200
    assert len(compressions) == 2


@pytest.mark.parametrize("accept", ["", "identity", "gzip;q=0", "br", "deflate, *;q=0"])
def test_clients_that_refuse_gzip_get_the_json(client, map_page, accept):
    response = get_feed(client, **({"Accept-Encoding": accept} if accept else {}))
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert json.loads(response.content)["type"] == "FeatureCollection"


@pytest.mark.parametrize("accept", ["gzip", "x-gzip", "*", "br;q=1.0, gzip;q=0.5"])
def test_clients_that_allow_gzip_get_it(client, map_page, accept):
    response = get_feed(client, **{"Accept-Encoding": accept})
    assert response["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.content))["type"] == "FeatureCollection"


def test_invalid_filter_answers_a_readable_400(client, map_page):
    response = get_feed(client, {"commune": "nowhere"}, **GZIP)
    assert response.status_code == 400
    body = gzip.decompress(response.content) if response.get("Content-Encoding") else (
        response.content)
    assert json.loads(body)["errors"]
