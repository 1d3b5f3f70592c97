"""Secrets carried in URLs, and e-mail addresses, never reach the logs.

Some links are credentials: whoever holds them acts without signing in. They show up in
the access log (request line, path, query string, ``Referer`` of the next request, the
``Location`` of a redirect) and in Django's own log lines (``django.request``
"Not Found: <path>", ``django.server`` for ``runserver``). Logs are kept longer and read
by more people than the link's owner, so the secret part of such a URL is replaced by
``[redacted]`` before any line is written (RGPD article 32: security of processing).

:func:`redact` is the one place that decides what is secret:

- a submitter's private link to their solidarity action, ``…/mon-action/<token>/…``
  (the ``submission_*`` routes of the map page in the initiatives plugin);
- Wagtail's password reset link, ``/admin/password_reset/confirm/<uidb64>/<token>/``.

A visitor's position, sent by the map's "Près de chez moi" button as the query
parameters ``lat`` and ``lng``, is personal data (RGPD article 4.1: location data): its
values are replaced too, in a query string as typed or percent-encoded (a ``Referer``
or a ``next=`` parameter).

The committee's background export downloads (``/admin/comite/exports/<uuid>/fichier/``)
are not secret: they answer only their signed-in requester, so their id stays in the
logs.

Used by :class:`RedactPrivateLinks` (a filter in every settings module's ``LOGGING``,
through :func:`with_redaction`) and by gunicorn's access log (``gunicorn.conf.py``).
"""

import copy
import logging
import re

#: What replaces a secret path segment.
REDACTED = "[redacted]"

# A separator as written in a path ("/") or percent-encoded in a query string ("%2F").
_SEP = r"(?:/|%2[fF])"
# One path segment: anything up to the next separator, query, fragment, space or quote.
_SEGMENT = r"(?:[^/?#&\s\"'%]|%(?!2[fF]))+"



def _literal(text):
    """Regex matching ``text`` with any of its characters possibly percent-encoded
    (``mon%2Daction``, ``%6Don-action``): Django decodes the path before routing, so
    such a spelling reaches the same private page (str -> str pattern)."""
    return "".join(f"(?:{re.escape(char)}|%(?i:{ord(char):02x}))" for char in text)


#: The secret segment (group ``secret``) of each kind of private link, after its
#: ``prefix``.
PRIVATE_LINK_RE = re.compile(
    rf"(?P<prefix>{_SEP}{_literal('mon-action')}{_SEP}"
    rf"|{_SEP}{_literal('password_reset')}{_SEP}{_literal('confirm')}{_SEP}{_SEGMENT}{_SEP})"
    rf"(?P<secret>{_SEGMENT})"
)

#: A ``lat=`` or ``lng=`` query parameter (group ``prefix``: separator and name,
#: possibly percent-encoded) and its value, up to the next parameter.
POSITION_RE = re.compile(
    r"(?P<prefix>(?:[?&;]|%26|%3[fF])(?:lat|lng)(?:=|%3[dD]))(?:(?!%26)[^&;\s\"'#])*"
)

#: What replaces an e-mail address.
REDACTED_EMAIL = "[email]"
#: An e-mail address as typed (``@``) or percent-encoded (``%40``) in a URL.
EMAIL_RE = re.compile(r"[\w.+-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+")


def redact(text):
    """``text`` with the secret segment of every private link replaced by ``[redacted]``.

    Input: str (a path, a URL, a request line, a log message, a header value) or any
    other value, returned unchanged. Output: the same type. Example:
    ``"GET /carte/mon-action/Xy_9/modifier/ HTTP/1.1"`` ->
    ``"GET /carte/mon-action/[redacted]/modifier/ HTTP/1.1"``; percent-encoded links in a
    query string (``?next=%2Fcarte%2Fmon-action%2FXy_9%2F``) are redacted as well, and
    so are links whose letters are percent-encoded (``/carte/mon%2Daction/Xy_9/``).
    E-mail addresses (typed into a search field: ``?q=jean@example.org``) become
    ``[email]``: personal data has no place in the logs (RGPD article 5.1.c, data
    minimisation); so do the values of a visitor's position
    (``/carte/?lat=43.710&lng=-1.053`` -> ``/carte/?lat=[redacted]&lng=[redacted]``).
    """
    if not isinstance(text, str) or not text:
        return text
    text = PRIVATE_LINK_RE.sub(lambda match: match["prefix"] + REDACTED, text)
    if "lat" in text or "lng" in text:
        text = POSITION_RE.sub(lambda match: match["prefix"] + REDACTED, text)
    return EMAIL_RE.sub(REDACTED_EMAIL, text) if "@" in text or "%40" in text else text


def _request_carries_secret(request):
    """Whether a Django request's path or Referer holds a private link (bool)."""
    try:
        texts = [request.get_full_path(), request.META.get("HTTP_REFERER", "")]
    except Exception:  # not a Django HttpRequest (runserver passes its socket)
        return False
    return any(redact(text) != text for text in texts)


class RedactPrivateLinks(logging.Filter):
    """Logging filter: the record's message goes out with private links redacted.

    Changes the record in place (message formatted with its arguments, then
    :func:`redact`), so every handler called after it, whatever its logger, sees the
    redacted text; a ``request`` attached to the record (``django.request``, read by
    ``AdminEmailHandler``) is dropped when its path or Referer holds a private link.
    Never drops a record: always returns True.
    """

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it to the handler's own error path
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        request = getattr(record, "request", None)
        if request is not None and _request_carries_secret(request):
            record.request = None
        return True


#: Name of the filter in a ``LOGGING`` dict.
FILTER_NAME = "redact_private_links"


def with_redaction(config):
    """A copy of the ``logging.config.dictConfig`` dict ``config`` in which every handler
    runs :class:`RedactPrivateLinks` first (before filters such as ``RequireDebugTrue``
    that may stop the record, so that the record is redacted for the handlers after it:
    pytest's ``caplog``, the root logger's handlers).

    Input: dict (``LOGGING`` as Django reads it). Output: a new dict; ``config`` is not
    changed.
    """
    config = copy.deepcopy(config)
    config.setdefault("filters", {})[FILTER_NAME] = {"()": RedactPrivateLinks}
    for handler in config.get("handlers", {}).values():
        handler["filters"] = [FILTER_NAME] + [
            name for name in handler.get("filters", []) if name != FILTER_NAME
        ]
    return config
