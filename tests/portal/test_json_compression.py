"""gzip of public JSON answers (portal.compression.PublicJSONGZipMiddleware): the API v2
and other public JSON in gzip when asked, never an HTML page, never JSON under the admin
or carrying a CSRF token (BREACH), small bodies left as they are."""

import gzip
import json

import pytest

pytestmark = pytest.mark.django_db

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def vary(response):
    return {name.strip().lower() for name in response.get("Vary", "").split(",")}


def decoded(response):
    """The response's JSON, decompressed when coded."""
    body = response.content
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return json.loads(body)


@pytest.mark.parametrize("url, params", [
    ("/api/v2/pages/", {"type": "initiatives.InitiativePage", "fields": "*"}),
    ("/api/v2/pages/", {}),
    ("/api/v2/", {}),
])
def test_api_answers_are_gzipped_when_asked_and_decode_to_the_same_json(client, url, params):
    plain = client.get(url, params)
    coded = client.get(url, params, headers=GZIP)
    assert plain.status_code == coded.status_code == 200
    assert "Content-Encoding" not in plain
    assert coded["Content-Encoding"] == "gzip"
    assert "accept-encoding" in vary(coded) and "accept-encoding" in vary(plain)
    assert decoded(coded) == json.loads(plain.content)
    assert len(coded.content) < len(plain.content)
    assert int(coded["Content-Length"]) == len(coded.content)


def test_api_errors_decode_too(client):
    response = client.get("/api/v2/pages/", {"limit": "abc" * 100}, headers=GZIP)
    assert response.status_code == 400
    assert decoded(response)["message"]


@pytest.mark.parametrize("url", ["/", "/carte/", "/consultation/", "/propositions/",
                                 "/carte/ajouter/", "/diagnostic/", "/inconnue/"])
def test_html_pages_are_never_compressed(client, url):
    response = client.get(url, headers=GZIP)
    assert response.status_code in (200, 404)
    assert response["Content-Type"].startswith("text/html")
    assert "Content-Encoding" not in response
    assert b"<html" in response.content


@pytest.mark.urls("tests.portal.compression_urls")
def test_public_json_without_secret_is_compressed(client):
    response = client.get("/essai/json/", {"q": "bonjour"}, headers=GZIP)
    assert response["Content-Encoding"] == "gzip"
    assert decoded(response)["echo"] == "bonjour"


@pytest.mark.urls("tests.portal.compression_urls")
def test_json_carrying_a_csrf_token_is_never_compressed(client):
    response = client.get("/essai/json-jeton/", headers=GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert json.loads(response.content)["csrf"]


@pytest.mark.urls("tests.portal.compression_urls")
def test_json_under_the_admin_is_never_compressed(client):
    response = client.get("/admin/essai/json/", headers=GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response


@pytest.mark.urls("tests.portal.compression_urls")
def test_small_json_stays_plain(client):
    response = client.get("/essai/json-court/", headers=GZIP)
    assert "Content-Encoding" not in response
    assert json.loads(response.content) == {"ok": True}

