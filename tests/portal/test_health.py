"""``/healthz`` answers whether the database and the cache are reachable, in JSON,
never cached, without session or CSRF cookie, with one query (portal.health)."""

import json
import logging
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper


@pytest.mark.django_db
def test_healthy(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies  # no session, no CSRF cookie
    assert "Cookie" not in response.get("Vary", "")


@pytest.mark.django_db
def test_head_is_answered_and_post_refused(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("patch_target", ["_cursor", "ensure_connection"])
def test_database_down(client, patch_target, caplog):
    error = OperationalError('connection to server at "db.internal" (10.0.0.5) failed')
    with mock.patch.object(BaseDatabaseWrapper, patch_target, side_effect=error):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "error", "database": "error", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert b"db.internal" not in response.content and b"10.0.0.5" not in response.content
    assert response["Retry-After"] == "30"  # as every 503 of the site
    assert "10.0.0.5" not in caplog.text
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [(r.name, r.levelname, r.getMessage()) for r in warnings] == [
        ("portal.health", "WARNING", "Health check failed: database (OperationalError)")]


@pytest.mark.django_db
def test_cache_down(client):
    from django.core.cache import caches

    with mock.patch.object(type(caches["default"]), "set", side_effect=ConnectionError("redis://10.0.0.6")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "error", "database": "ok", "cache": "error"}
    assert b"10.0.0.6" not in response.content


@pytest.mark.django_db
def test_cache_that_loses_values(client):
    from django.core.cache import caches

    with mock.patch.object(type(caches["default"]), "get", return_value=None):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["cache"] == "error"
