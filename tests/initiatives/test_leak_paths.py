"""Hidden actions (draft, private, unpublished, withdrawn) never reach anonymous visitors:
not in the list, the GeoJSON feed, the API v2, the search, the sitemap or a tag's list.
One test per path and kind of hidden page; a visible twin shows each path works."""

import json
import re
from html import unescape

import pytest
from wagtail.models import PageViewRestriction

KINDS = ["draft", "private-password", "private-login", "unpublished", "withdrawn"]


@pytest.fixture
def hidden(map_page, make_action):
    """Factory: ``hidden(kind)`` -> (hidden page, visible twin). Both carry the word
    ``cachotterie`` and the tag ``secret-partage``; the hidden one also ``secret-seul``."""

    def factory(kind):
        page = make_action(
            map_page, f"Cachotterie {kind}", summary="Cachotterie bien gardée.",
            tags=("secret-partage", "secret-seul"), publish=kind != "draft",
        )
        if kind == "private-password":
            PageViewRestriction.objects.create(
                page=page, restriction_type=PageViewRestriction.PASSWORD, password="x"
            )
        elif kind == "private-login":
            PageViewRestriction.objects.create(
                page=page, restriction_type=PageViewRestriction.LOGIN
            )
        elif kind == "unpublished":
            page.unpublish()
        elif kind == "withdrawn":  # taken down by its expiry date or its author
            page.unpublish(set_expired=True)
        twin = make_action(map_page, "Cachotterie visible", tags=("secret-partage",))
        return page, twin

    return factory


def list_titles(client, params):
    response = client.get("/carte/", params)
    assert response.status_code == 200
    html = response.content.decode()
    return {unescape(t) for t in re.findall(r'<h3><a href="[^"]*">([^<]*)</a></h3>', html)}


@pytest.mark.parametrize("kind", KINDS)
def test_list(client, hidden, kind):
    page, twin = hidden(kind)
    titles = list_titles(client, {})
    assert twin.title in titles and page.title not in titles


@pytest.mark.parametrize("kind", KINDS)
def test_geojson(client, hidden, kind):
    page, twin = hidden(kind)
    body = client.get("/carte/geojson/").content.decode()
    ids = {f["id"] for f in json.loads(body)["features"]}
    assert twin.pk in ids and page.pk not in ids
    assert page.title not in body


@pytest.mark.parametrize("kind", KINDS)
def test_api_v2(client, hidden, kind):
    page, twin = hidden(kind)
    listing = client.get("/api/v2/pages/", {
        "type": "initiatives.InitiativePage", "q": "cachotterie",
    }).json()
    assert {item["id"] for item in listing["items"]} == {twin.pk}
    unfiltered = client.get("/api/v2/pages/", {
        "type": "initiatives.InitiativePage", "title": page.title,
    }).json()
    assert unfiltered["items"] == []
    assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 404
    assert client.get(f"/api/v2/pages/{twin.pk}/").status_code == 200


@pytest.mark.parametrize("kind", KINDS)
def test_search(client, hidden, kind):
    page, twin = hidden(kind)
    assert list_titles(client, {"q": "cachotterie"}) == {twin.title}
    feed = json.loads(client.get("/carte/geojson/", {"q": "CACHOTTERIE"}).content)
    assert {f["id"] for f in feed["features"]} == {twin.pk}
    # Wagtail's own search through the API.
    found = client.get("/api/v2/pages/", {
        "type": "initiatives.InitiativePage", "search": "Cachotterie",
    }).json()
    assert page.pk not in {item["id"] for item in found["items"]}


@pytest.mark.parametrize("kind", KINDS)
def test_sitemap(client, hidden, kind):
    page, twin = hidden(kind)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    assert f"/carte/{twin.slug}/</loc>" in xml
    assert f"/carte/{page.slug}/</loc>" not in xml


@pytest.mark.parametrize("kind", KINDS)
def test_tag_list(client, hidden, kind):
    page, twin = hidden(kind)
    # A tag shared with a visible action lists only the visible one.
    assert list_titles(client, {"etiquette": "secret-partage"}) == {twin.title}
    feed = json.loads(client.get("/carte/geojson/", {"etiquette": "secret-partage"}).content)
    assert {f["id"] for f in feed["features"]} == {twin.pk}
    api = client.get("/api/v2/pages/", {
        "type": "initiatives.InitiativePage", "etiquette": "secret-partage",
    }).json()
    assert {item["id"] for item in api["items"]} == {twin.pk}
    # A tag only the hidden action carries is not offered, and not accepted.
    html = client.get("/carte/").content.decode()
    assert 'value="secret-partage"' in html and "secret-seul" not in html
    response = client.get("/carte/", {"etiquette": "secret-seul"})
    assert response.status_code == 200
    assert page.title not in response.content.decode()
    assert client.get("/carte/geojson/", {"etiquette": "secret-seul"}).status_code == 400


def test_draft_changes_of_a_live_action_stay_private(client, map_page, make_action):
    page = make_action(map_page, "Action publiée sage", tags=("sage",))
    page.title = "Titre brouillon indiscret"
    page.summary = "Résumé brouillon indiscret"
    page.save_revision()
    assert list_titles(client, {"q": "indiscret"}) == set()
    assert "indiscret" not in client.get("/carte/").content.decode()
    assert "indiscret" not in client.get("/carte/geojson/").content.decode()
    assert "indiscret" not in client.get(f"/api/v2/pages/{page.pk}/").content.decode()
    assert json.loads(client.get("/carte/geojson/", {"q": "indiscret"}).content)[
        "features"] == []
