"""A database outage answers 503 with Retry-After and a French page (or JSON for the
API), never a 500, stores nothing, and the site serves again as soon as the database is
back (portal.outage)."""

import json
import logging
from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

from tests.consultation.conftest import consultation_page, keys, read_token, valid_answers  # noqa: F401

PAGES = ["/", "/carte/", "/consultation/", "/diagnostic/"]
OUTAGE_TEXT = "Service momentanément indisponible"
KEPT_TEXT = "ce que vous avez saisi est conservé dans cet onglet"


@contextmanager
def database_refuses_connections():
    """Every new connection (and every use of one) fails as when the server is down:
    ``ensure_connection`` raises OperationalError, as Django does for "connection
    refused"."""
    error = OperationalError('connection to server at "db.example" failed: Connection refused')
    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", side_effect=error):
        yield


@contextmanager
def database_lost():
    """The open connection is there but every query fails (server gone mid-way):
    creating a cursor raises OperationalError."""
    error = OperationalError("server closed the connection unexpectedly")
    with mock.patch.object(BaseDatabaseWrapper, "_cursor", side_effect=error):
        yield


OUTAGES = [database_refuses_connections, database_lost]


def assert_outage_page(response, retry_after="30"):
    assert response.status_code == 503
    assert response["Retry-After"] == retry_after
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"].startswith("text/html")
    text = response.content.decode()
    assert OUTAGE_TEXT in text
    assert KEPT_TEXT in text
    assert 'lang="fr"' in text
    # The site's look: its stylesheet and theme, without the database-driven menu.
    assert "portal/css/portal.css" in text
    assert "Les nouvelles solidarités, j&#x27;en parle" in text


@pytest.mark.django_db
@pytest.mark.parametrize("outage", OUTAGES)
@pytest.mark.parametrize("path", PAGES)
def test_pages_answer_503_with_retry_after_and_a_french_page(client, settings, path, outage):
    # A page not in the page cache (here: the cache off) needs the database.
    settings.PORTAL_PAGE_CACHE_ENABLED = False
    assert client.get(path).status_code == 200
    with outage():
        response = client.get(path)
    assert_outage_page(response)


@pytest.mark.django_db
@pytest.mark.parametrize("outage", OUTAGES)
def test_pages_in_the_page_cache_still_answer_during_an_outage(client, outage):
    """The page cache sits above the outage middleware: an anonymous page already
    cached is served without the database; one never cached gets the 503 page."""
    first = client.get("/carte/")
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    with outage():
        cached = client.get("/carte/")
        uncached = client.get("/diagnostic/")
    assert cached.status_code == 200
    assert cached["X-Page-Cache"] == "hit"
    assert cached.content == first.content
    assert_outage_page(uncached)


@pytest.mark.django_db
@pytest.mark.parametrize("outage", OUTAGES)
def test_api_answers_json_503(client, outage):
    with outage():
        response = client.get("/api/v2/pages/?type=home.HomePage")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    body = json.loads(response.content)
    assert body == {"message": "Le service est momentanément indisponible. "
                               "Veuillez réessayer dans un instant."}


@pytest.mark.django_db
@pytest.mark.parametrize("outage", OUTAGES)
def test_map_feed_answers_json_503_whatever_the_accept_header(client, outage):
    """A map script or a GIS tool fetching the feed without an Accept header still gets
    JSON, not the HTML page."""
    with outage():
        response = client.get("/carte/geojson/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Type"].startswith("application/json")
    assert "momentanément indisponible" in json.loads(response.content)["message"]


@pytest.mark.django_db
def test_json_clients_get_json(client):
    with database_refuses_connections():
        response = client.get("/carte/geojson/", headers={"Accept": "application/json"})
    assert response.status_code == 503
    assert "momentanément indisponible" in json.loads(response.content)["message"]


@pytest.mark.django_db
@pytest.mark.parametrize("outage", OUTAGES)
def test_questionnaire_post_answers_503_and_stores_nothing(
        client, consultation_page, valid_answers, outage):  # noqa: F811
    from consultation.models import ConsultationContact, ConsultationSubmission
    from portal.models import FormToken

    token = read_token(client.get("/consultation/"))
    tokens = FormToken.objects.count()
    with outage():
        response = client.post("/consultation/", {"form_token": token, **valid_answers})

    assert_outage_page(response)
    assert ConsultationSubmission.objects.count() == 0
    assert ConsultationContact.objects.count() == 0
    assert FormToken.objects.count() == tokens
    # The database is back: the same form (same token) is stored, once.
    response = client.post("/consultation/", {"form_token": token, **valid_answers})
    assert response.status_code == 302
    assert ConsultationSubmission.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("path, staff", [("/admin/", True), ("/carte/", False)])
def test_signed_in_user_whose_session_cannot_be_read_gets_503(client, make_user, path, staff):
    client.force_login(make_user("membre@example.org", is_superuser=staff, is_staff=staff))
    # Reading the session fails in a middleware, before any view: Django turns it into a
    # 500, which the outage middleware replaces (the admin included).
    client.raise_request_exception = False
    with database_lost():
        response = client.get(path)
    assert_outage_page(response)


@pytest.mark.django_db
def test_retry_after_is_a_setting(client, settings):
    settings.PORTAL_OUTAGE_RETRY_AFTER = 120
    with database_refuses_connections():
        response = client.get("/")
    assert_outage_page(response, retry_after="120")


@pytest.mark.django_db
def test_outage_is_logged_once_as_a_warning_without_details(client, caplog):
    with caplog.at_level(logging.INFO):
        with database_refuses_connections():
            client.get("/carte/?q=Jeanne+Dupont")
    records = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [(r.name, r.levelname) for r in records] == [("portal.outage", "WARNING")]
    message = records[0].getMessage()
    assert message == "Database unavailable (OperationalError): GET /carte/ answered 503"
    assert "db.example" not in caplog.text and "Dupont" not in caplog.text


@pytest.mark.django_db
def test_page_renders_without_the_database(client, django_assert_num_queries):
    from portal.outage import outage_response
    from django.test import RequestFactory

    request = RequestFactory().get("/consultation/")
    with django_assert_num_queries(0):
        response = outage_response(request, OperationalError())
    assert_outage_page(response)


@pytest.mark.django_db
def test_retry_link_never_leaves_the_site(client):
    with database_refuses_connections():
        response = client.get("//evil.example/")
    assert response.status_code == 503
    assert "evil.example" not in response.content.decode()


@pytest.mark.django_db
def test_other_errors_are_not_outages(client):
    from django.db import IntegrityError

    client.raise_request_exception = False
    with mock.patch("home.models.HomePage.serve", side_effect=IntegrityError("x")):
        response = client.get("/")
    assert response.status_code == 500


class _Browser:
    """A minimal HTTP client with cookies (urllib), for a real WSGI server."""

    def __init__(self, base_url):
        import http.cookiejar
        import urllib.request

        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect)

    def request(self, path, data=None):
        """(status int, headers, body str) of a GET, or of a POST of ``data`` (dict)."""
        import urllib.error
        import urllib.parse

        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            response = self.opener.open(self.base_url + path, body, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            return response.status, response.headers, response.read().decode()


class _NoRedirect(__import__("urllib.request").request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_postgresql_restart_with_persistent_connections_recovers_without_restart(
        consultation_page, valid_answers, settings):  # noqa: F811
    """gunicorn-like serving (one WSGI thread keeping its connection: CONN_MAX_AGE with
    CONN_HEALTH_CHECKS), then PostgreSQL "restarts": its connections are dropped and it
    refuses new ones (the port points at a closed one). Requests get the 503 page, the
    questionnaire POST stores nothing; once the database is back the next request is
    served by the same process."""
    import re
    import threading
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection

    from consultation.models import ConsultationSubmission

    if connection.vendor != "postgresql":
        pytest.skip("a real connection refused and dropped needs PostgreSQL (DATABASE_URL)")
    # Every request must reach the database (a cached page would still answer 200).
    settings.PORTAL_PAGE_CACHE_ENABLED = False

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    def backends():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                           " AND pid <> pg_backend_pid()")
            return {row[0] for row in cursor.fetchall()}

    def drop(pids):
        with connection.cursor() as cursor:
            for pid in pids:
                cursor.execute("SELECT pg_terminate_backend(%s)", [pid])

    # Connections of other threads already open (left by earlier tests): never touched.
    others = backends()
    server = make_server("127.0.0.1", 8812, WSGIHandler(), handler_class=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    browser = _Browser("http://127.0.0.1:8812")
    settings_dict = connection.settings_dict  # shared by every thread's connection
    saved = {key: settings_dict[key] for key in ("PORT", "CONN_MAX_AGE", "CONN_HEALTH_CHECKS")}
    settings_dict.update(CONN_MAX_AGE=600, CONN_HEALTH_CHECKS=True)
    try:
        assert browser.request("/")[0] == 200
        served_by = backends() - others
        assert len(served_by) == 1
        assert browser.request("/carte/")[0] == 200
        assert backends() - others == served_by  # a persistent connection
        status, _, html = browser.request("/consultation/")
        assert status == 200
        fields = dict(re.findall(r'name="(csrfmiddlewaretoken|form_token)" value="([^"]+)"', html))

        settings_dict["PORT"] = "8819"  # nothing listens there: connections are refused
        drop(served_by)
        for path in ("/", "/carte/", "/consultation/", "/api/v2/pages/"):
            status, headers, body = browser.request(path)
            assert status == 503, path
            assert headers["Retry-After"] == "30"
            assert "no-store" in headers["Cache-Control"]
            assert ("momentanément indisponible" in body), path
        status, headers, body = browser.request("/consultation/", {**fields, **valid_answers})
        assert status == 503
        assert OUTAGE_TEXT in body and KEPT_TEXT in body

        settings_dict["PORT"] = saved["PORT"]  # the database is back
        assert browser.request("/")[0] == 200
        assert ConsultationSubmission.objects.count() == 0
        status, headers, _ = browser.request("/consultation/", {**fields, **valid_answers})
        assert status == 302 and headers["Location"].endswith("/consultation/merci/")
        assert ConsultationSubmission.objects.count() == 1
    finally:
        settings_dict.update(saved)
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        drop(backends() - others)


@pytest.mark.django_db
def test_a_page_that_cannot_render_still_answers_503(client):
    with mock.patch("django.templatetags.static.StaticNode.url",
                    side_effect=ValueError("Missing staticfiles manifest entry")):
        with database_refuses_connections():
            response = client.get("/carte/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert OUTAGE_TEXT in response.content.decode()
