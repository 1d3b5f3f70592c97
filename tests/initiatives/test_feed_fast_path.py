"""Conditional requests of the map's feed answered before Wagtail's routing
(initiatives.fast_path): one query, same validators, never for a changed or private map."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_revalidation_is_one_query_with_the_same_validators(client, map_page):
    first = client.get("/carte/geojson/")
    assert first.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/carte/geojson/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert len(queries.captured_queries) == 1
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


def test_a_private_map_never_answers_before_its_restriction(client, map_page):
    from wagtail.models import PageViewRestriction

    first = client.get("/carte/geojson/")
    PageViewRestriction.objects.create(page=map_page, restriction_type="password",
                                       password="secret")
    again = client.get("/carte/geojson/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200  # Wagtail's password form, not the feed
    assert "password" in again.content.decode().lower()
    assert again.get("Content-Type", "").startswith("text/html")
