"""The map's feed is a route of the map page: every request, conditional ones included,
goes through Wagtail's page serving (site routing, ``before_serve_page`` hooks, view
restrictions); a 304 keeps the validators of the 200 and a change makes them stale."""

import json

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from wagtail import hooks

pytestmark = pytest.mark.django_db


def test_revalidation_keeps_the_same_validators(client, map_page):
    # What a 304 costs is the bench's business (bench/geojson_feed.py).
    first = client.get("/carte/geojson/")
    assert first.status_code == 200
    again = client.get("/carte/geojson/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    assert again["Last-Modified"] == first["Last-Modified"]
    assert "no-cache" in again["Cache-Control"]


def test_a_change_makes_the_old_etag_stale(client, map_page, make_action):
    first = client.get("/carte/geojson/")
    make_action(map_page, "Action publiée après coup")
    again = client.get("/carte/geojson/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert "Action publiée après coup" in again.content.decode()
    assert again["ETag"] != first["ETag"]


def test_filtered_requests_keep_wagtails_routing(client, map_page):
    first = client.get("/carte/geojson/", {"theme": "sante"})
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/carte/geojson/", {"theme": "sante"},
                           HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert len(queries.captured_queries) > 1


def test_revalidation_goes_through_before_serve_page(client, map_page):
    first = client.get("/carte/geojson/")
    seen = []

    def stop(page, request, serve_args, serve_kwargs):
        seen.append(page.pk)
        return HttpResponse("arrêté", status=418)

    with hooks.register_temporarily("before_serve_page", stop):
        again = client.get("/carte/geojson/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 418
    assert seen == [map_page.pk]


def test_a_private_map_never_answers_before_its_restriction(client, map_page):
    from wagtail.models import PageViewRestriction

    first = client.get("/carte/geojson/")
    PageViewRestriction.objects.create(page=map_page, restriction_type="password",
                                       password="secret")
    again = client.get("/carte/geojson/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200  # Wagtail's password form, not the feed
    assert "password" in again.content.decode().lower()
    assert again.get("Content-Type", "").startswith("text/html")


def test_a_map_for_signed_in_users_refuses_its_feed_to_anonymous_users(
        client, map_page, make_user):
    from wagtail.models import PageViewRestriction

    first = client.get("/carte/geojson/")
    PageViewRestriction.objects.create(page=map_page, restriction_type="login")
    for headers in ({}, {"HTTP_IF_NONE_MATCH": first["ETag"]}):
        refused = client.get("/carte/geojson/", **headers)
        assert refused.status_code == 302, headers
        assert "geojson" in refused["Location"] and "ETag" not in refused
        assert b"FeatureCollection" not in refused.content

    client.force_login(make_user("lectrice@example.fr"))
    allowed = client.get("/carte/geojson/")
    assert allowed.status_code == 200
    assert json.loads(allowed.content)["type"] == "FeatureCollection"


def test_a_second_site_routes_the_feed_under_its_own_hostname(client, map_page):
    """A Site whose root is the map page: its hostname finds the feed at ``/geojson/``,
    links the actions on its own address, has its own ETag, and does not know the default
    site's ``/carte/``."""
    from wagtail.models import Site

    Site.objects.create(hostname="autre.example", port=80, root_page=map_page,
                        site_name="Autre adresse")
    default = client.get("/carte/geojson/")
    other = client.get("/geojson/", HTTP_HOST="autre.example")
    assert default.status_code == other.status_code == 200

    urls = [f["properties"]["url"] for f in json.loads(other.content)["features"]]
    assert urls and all(url.startswith("http://autre.example/") for url in urls), urls
    default_urls = [f["properties"]["url"] for f in json.loads(default.content)["features"]]
    assert all(url.startswith("http://testserver/carte/") for url in default_urls)

    assert other["ETag"] != default["ETag"]
    assert client.get("/geojson/", HTTP_HOST="autre.example",
                      HTTP_IF_NONE_MATCH=default["ETag"]).status_code == 200
    assert client.get("/geojson/", HTTP_HOST="autre.example",
                      HTTP_IF_NONE_MATCH=other["ETag"]).status_code == 304
    assert client.get("/carte/geojson/", HTTP_HOST="autre.example").status_code == 404
