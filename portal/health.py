"""``/healthz``: whether this process can reach its database and its cache.

For load balancers, orchestrators and monitoring. One ``SELECT 1`` on the default
database and one set/get/delete of a short-lived key in the default cache (Redis, or the
database cache without ``REDIS_URL``). Answers JSON, never cached, without touching the
session, the CSRF cookie or the signed-in user, so probes leave nothing behind:

- 200 ``{"status": "ok", "database": "ok", "cache": "ok"}``;
- 503 with ``"status": "error"`` and ``"error"`` for the part that failed. Neither the
  exception's text nor a host name is shown (the answer is public); the exception's class
  goes to the log (logger ``portal.health``, one WARNING line).

The database outage middleware (``portal.outage``) leaves this path alone, and gunicorn's
access log skips its successful answers (``portal.access_log``).
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers
from django.utils.log import log_response
from django.views.decorators.http import require_safe

logger = logging.getLogger("portal.health")

#: Path of the health check (also read by ``portal.outage`` and ``portal.access_log``).
PATH = "/healthz"
OK, ERROR = "ok", "error"
#: Seconds the cache probe's key lives if its deletion fails.
CACHE_PROBE_SECONDS = 10


def check_database():
    """Whether ``SELECT 1`` answers 1 on the default database: None when it does, else
    the name (str) of what went wrong (the exception's class)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            value = cursor.fetchone()[0]
    except Exception as exception:  # any failure is the answer, never a 500
        return type(exception).__name__
    return None if value == 1 else "unexpected answer"


def check_cache():
    """Whether a value written to the default cache under a fresh key reads back equal:
    None when it does, else the name (str) of what went wrong. The key is unique per
    probe (concurrent probes from several processes never see each other's value) and
    deleted afterwards."""
    key = f"portal:healthz:{uuid.uuid4().hex}"
    value = uuid.uuid4().hex
    try:
        cache.set(key, value, CACHE_PROBE_SECONDS)
        read = cache.get(key)
        cache.delete(key)
    except Exception as exception:  # any failure is the answer, never a 500
        return type(exception).__name__
    return None if read == value else "value not read back"


@require_safe
def healthz(request):
    """GET/HEAD ``/healthz`` -> JsonResponse: 200 ``{"status": "ok", "database": "ok",
    "cache": "ok"}`` or 503 with ``"status": "error"`` and the failing part(s) as
    ``"error"``; ``Cache-Control: no-store`` (Django's never-cache headers). A failure
    is logged once, at WARNING, with what went wrong for each part."""
    failures = {name: check() for name, check in
                (("database", check_database), ("cache", check_cache))}
    healthy = not any(failures.values())
    response = JsonResponse(
        {"status": OK if healthy else ERROR,
         **{name: ERROR if failure else OK for name, failure in failures.items()}},
        status=200 if healthy else 503,
    )
    add_never_cache_headers(response)
    if not healthy:
        # Also marks the response as logged: Django does not log it again as an error.
        log_response(
            "Health check failed: %s",
            ", ".join(f"{name} ({failure})" for name, failure in failures.items() if failure),
            response=response, request=request, logger=logger, level="warning",
        )
    return response
