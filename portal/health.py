"""``/healthz``: whether this process can reach its database and its cache.

For load balancers, orchestrators and monitoring. One ``SELECT 1`` on the default
database and one set/get/delete of a short-lived key in the default cache (Redis, or the
database cache without ``REDIS_URL``). Answers JSON, never cached, without touching the
session, the CSRF cookie or the signed-in user, so probes leave nothing behind:

- 200 ``{"status": "ok", "database": "ok", "cache": "ok"}``;
- 503 with ``"status": "error"`` and ``"error"`` for the part that failed. Neither the
  exception's text nor a host name is shown (the answer is public); the exception's class
  goes to the log (logger ``portal.health``, WARNING).

The database outage middleware (``portal.outage``) leaves this path alone, and gunicorn's
access log skips its successful answers (``portal.access_log``).
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

logger = logging.getLogger("portal.health")

#: Path of the health check (also read by ``portal.outage`` and ``portal.access_log``).
PATH = "/healthz"
OK, ERROR = "ok", "error"
#: Seconds the cache probe's key lives if its deletion fails.
CACHE_PROBE_SECONDS = 10


def check_database():
    """``"ok"`` when ``SELECT 1`` answers 1 on the default database, else ``"error"``."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            ok = cursor.fetchone()[0] == 1
    except Exception as exception:  # any failure is the answer, never a 500
        logger.warning("Health check: database failed (%s)", type(exception).__name__)
        return ERROR
    return OK if ok else ERROR


def check_cache():
    """``"ok"`` when a value written to the default cache under a fresh key reads back
    equal, else ``"error"``. The key is unique per probe (concurrent probes from several
    processes never see each other's value) and deleted afterwards."""
    key = f"portal:healthz:{uuid.uuid4().hex}"
    value = uuid.uuid4().hex
    try:
        cache.set(key, value, CACHE_PROBE_SECONDS)
        ok = cache.get(key) == value
        cache.delete(key)
    except Exception as exception:  # any failure is the answer, never a 500
        logger.warning("Health check: cache failed (%s)", type(exception).__name__)
        return ERROR
    if not ok:
        logger.warning("Health check: cache failed (value not read back)")
    return OK if ok else ERROR


@require_safe
def healthz(request):
    """GET/HEAD ``/healthz`` -> JsonResponse: 200 ``{"status": "ok", "database": "ok",
    "cache": "ok"}`` or 503 with ``"status": "error"`` and the failing part(s) as
    ``"error"``; ``Cache-Control: no-store`` (Django's never-cache headers)."""
    checks = {"database": check_database(), "cache": check_cache()}
    healthy = all(result == OK for result in checks.values())
    response = JsonResponse({"status": OK if healthy else ERROR, **checks},
                            status=200 if healthy else 503)
    add_never_cache_headers(response)
    return response
