"""Private links never reach the logs: a submitter's ``/carte/mon-action/<token>/`` (and
a password reset link) is written ``[redacted]`` by gunicorn's access and error logs and
by Django's own loggers, whatever the settings module."""

import datetime
import importlib
import io
import logging
import runpy
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from portal.access_log import RedactingLogger
from portal.log_filters import FILTER_NAME, redact

TOKEN = "s3cr3t-T0ken_abcdefghijklmnopqrstuvwxyz012"
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("text, expected", [
    (f"/carte/mon-action/{TOKEN}/", "/carte/mon-action/[redacted]/"),
    (f"GET /carte/mon-action/{TOKEN}/modifier/?a=1 HTTP/1.1",
     "GET /carte/mon-action/[redacted]/modifier/?a=1 HTTP/1.1"),
    (f"https://portail.example/carte/mon-action/{TOKEN}", "https://portail.example/carte/mon-action/[redacted]"),
    (f"/carte/mon-action/{TOKEN}?x=1", "/carte/mon-action/[redacted]?x=1"),
    (f"/connexion/?next=%2Fcarte%2Fmon-action%2F{TOKEN}%2Fretirer%2F",
     "/connexion/?next=%2Fcarte%2Fmon-action%2F[redacted]%2Fretirer%2F"),
    (f'Not Found: /autre-carte/mon-action/{TOKEN}/ "x"', 'Not Found: /autre-carte/mon-action/[redacted]/ "x"'),
    (f"/admin/password_reset/confirm/MQ/{TOKEN}/", "/admin/password_reset/confirm/MQ/[redacted]/"),
    ("/carte/ajouter/?q=mon-action", "/carte/ajouter/?q=mon-action"),
    ("/admin/comite/exports/0b7c6f52-2a43-4e7a-9b1c-1f0e0f3e8c11/fichier/",
     "/admin/comite/exports/0b7c6f52-2a43-4e7a-9b1c-1f0e0f3e8c11/fichier/"),
    ("", ""),
    # Percent-encoded letters still route to the private link: redacted as well.
    (f"GET /carte/mon%2Daction/{TOKEN}/ HTTP/1.1", "GET /carte/mon%2Daction/[redacted]/ HTTP/1.1"),
    (f"/carte/%6Don-action/{TOKEN}/retirer/", "/carte/%6Don-action/[redacted]/retirer/"),
    (f"/admin/password%5Freset/confirm/MQ/{TOKEN}/", "/admin/password%5Freset/confirm/MQ/[redacted]/"),
    # E-mail addresses typed into search fields are personal data.
    ("GET /carte/?q=jean.dupont@example.org HTTP/1.1", "GET /carte/?q=[email] HTTP/1.1"),
    ("/api/v2/pages/?search=marie.curie%40example.org&type=x", "/api/v2/pages/?search=[email]&type=x"),
    ("/carte/?q=aide+marie.curie%40Example.ORG", "/carte/?q=[email]"),  # "+" belongs to addresses
])
def test_redact_replaces_only_the_secret_segment(text, expected):
    assert redact(text) == expected


def test_redact_leaves_other_values_alone():
    assert redact(None) is None
    assert redact(200) == 200


def _gunicorn_logger(tmp_path, **settings):
    cfg = Config()
    cfg.set("accesslog", str(tmp_path / "access.log"))
    cfg.set("errorlog", str(tmp_path / "error.log"))
    for name, value in settings.items():
        cfg.set(name, value)
    return RedactingLogger(cfg)


def _private_request():
    environ = {
        "REQUEST_METHOD": "POST", "RAW_URI": f"/carte/mon-action/{TOKEN}/modifier/?etape=2",
        "SERVER_PROTOCOL": "HTTP/1.1", "PATH_INFO": f"/carte/mon-action/{TOKEN}/modifier/",
        "QUERY_STRING": f"next=%2Fcarte%2Fmon-action%2F{TOKEN}%2F", "REMOTE_ADDR": "203.0.113.9",
        "HTTP_REFERER": f"https://portail.example/carte/mon-action/{TOKEN}/",
        "HTTP_USER_AGENT": "Mozilla/5.0",
    }
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    response = SimpleNamespace(status="302 Found", sent=0,
                               headers=[("Location", f"/carte/mon-action/{TOKEN}/")])
    return response, request, environ


def test_gunicorn_access_log_redacts_request_line_path_query_and_referer(tmp_path):
    logger = _gunicorn_logger(tmp_path)
    logger.access(*_private_request(), datetime.timedelta(milliseconds=12))
    line = (tmp_path / "access.log").read_text()

    assert TOKEN not in line
    assert '"POST /carte/mon-action/[redacted]/modifier/?etape=2 HTTP/1.1" 302' in line
    assert '"https://portail.example/carte/mon-action/[redacted]/"' in line
    assert line.startswith("203.0.113.9 ")


def test_gunicorn_access_log_redacts_every_atom_of_a_custom_format(tmp_path):
    logger = _gunicorn_logger(
        tmp_path, access_log_format="%(U)s %(q)s %({referer}i)s %({location}o)s %({path_info}e)s",
    )
    logger.access(*_private_request(), datetime.timedelta(milliseconds=12))
    line = (tmp_path / "access.log").read_text()

    assert TOKEN not in line
    assert line.split() == [
        "/carte/mon-action/[redacted]/modifier/", "next=%2Fcarte%2Fmon-action%2F[redacted]%2F",
        "https://portail.example/carte/mon-action/[redacted]/", "/carte/mon-action/[redacted]/",
        "/carte/mon-action/[redacted]/modifier/",
    ]


def test_gunicorn_error_log_redacts_the_failing_request(tmp_path):
    logger = _gunicorn_logger(tmp_path)
    logger.error("Error handling request %s", f"/carte/mon-action/{TOKEN}/retirer/")
    text = (tmp_path / "error.log").read_text()

    assert TOKEN not in text
    assert "Error handling request /carte/mon-action/[redacted]/retirer/" in text


def test_gunicorn_config_file_uses_the_redacting_logger():
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    cfg = Config()
    cfg.set("logger_class", config["logger_class"])
    assert issubclass(cfg.logger_class, RedactingLogger)
    assert config["accesslog"] == "-"


def test_ci_starts_gunicorn_with_the_config_file():
    script = (ROOT / ".ci" / "run").read_text()
    assert "gunicorn -c gunicorn.conf.py portal.wsgi" in script


@pytest.mark.django_db
@pytest.mark.parametrize("route", ["submission_manage", "submission_edit", "submission_withdraw"])
def test_every_private_route_of_the_map_is_redacted(route):
    from initiatives.models import InitiativeIndexPage
    from initiatives.submissions import private_link_path

    path = private_link_path(InitiativeIndexPage.objects.get(slug="carte"), TOKEN, route)
    assert TOKEN in path
    assert redact(path).startswith("/carte/mon-action/[redacted]/")
    assert TOKEN not in redact(path)


def test_password_reset_link_is_redacted():
    from django.urls import reverse

    path = reverse("wagtailadmin_password_reset_confirm", args=["MQ", TOKEN])
    assert TOKEN in path
    assert TOKEN not in redact(path)


@pytest.mark.django_db
def test_django_404_on_a_private_link_is_logged_without_the_token(client, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(f"/carte/mon-action/{TOKEN}/modifier/",
                              headers={"Referer": f"http://testserver/carte/mon-action/{TOKEN}/"})

    assert response.status_code == 404
    messages = [record.getMessage() for record in caplog.records]
    assert "Not Found: /carte/mon-action/[redacted]/modifier/" in messages
    assert TOKEN not in caplog.text
    assert all(getattr(record, "request", None) is None for record in caplog.records
               if record.name == "django.request")


def test_runserver_log_line_is_redacted():
    logger = logging.getLogger("django.server")
    out = io.StringIO()
    streams = [(handler, handler.setStream(out)) for handler in logger.handlers
               if type(handler) is logging.StreamHandler]
    assert streams
    try:
        logger.info('"%s" %s %s', f"GET /carte/mon-action/{TOKEN}/ HTTP/1.1", "200", "1234")
    finally:
        for handler, stream in streams:
            handler.setStream(stream)
    err = out.getvalue()

    assert '"GET /carte/mon-action/[redacted]/ HTTP/1.1" 200 1234' in err
    assert TOKEN not in err


@pytest.mark.parametrize("module", ["portal.settings.dev", "portal.settings.test",
                                    "portal.settings.production"])
def test_every_settings_module_redacts_in_every_handler(module, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.setenv("ALLOWED_HOSTS", "portail.example")
    monkeypatch.delitem(sys.modules, module, raising=False)
    logging_config = importlib.import_module(module).LOGGING

    assert logging_config["handlers"]
    for handler in logging_config["handlers"].values():
        assert handler["filters"][0] == FILTER_NAME
    assert logging_config["filters"][FILTER_NAME]["()"].__name__ == "RedactPrivateLinks"
    # Django's "django" logger (django.request, django.security...) writes through them.
    assert set(logging_config["loggers"]["django"]["handlers"]) <= set(logging_config["handlers"])
