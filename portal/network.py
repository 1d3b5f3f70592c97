"""The client's address, read the same way by every counter (form rate limits, sign-in
lockout).

Behind reverse proxies, ``REMOTE_ADDR`` is the nearest proxy's address: every resident
would share one counter. The setting ``PORTAL_TRUSTED_PROXY_COUNT`` (environment variable
of the same name) says how many proxies of our own stand in front of the application
server, each appending the address it received from to ``X-Forwarded-For`` (nginx's
``$proxy_add_x_forwarded_for``, HAProxy's ``option forwardfor``, most load balancers).
The client is then the entry that the outermost trusted proxy appended: the
``count``-th from the right. Entries further left were written by the client itself and
are never trusted.
"""

import ipaddress
import logging

from django.conf import settings

logger = logging.getLogger(__name__)

#: Name of the header in ``request.META``.
FORWARDED_FOR = "HTTP_X_FORWARDED_FOR"


def trusted_proxy_count():
    """Number (int, >= 0) of trusted reverse proxies: setting ``PORTAL_TRUSTED_PROXY_COUNT``.

    A missing, empty or negative value gives 0 (``REMOTE_ADDR`` is the client).
    """
    try:
        return max(0, int(getattr(settings, "PORTAL_TRUSTED_PROXY_COUNT", 0) or 0))
    except (TypeError, ValueError):
        return 0


def _valid(address):
    """``address`` (str) as a normalised IP address str, or None when it is not one."""
    try:
        return str(ipaddress.ip_address((address or "").strip()))
    except ValueError:
        return None


def client_ip(request):
    """The client's IP address of ``request`` (Django HttpRequest), as a str.

    With ``PORTAL_TRUSTED_PROXY_COUNT = 0``: ``REMOTE_ADDR``. With ``n > 0``: the n-th
    address from the right of ``X-Forwarded-For`` (entries separated by commas). When the
    header is missing, too short or holds something that is not an IP address there, the
    request did not come through the configured proxies: ``REMOTE_ADDR`` is used and a
    warning logged. Output: a normalised IPv4 or IPv6 address; "" only when
    ``REMOTE_ADDR`` itself is empty (a Unix socket without a proxy header).
    Used by django-ratelimit (``RATELIMIT_IP_META_KEY``) and django-axes
    (``AXES_CLIENT_IP_CALLABLE``), so both count per resident.
    """
    remote = _valid(request.META.get("REMOTE_ADDR", "")) or ""
    count = trusted_proxy_count()
    if count == 0:
        return remote
    entries = [part.strip() for part in request.META.get(FORWARDED_FOR, "").split(",")]
    entries = [part for part in entries if part]
    if len(entries) >= count:
        address = _valid(entries[-count])
        if address:
            return address
    logger.warning(
        "X-Forwarded-For does not hold %d trusted address(es); using REMOTE_ADDR", count
    )
    return remote
