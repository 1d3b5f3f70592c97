"""gzip of public JSON answers (portal.compression.PublicJSONGZipMiddleware): the API v2
and other public JSON in gzip when asked, never JSON under the admin or carrying a CSRF
token (BREACH), small bodies left as they are. Public HTML pages are gzipped by the page
cache, stored once compressed; HTML with a form token or for a signed-in user never."""

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


@pytest.mark.parametrize("url", ["/consultation/", "/propositions/", "/carte/ajouter/",
                                 "/inconnue/"])
def test_html_with_a_form_token_or_an_error_is_never_compressed(client, url):
    response = client.get(url, headers=GZIP)
    assert response.status_code in (200, 404)
    assert response["Content-Type"].startswith("text/html")
    assert "Content-Encoding" not in response
    assert b"<html" in response.content


@pytest.mark.parametrize("url", ["/", "/carte/", "/diagnostic/"])
def test_public_pages_are_gzipped_from_the_page_cache_and_decode_to_the_same_html(client, url):
    miss = client.get(url, headers=GZIP)
    hit = client.get(url, headers=GZIP)
    plain = client.get(url)
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"], plain["X-Page-Cache"]) == (
        "miss", "hit", "hit")
    for coded in (miss, hit):
        assert coded["Content-Encoding"] == "gzip"
        assert int(coded["Content-Length"]) == len(coded.content)
        assert "accept-encoding" in vary(coded)
        assert gzip.decompress(coded.content) == plain.content
    assert "Content-Encoding" not in plain
    assert int(plain["Content-Length"]) == len(plain.content)
    assert b"<html" in plain.content and "accept-encoding" in vary(plain)


def test_pages_for_a_signed_in_user_are_never_compressed(client, django_user_model):
    user = django_user_model.objects.create_user(email="lecteur@example.org", password="x")
    client.force_login(user)
    response = client.get("/carte/", headers=GZIP)
    assert response.status_code == 200
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

