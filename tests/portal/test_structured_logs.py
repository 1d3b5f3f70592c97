"""Production logs are JSON lines (python-json-logger) unless PORTAL_LOG_FORMAT=text:
Django's and gunicorn's, with private links still redacted (portal.log_format)."""

import datetime
import importlib
import io
import json
import logging
import runpy
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured
from gunicorn.config import Config

from portal.access_log import JsonRedactingLogger, RedactingLogger
from portal.log_filters import FILTER_NAME, RedactPrivateLinks

TOKEN = "s3cr3t-T0ken_abcdefghijklmnopqrstuvwxyz012"
ROOT = Path(__file__).resolve().parents[2]


def production_logging(monkeypatch, log_format=None):
    """LOGGING of portal.settings.production read with ``PORTAL_LOG_FORMAT`` set to
    ``log_format`` (None: unset)."""
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.setenv("ALLOWED_HOSTS", "portail.example")
    if log_format is None:
        monkeypatch.delenv("PORTAL_LOG_FORMAT", raising=False)
    else:
        monkeypatch.setenv("PORTAL_LOG_FORMAT", log_format)
    monkeypatch.delitem(sys.modules, "portal.settings.production", raising=False)
    return importlib.import_module("portal.settings.production").LOGGING


def console_output(config, emit):
    """What the production ``console`` handler (its filters and formatter, built from
    ``config``) writes when ``emit(logger)`` logs through a fresh logger."""
    handler_config = config["handlers"]["console"]
    assert handler_config["filters"][0] == FILTER_NAME
    formatter_config = dict(config["formatters"][handler_config["formatter"]])
    factory = formatter_config.pop("()", None)
    formatter = factory(**formatter_config) if factory else logging.Formatter(
        formatter_config["format"])
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactPrivateLinks())
    handler.setFormatter(formatter)
    logger = logging.getLogger("tests.structured")
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    try:
        emit(logger)
    finally:
        logger.removeHandler(handler)
    return stream.getvalue()


def test_production_writes_one_json_object_per_line_with_links_redacted(monkeypatch):
    config = production_logging(monkeypatch)
    out = console_output(config, lambda log: log.warning(
        "Not Found: %s", f"/carte/mon-action/{TOKEN}/modifier/",
        extra={"status_code": 404, "request": object()}))

    lines = out.splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["level"] == "WARNING"
    assert record["logger"] == "tests.structured"
    assert record["message"] == "Not Found: /carte/mon-action/[redacted]/modifier/"
    assert record["status_code"] == 404
    assert "request" not in record
    time = datetime.datetime.fromisoformat(record["time"])
    assert abs(time - datetime.datetime.now(datetime.UTC)) < datetime.timedelta(minutes=1)
    assert TOKEN not in out


def test_json_lines_carry_the_traceback_and_french_text(monkeypatch):
    config = production_logging(monkeypatch, "json")

    def emit(log):
        try:
            raise ValueError("échec")
        except ValueError:
            log.exception("Erreur sur la page « Carte »")

    record = json.loads(console_output(config, emit))
    assert record["level"] == "ERROR"
    assert record["message"] == "Erreur sur la page « Carte »"
    assert "ValueError: échec" in record["exc_info"]


def test_text_format_on_request(monkeypatch):
    config = production_logging(monkeypatch, "text")
    out = console_output(config, lambda log: log.info("GET %s", f"/carte/mon-action/{TOKEN}/"))
    assert "[INFO] tests.structured" in out
    assert out.rstrip().endswith("GET /carte/mon-action/[redacted]/")
    with pytest.raises(json.JSONDecodeError):
        json.loads(out)


def test_unknown_format_is_refused(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="PORTAL_LOG_FORMAT"):
        production_logging(monkeypatch, "xml")


def _gunicorn_logger(tmp_path, logger_class=JsonRedactingLogger):
    cfg = Config()
    cfg.set("accesslog", str(tmp_path / "access.log"))
    cfg.set("errorlog", str(tmp_path / "error.log"))
    return logger_class(cfg)


def _request(path, status="302 Found", query=""):
    environ = {
        "REQUEST_METHOD": "GET", "RAW_URI": path + (f"?{query}" if query else ""),
        "SERVER_PROTOCOL": "HTTP/1.1", "PATH_INFO": path, "QUERY_STRING": query,
        "REMOTE_ADDR": "203.0.113.9",
        "HTTP_REFERER": f"https://portail.example/carte/mon-action/{TOKEN}/",
        "HTTP_USER_AGENT": "Mozilla/5.0",
    }
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    response = SimpleNamespace(status=status, sent=512, headers=[])
    return response, request, environ


def test_gunicorn_access_log_is_json_with_the_request_parts_redacted(tmp_path):
    logger = _gunicorn_logger(tmp_path)
    logger.access(*_request(f"/carte/mon-action/{TOKEN}/modifier/", query="etape=2"),
                  datetime.timedelta(milliseconds=12, microseconds=300))
    text = (tmp_path / "access.log").read_text()

    assert TOKEN not in text
    (line,) = text.splitlines()
    record = json.loads(line)
    assert record["logger"] == "gunicorn.access"
    assert record["level"] == "INFO"
    assert record["method"] == "GET"
    assert record["path"] == "/carte/mon-action/[redacted]/modifier/"
    assert record["query"] == "etape=2"
    assert record["status"] == 302
    assert record["bytes"] == 512
    assert record["duration_ms"] == 12.3
    assert record["referer"] == "https://portail.example/carte/mon-action/[redacted]/"
    assert '"GET /carte/mon-action/[redacted]/modifier/?etape=2 HTTP/1.1" 302' in record["message"]
    # The line .ci/run looks for in gunicorn's output.
    assert "mon-action/[redacted]" in line
    assert "time" in record


def test_gunicorn_error_log_is_json_and_redacted(tmp_path):
    logger = _gunicorn_logger(tmp_path)
    logger.error("Error handling request %s", f"/carte/mon-action/{TOKEN}/retirer/")
    record = json.loads((tmp_path / "error.log").read_text().splitlines()[-1])
    assert record["level"] == "ERROR"
    assert record["logger"] == "gunicorn.error"
    assert record["message"] == "Error handling request /carte/mon-action/[redacted]/retirer/"


@pytest.mark.parametrize("logger_class", [JsonRedactingLogger, RedactingLogger])
def test_successful_health_checks_stay_out_of_the_access_log(tmp_path, logger_class):
    logger = _gunicorn_logger(tmp_path, logger_class)
    logger.access(*_request("/healthz", status="200 OK"), datetime.timedelta(milliseconds=2))
    logger.access(*_request("/healthz", status="503 Service Unavailable"),
                  datetime.timedelta(milliseconds=2))
    logger.access(*_request("/carte/", status="200 OK"), datetime.timedelta(milliseconds=2))
    lines = (tmp_path / "access.log").read_text().splitlines()
    assert len(lines) == 2
    assert "/healthz" in lines[0] and " 503 " in lines[0] + " "
    assert "/carte/" in lines[1]


def test_gunicorn_config_reads_the_environment(monkeypatch):
    for name in ("GUNICORN_BIND", "GUNICORN_WORKERS", "GUNICORN_THREADS", "GUNICORN_TIMEOUT",
                 "WEB_CONCURRENCY", "PORTAL_LOG_FORMAT"):
        monkeypatch.delenv(name, raising=False)
    defaults = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert defaults["bind"] == ["127.0.0.1:8000"]
    assert defaults["workers"] >= 3 and defaults["threads"] == 1 and defaults["timeout"] == 30
    assert defaults["logger_class"] == "portal.access_log.JsonRedactingLogger"

    monkeypatch.setenv("GUNICORN_BIND", "0.0.0.0:8811")
    monkeypatch.setenv("GUNICORN_WORKERS", "4")
    monkeypatch.setenv("GUNICORN_THREADS", "2")
    monkeypatch.setenv("GUNICORN_TIMEOUT", "60")
    monkeypatch.setenv("PORTAL_LOG_FORMAT", "text")
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert (config["bind"], config["workers"], config["threads"], config["timeout"]) == (
        ["0.0.0.0:8811"], 4, 2, 60)
    cfg = Config()
    cfg.set("logger_class", config["logger_class"])
    assert cfg.logger_class is RedactingLogger

    monkeypatch.delenv("GUNICORN_WORKERS")
    monkeypatch.setenv("WEB_CONCURRENCY", "5")
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["workers"] == 5
