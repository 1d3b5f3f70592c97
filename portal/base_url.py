"""The portal's public address, ``PORTAL_BASE_URL``, and the Wagtail Site that follows it.

Every absolute link the portal writes starts with this address: e-mails, Wagtail's
moderator notifications (``WAGTAILADMIN_BASE_URL``), the API's ``detail_url``
(``WAGTAILAPI_BASE_URL``) and, through the default Site's hostname and port, its
``html_url``, the sitemap and the map's GeoJSON feed. :func:`sync_default_site` copies
the address onto the default Site after every ``migrate`` (and after the demo content is
loaded), so that the Site record never keeps Wagtail's initial ``localhost:80``.
"""

import logging
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)


def base_url():
    """The portal's public address: ``scheme://host[:port]`` without a final slash (str),
    from the ``PORTAL_BASE_URL`` setting."""
    return settings.PORTAL_BASE_URL.rstrip("/")


def site_address(url=None):
    """``(hostname, port)`` of a Wagtail Site serving ``url`` (default :func:`base_url`).

    Output: hostname (str, lower case) and port (int; 443 for ``https``, 80 for
    ``http`` when the URL names none, as ``Site.root_url`` expects). Raises
    ImproperlyConfigured when ``url`` is not an ``http``/``https`` URL with a host.
    """
    url = url or base_url()
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = -1
    if parts.scheme not in ("http", "https") or not parts.hostname or port == -1:
        raise ImproperlyConfigured(
            f"PORTAL_BASE_URL must look like https://example.org[:port], not {url!r}."
        )
    return parts.hostname, port or (443 if parts.scheme == "https" else 80)


def absolute_url(path):
    """``path`` (``/carte/…``, or already an absolute URL) made absolute on
    :func:`base_url` (str)."""
    return urljoin(base_url() + "/", path)


def sync_default_site(using="default"):
    """Give the default Site the hostname and port of ``PORTAL_BASE_URL``.

    Input: the database alias. Output: the Site (saved only when it changed), or None
    when there is no default Site yet or another Site already has that address (a
    warning is logged then: the operator chose their Sites by hand).
    """
    from wagtail.models import Site

    site = Site.objects.using(using).filter(is_default_site=True).first()
    if site is None:
        return None
    hostname, port = site_address()
    if (site.hostname, site.port) == (hostname, port):
        return site
    if Site.objects.using(using).filter(hostname=hostname, port=port).exists():
        logger.warning("Another Site already serves %s:%s; the default Site is left as is.",
                       hostname, port)
        return None
    site.hostname, site.port = hostname, port
    site.save(using=using, update_fields=["hostname", "port"])
    return site


def sync_site_after_migrate(sender, using="default", **kwargs):
    """``post_migrate`` receiver (connected for the portal app): :func:`sync_default_site`."""
    sync_default_site(using=using)
