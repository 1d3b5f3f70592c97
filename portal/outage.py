"""A database outage answers 503 with ``Retry-After``, never a 500.

When PostgreSQL restarts, fails over or refuses connections, every request that needs it
would end in Django's 500 page and an error e-mail. :class:`DatabaseOutageMiddleware`
answers such requests with HTTP 503 "Service Unavailable" and a ``Retry-After`` header
(RFC 9110 §15.6.4 and §10.2.3), which tells browsers, crawlers, monitoring and load
balancers that the failure is temporary:

- a page (``templates/503.html``, in the site's look, French) saying the service is
  briefly unavailable, to retry in a moment, and that what the resident typed in the
  questionnaire is kept in their browser tab (``consultation/js/keep-answers.js``);
- for the API (``/api/``) and requests that prefer JSON, ``{"message": "…"}``;
- ``Cache-Control: no-store`` (no cache or CDN keeps the outage), one WARNING line
  (logger ``portal.outage``: method, path, exception class; never the exception's text,
  which may hold a host name or a query's values).

What counts as an outage: Django's ``OperationalError`` and ``InterfaceError``
(connection refused or lost, server shutting down, connection already closed), raised

1. when the request starts: the middleware opens the connection first (with persistent
   connections and ``CONN_HEALTH_CHECKS``, it runs Django's health check first, which
   drops a connection the server closed and opens a new one). Every page of the site
   queries the database anyway (Wagtail finds the Site and the page), so this costs
   nothing; a database that is back is used at once, without restarting anything;
2. by the view (``process_exception``);
3. by a middleware placed after this one (reading the session, the signed-in user):
   Django has turned it into a 500 by then; the exception is seen through the
   ``got_request_exception`` signal and the 500 replaced by the 503 (Django has already
   logged that error).

The page is rendered without the database: a plain template context (no context
processor, no Site or menu lookup), with the site's settings only
(:func:`portal.context_processors.portal_settings`).

``/healthz`` (:mod:`portal.health`) is left alone: it answers its own JSON; so is
``/theme.css`` (:mod:`portal.theme_views`), which never queries the database.
"""

import logging
import sys

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError, connection
from django.dispatch import receiver
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.log import log_response
from django.utils.translation import gettext as _

from portal.context_processors import portal_settings
from portal.health import PATH as HEALTH_PATH
from portal.theme import THEME_PATH

logger = logging.getLogger("portal.outage")

#: The exceptions of a database that cannot be reached (Django's wrappers of the
#: driver's errors, PEP 249).
OUTAGE_ERRORS = (OperationalError, InterfaceError)
#: Default of ``PORTAL_OUTAGE_RETRY_AFTER`` (seconds).
DEFAULT_RETRY_AFTER = 30
#: Paths answered by their own view whatever the database's state (the theme stylesheet
#: needs no database: the 503 page links it).
EXEMPT_PATHS = (HEALTH_PATH, THEME_PATH)
#: The page when ``503.html`` cannot be rendered (static files not collected...).
MINIMAL_PAGE = (
    '<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" '
    'content="width=device-width, initial-scale=1"><title>%(title)s</title></head>\n'
    '<body><main><h1>%(title)s</h1><p>%(message)s</p></main></body></html>\n'
)
#: Attribute of the request holding the outage seen during it (an exception or None).
_SEEN = "_portal_outage"
#: Attribute set once the outage of a request is logged.
_LOGGED = "_portal_outage_logged"


def retry_after():
    """Seconds (int, at least 1) a client should wait before retrying: setting
    ``PORTAL_OUTAGE_RETRY_AFTER`` (default 30)."""
    return max(1, int(getattr(settings, "PORTAL_OUTAGE_RETRY_AFTER", DEFAULT_RETRY_AFTER)))


def is_outage(exception):
    """Whether ``exception`` (any exception) says the database cannot be reached (bool)."""
    return isinstance(exception, OUTAGE_ERRORS)


def wants_json(request):
    """Whether the outage answer to ``request`` should be JSON (bool): the API
    (``/api/``), a GeoJSON feed (a path ending in ``/geojson/``, such as the map's), or a
    client that prefers ``application/json`` to HTML."""
    if request.path_info.startswith("/api/") or request.path_info.endswith("/geojson/"):
        return True
    preferred = request.get_preferred_type(["text/html", "application/json"])
    return preferred == "application/json"


def check_connection():
    """Open the default database connection if needed (health-checked when
    ``CONN_HEALTH_CHECKS`` is on). Raises ``OperationalError``/``InterfaceError`` when
    the database cannot be reached; returns None otherwise."""
    connection.close_if_health_check_failed()
    connection.ensure_connection()


def outage_response(request, exception):
    """The 503 answer to ``request`` during an outage (HttpResponse or JsonResponse).

    Input: the request and the exception that revealed the outage (only its class is
    logged). Output: status 503, ``Retry-After: <seconds>``, ``Cache-Control:
    no-store`` (with Django's other never-cache headers); HTML ``503.html`` or JSON
    ``{"message": str}``. Logs one WARNING per request. Makes no database query.
    """
    seconds = retry_after()
    with translation.override(settings.LANGUAGE_CODE):
        message = _("The service is briefly unavailable. Please try again in a moment.")
        if wants_json(request):
            response = JsonResponse({"message": message}, status=503,
                                    json_dumps_params={"ensure_ascii": False})
        else:
            path = request.path
            retry_url = path if url_has_allowed_host_and_scheme(path, allowed_hosts=None) else "/"
            try:
                # A plain context (no request): no context processor runs, none queries.
                html = loader.get_template("503.html").render({
                    "portal": portal_settings(), "site_menu": [], "retry_after": seconds,
                    "retry_url": retry_url, "message": message,
                })
            except Exception:  # the page must not turn the 503 into a 500
                html = MINIMAL_PAGE % {"title": escape(_("Service briefly unavailable")),
                                       "message": escape(message)}
            response = HttpResponse(html, status=503)
    response["Retry-After"] = str(seconds)
    add_never_cache_headers(response)
    if not getattr(request, _LOGGED, False):
        setattr(request, _LOGGED, True)
        # Marks the response as logged, so that Django's handler does not log it again
        # as an error.
        log_response(
            "Database unavailable (%s): %s %s answered 503",
            type(exception).__name__, request.method, request.path,
            response=response, request=request, logger=logger, level="warning",
        )
    return response


class DatabaseOutageMiddleware:
    """Answer requests that meet a database outage with :func:`outage_response` (see the
    module). Place it after WhiteNoise (static files never need the database) and before
    the session middleware (whose reads fail first)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info in EXEMPT_PATHS:
            response = self.get_response(request)
            # The health check answers its own 503; it says when to ask again too.
            if response.status_code == 503 and not response.has_header("Retry-After"):
                response["Retry-After"] = str(retry_after())
            return response
        setattr(request, _SEEN, None)
        try:
            check_connection()
        except OUTAGE_ERRORS as exception:
            return outage_response(request, exception)
        response = self.get_response(request)
        seen = getattr(request, _SEEN, None)
        if seen is not None and response.status_code == 500:
            return outage_response(request, seen)
        return response

    def process_exception(self, request, exception):
        """A view's outage exception -> :func:`outage_response`; anything else: None."""
        if request.path_info not in EXEMPT_PATHS and is_outage(exception):
            return outage_response(request, exception)
        return None


@receiver(got_request_exception)
def _remember_outage(sender, request=None, **kwargs):
    """Record on ``request`` an outage exception being turned into a 500 by Django (the
    exception is the one being handled), for :class:`DatabaseOutageMiddleware`."""
    exception = sys.exc_info()[1]
    if request is not None and hasattr(request, _SEEN) and is_outage(exception):
        setattr(request, _SEEN, exception)
