"""Wagtail API v2 (``/api/v2/``) under hostile query parameters: never a 500; every 400
answers ``{"message": ...}`` in French, on SQLite and PostgreSQL alike."""

import re

import pytest

pytestmark = pytest.mark.django_db

#: Faults found by trying the portal (each was a 500 or an English message).
FOUND_FAULTS = [
    "/api/v2/pages/?search=%22",
    "/api/v2/pages/?offset=9223372036854775808",
    "/api/v2/pages/find/?html_path=%00",
    "/api/v2/pages/?search=a&search_operator=x",
    "/api/v2/pages/?id=abc",
    "/api/v2/pages/?locale=xx",
]

ENGLISH = re.compile(
    r"\b(must|cannot|can't|doesn't|does not|is not|not allowed|not found|unknown|error|"
    r"the|should|expected|invalid literal|matches)\b", re.IGNORECASE)
FRENCH = re.compile(
    r"[éèàêçùâîô«»]|\b(le|la|les|un|une|des|du|doit|est|aucun|aucune|paramètres?|"
    r"inconnue?s?|champs?|valeur)\b",
    re.IGNORECASE)


def assert_french_message(response):
    """The answer is JSON ``{"message": str}`` with a French, non-English message."""
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    message = response.json()["message"]
    assert isinstance(message, str) and message
    assert FRENCH.search(message), message
    assert not ENGLISH.search(message.replace("type=", "")), message


def get(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code < 500, (url, params, response.content[:300])
    if response.status_code in (400, 404):
        assert_french_message(response)
    return response


@pytest.mark.parametrize("url", FOUND_FAULTS)
def test_found_faults_are_french_400s(client, url):
    response = client.get(url)
    assert response.status_code in (200, 400), response.content[:300]
    if response.status_code == 400:
        assert_french_message(response)


def test_a_quote_as_search_is_no_word_and_filters_nothing(client):
    response = get(client, "/api/v2/pages/", {"search": '"'})
    assert response.status_code == 200
    assert response.json()["meta"]["total_count"] == client.get(
        "/api/v2/pages/").json()["meta"]["total_count"]


def test_offset_beyond_integers_is_a_400_naming_offset(client):
    response = get(client, "/api/v2/pages/", {"offset": "9223372036854775808"})
    assert response.status_code == 400
    assert response.json()["message"] == (
        "Le paramètre « offset » doit être un nombre entier de 0 à 2147483647."
    )


def test_theme_slugs_under_theme_and_themes_filter_the_same_actions(client):
    base = {"type": "initiatives.InitiativePage", "fields": "themes", "limit": "20"}
    by_theme = get(client, "/api/v2/pages/", {**base, "theme": "alimentation"})
    by_themes = get(client, "/api/v2/pages/", {**base, "themes": "alimentation"})
    assert by_theme.status_code == by_themes.status_code == 200
    items = by_themes.json()["items"]
    assert items and all("alimentation" in item["themes"] for item in items)
    assert [i["id"] for i in items] == [i["id"] for i in by_theme.json()["items"]]
    unknown = get(client, "/api/v2/pages/", {**base, "themes": "inconnu"})
    assert unknown.status_code == 400
    assert "Thématiques" in unknown.json()["message"]


def test_unknown_parameter_is_named_in_french(client):
    response = get(client, "/api/v2/pages/", {"couleur": "bleu"})
    assert response.status_code == 400
    assert response.json()["message"].startswith("Paramètre inconnu : couleur.")


def test_api_root_lists_the_endpoints_in_french(client):
    response = client.get("/api/v2/")
    assert response.status_code == 200
    endpoints = {e["name"]: e for e in response.json()["endpoints"]}
    assert set(endpoints) == {"pages", "images", "documents"}
    assert endpoints["pages"]["url"].endswith("/api/v2/pages/")
    assert "pages publiées" in endpoints["pages"]["description"]
    # Wagtail's router still serves the endpoints themselves.
    assert client.get("/api/v2/pages/").status_code == 200


HOSTILE_VALUES = [
    '"', "'", "\x00", "a\x00b", "9223372036854775808", "-9223372036854775809", "2147483648",
    "-1", "0", "abc", "", " ", "1e5", " 1", "+1", "١٢", "é𝄞漢", "%", "\\", "root", "*",
    "-", ",", "[", "title(", "x" * 10_000, "a " * 5000, "2026-13-45", "true",
]
PARAMETERS = [
    "limit", "offset", "order", "fields", "type", "search", "search_operator", "child_of",
    "descendant_of", "ancestor_of", "translation_of", "locale", "site", "html_path", "id",
    "title", "slug", "first_published_at", "show_in_menus", "alias_of", "tags",
    "rich_text_format", "theme", "themes", "commune", "q", "benevoles", "format", "zz",
    "\x00",
]
ENDPOINTS = ["/api/v2/pages/", "/api/v2/images/", "/api/v2/documents/",
             "/api/v2/pages/find/", "/api/v2/images/find/", "/api/v2/documents/find/",
             "DETAIL", "INITIATIVES"]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("parameter", PARAMETERS)
def test_hostile_values_never_answer_500(client, home_page, endpoint, parameter):
    extra = {}
    if endpoint == "DETAIL":
        endpoint = f"/api/v2/pages/{home_page.pk}/"
    elif endpoint == "INITIATIVES":
        endpoint, extra = "/api/v2/pages/", {"type": "initiatives.InitiativePage"}
    for value in HOSTILE_VALUES:
        get(client, endpoint, {**extra, parameter: value})


@pytest.mark.parametrize("path", ["0", "9223372036854775808", "2147483648", "99999999999"])
def test_detail_of_hostile_ids_is_a_french_404(client, path):
    response = get(client, f"/api/v2/pages/{path}/")
    assert response.status_code == 404
