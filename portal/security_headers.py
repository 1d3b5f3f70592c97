"""Content-Security-Policy: the public policy, the admin's, and the theme's inline style.

django-csp's ``CSPMiddleware`` writes ``settings.CONTENT_SECURITY_POLICY`` (the strict
public policy); ``PortalCSPMiddleware`` swaps in ``settings.PORTAL_ADMIN_CONTENT_SECURITY_POLICY``
under the admin's URL prefix, and allows the one inline ``<style>`` of ``base.html`` (the
theme colours, which are settings) by its SHA-256 hash (CSP Level 3, "hash-source").
"""

import base64
import hashlib
from functools import lru_cache
from urllib.parse import urlsplit

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe


def tile_origin(url):
    """Origin to allow in ``img-src`` for a Leaflet tile URL template.

    ``url``: str such as ``"https://{s}.tile.example.org/{z}/{x}/{y}.png"``. Output: str
    ``scheme://host[:port]``, Leaflet's ``{s}`` subdomain placeholder becoming the CSP
    wildcard ``*`` (``"https://*.tile.example.org"``), or None when the URL is empty or
    relative (the site's own origin, already allowed by ``'self'``).
    """
    parts = urlsplit(url or "")
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"


def theme_css(colors):
    """The inline stylesheet of the theme colours, exactly as ``base.html`` prints it.

    ``colors``: dict with "primary" and "accent" CSS colours (``settings.PORTAL_COLORS``).
    Output: SafeString (each value HTML-escaped) whose bytes the CSP hash covers.
    """
    return mark_safe(
        ":root { --primary: %s; --accent: %s; }"
        % (escape(colors["primary"]), escape(colors["accent"]))
    )


@lru_cache(maxsize=8)
def _hash_source(css):
    digest = hashlib.sha256(css.encode()).digest()
    return "'sha256-%s'" % base64.b64encode(digest).decode()


def theme_css_hash():
    """CSP hash source (``"'sha256-…'"``) of ``theme_css(settings.PORTAL_COLORS)``."""
    return _hash_source(str(theme_css(settings.PORTAL_COLORS)))


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin policy under the admin's URL prefix
    (``reverse("wagtailadmin_home")``), ``frame-ancestors 'self'`` for Wagtail's previews
    (a dummy request, ``request.is_dummy``, for the page's public URL, shown in an admin
    frame), and the theme style's hash added to ``style-src`` when that directive does
    not allow every inline style (a hash would switch ``'unsafe-inline'`` off: CSP Level 2,
    "script-src and style-src")."""

    def get_policy_parts(self, request, response, report_only=False):
        """As django-csp's (``csp.middleware.PolicyParts``), with the admin config and
        the theme hash. Views' own ``@csp_override``-style decorators still win."""
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        if parts.config is None and request.path_info.startswith(reverse("wagtailadmin_home")):
            parts.config = dict(settings.PORTAL_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        elif getattr(request, "is_dummy", False):
            # Wagtail's preview (panel, "view draft") runs a dummy request for the page's
            # public URL through the middleware: the page's own policy, framed by the admin.
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        directives = {**(parts.config or settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]),
                      **(parts.replace or {})}
        style_src = directives.get("style-src") or directives.get("default-src") or ()
        if UNSAFE_INLINE not in style_src:
            parts.replace = {**(parts.replace or {}), "style-src": [*style_src, theme_css_hash()]}
        return parts
