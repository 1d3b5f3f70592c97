"""gunicorn settings of the portal (read from the working directory by default, or with
``gunicorn -c gunicorn.conf.py portal.wsgi``). Command-line options override them.

Environment variables (all optional):

- ``GUNICORN_BIND``: address and port to listen on (default ``127.0.0.1:8000``: a
  reverse proxy on the same host; ``0.0.0.0:8000`` behind a load balancer on another
  host);
- ``GUNICORN_WORKERS``: worker processes (default ``WEB_CONCURRENCY`` if set, else
  2 × CPUs + 1). Each worker thread holds its own database connection (persistent with
  ``CONN_MAX_AGE``): workers × threads × hosts must stay below PostgreSQL's
  ``max_connections`` (100 by default);
- ``GUNICORN_THREADS``: threads per worker (default 1: the portal's views are short and
  CPU-bound, processes use every core);
- ``GUNICORN_TIMEOUT``: seconds before a silent worker is killed and restarted
  (default 30: the largest committee exports run in the background, not in a request);
- ``PORTAL_LOG_FORMAT``: ``json`` (default, one JSON object per line: time, level,
  logger, message, and for each request its method, path, status, duration...) or
  ``text`` (gunicorn's usual lines), the same variable as Django's logs
  (``portal.log_format``).

Logs:

- ``logger_class``: gunicorn's logger with private links (a submitter's
  ``/carte/mon-action/<token>/``, password reset links) redacted from the access log and
  the error log (portal.access_log, portal.log_filters), as JSON or text lines;
- ``accesslog``: one line per request on standard output, next to Django's lines on
  standard error (successful ``/healthz`` probes are left out).
"""

import multiprocessing
import os


def _int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


bind = [os.environ.get("GUNICORN_BIND", "").strip() or "127.0.0.1:8000"]
workers = _int("GUNICORN_WORKERS", _int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = _int("GUNICORN_THREADS", 1)
timeout = _int("GUNICORN_TIMEOUT", 30)

_log_format = (os.environ.get("PORTAL_LOG_FORMAT") or "json").strip().lower()
if _log_format not in ("json", "text"):
    raise SystemExit(f"PORTAL_LOG_FORMAT must be json or text, not {_log_format!r}")
logger_class = ("portal.access_log.JsonRedactingLogger" if _log_format == "json"
                else "portal.access_log.RedactingLogger")
accesslog = "-"
