"""Content-Security-Policy: the public policy and the admin's.

django-csp's ``CSPMiddleware`` writes ``settings.CONTENT_SECURITY_POLICY`` (the strict
public policy: no inline script nor style; the theme colours are the stylesheet
``/theme.css`` of ``portal.theme``, allowed by ``style-src 'self'``);
``PortalCSPMiddleware`` swaps in ``settings.PORTAL_ADMIN_CONTENT_SECURITY_POLICY`` under
the admin's URL prefix.
"""

from urllib.parse import urlsplit

from csp.constants import SELF
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.urls import reverse


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


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin policy under the admin's URL prefix
    (``reverse("wagtailadmin_home")``), ``frame-ancestors 'self'`` for Wagtail's previews
    (a dummy request, ``request.is_dummy``, for the page's public URL, shown in an admin
    frame)."""

    def get_policy_parts(self, request, response, report_only=False):
        """As django-csp's (``csp.middleware.PolicyParts``), with the admin config.
        Views' own ``@csp_override``-style decorators still win."""
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        if parts.config is None and request.path_info.startswith(reverse("wagtailadmin_home")):
            parts.config = dict(settings.PORTAL_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        elif getattr(request, "is_dummy", False):
            # Wagtail's preview (panel, "view draft") runs a dummy request for the page's
            # public URL through the middleware: the page's own policy, framed by the admin.
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        return parts
