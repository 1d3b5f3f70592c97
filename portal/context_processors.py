"""Template context shared by every page."""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from wagtail.models import Site

from portal import page_cache
from portal.hooks import FOOTER_LINKS, run_hooks
from portal.security_headers import theme_css

logger = logging.getLogger(__name__)


def portal(request):
    """Add ``portal`` (:func:`portal_settings`; its ``theme_css`` is the colours' inline
    stylesheet that the Content-Security-Policy allows by its hash) and
    ``site_menu`` (list of {"title", "url", "active"}: "Accueil" for the home page, its live
    children marked "show in menus", in tree order), built only when a template reads it
    (a lazy list: the admin's pages never pay for it), ``site_footer`` (list of dicts
    {"key", "title", "url"}: :func:`footer_links`, lazy as well) and ``site_pages`` (dict
    key -> url of the same links, e.g. ``site_pages.privacy`` for a form's notice)."""
    return {
        "portal": portal_settings(),
        "site_menu": SimpleLazyObject(lambda: site_menu(request)),
        "site_footer": SimpleLazyObject(lambda: footer_links(request)),
        "site_pages": SimpleLazyObject(
            lambda: {link["key"]: link["url"] for link in footer_links(request)}),
    }


def site_menu(request):
    """The main menu for ``request`` (see :func:`portal`): list of dicts with "title"
    (str), "url" (str) and "active" (bool: the request's path is that page or below it;
    the home page only when it is the page itself). Empty without a request."""
    menu = []
    if request is not None:
        root_url, children = menu_links(request)
        path = getattr(request, "path", "/")
        if root_url is not None:
            menu.append({"title": _("Home"), "url": root_url, "active": path == root_url})
        for title, url in children:
            menu.append({"title": title, "url": url, "active": bool(url) and path.startswith(url)})
    return menu


#: Prefix of the cache keys of the menu links (followed by a hash of scheme and host).
MENU_PREFIX = "portal:menu:"
#: Prefix of the cache keys of the footer links (followed by a hash of scheme and host).
FOOTER_PREFIX = "portal:footer:"


def menu_links(request):
    """The links of the main menu for ``request``'s site: ``(root_url, children)``, where
    ``root_url`` is the home page's URL (str, or None when no site matches the request's
    host) and ``children`` a list of ``(title, url)`` for its live, public children marked
    "show in menus", in tree order. URLs are relative to the request's site, as Wagtail's
    ``Page.get_url(request)`` gives them. Cached by :func:`site_cached`.
    """

    def build(site):
        if site is None:
            return {"root_url": None, "children": []}
        root = site.root_page.specific
        return {
            "root_url": root.get_url(request),
            "children": [(child.title, child.get_url(request))
                         for child in root.get_children().live().public().in_menu()],
        }

    entry = site_cached(request, MENU_PREFIX, build)
    return entry["root_url"], entry["children"]


def footer_links(request):
    """The links of every page's footer for ``request``'s site: list of dicts ``{"key",
    "title", "url"}`` (str) contributed by the plugins' ``portal_footer_links`` hook
    (:data:`portal.hooks.FOOTER_LINKS`), in hook order. Empty without a request or a
    site. Cached by :func:`site_cached`. A database error while building them (a page
    drawn during an outage) gives an empty list, never an error page of its own.
    """
    if request is None:
        return []

    def build(site):
        links = []
        for contributed in run_hooks(FOOTER_LINKS, request, site):
            links.extend({"key": str(link["key"]), "title": str(link["title"]),
                          "url": str(link["url"])} for link in contributed)
        return {"links": links}

    try:
        return site_cached(request, FOOTER_PREFIX, build)["links"]
    except DatabaseError:
        logger.warning("footer links skipped: the database cannot be read")
        return []


def site_cached(request, prefix, build):
    """An entry (dict) about ``request``'s site, kept in the shared cache.

    Input: the request, ``prefix`` (str, the cache key's prefix) and ``build`` (callable
    taking the request's Wagtail Site, or None, and returning a dict of values the cache
    can pickle). Output: the dict (plus a "version" key when it came from the cache).

    Kept in the shared cache under the page cache's content version (one cache round
    trip, :func:`portal.page_cache.lookup`), which every page save, publication, move,
    view restriction and site change bumps; built when missing. A cache that fails is
    bypassed. A host that ``ALLOWED_HOSTS`` refuses (the 400 page drawn for it) never
    touches the cache: its entry is built as Wagtail finds its site (the raw host, else
    the default site), so junk hosts cannot fill the cache.
    """
    try:
        host = request.get_host().lower()
    except DisallowedHost:
        host = None
    version, entry, key = None, None, None
    if host is not None:
        identity = f"{request.scheme}\n{host}"
        key = prefix + hashlib.sha256(identity.encode("utf-8", "surrogateescape")).hexdigest()
        try:
            version, entry = page_cache.lookup(key)
        except Exception:  # the cache is down: build the entry from the database
            version, entry = None, None
    if entry is not None:
        return entry
    entry = build(Site.find_for_request(request))
    if version is not None:
        try:
            cache.set(key, {"version": version, **entry}, page_cache.page_seconds(False))
        except Exception:
            pass
    return entry


def portal_settings():
    """The ``portal`` template variable (dict: site name, département name, privacy
    notice version, contact retention days, data protection officer's contact, colours,
    ``theme_css``), read from settings only: no database query, so that error pages
    rendered while the database is down (``portal.outage``) still get the site's look."""
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "departement_name": settings.PORTAL_DEPARTEMENT_NAME,
        "privacy_notice_version": settings.PORTAL_PRIVACY_NOTICE_VERSION,
        "dpo_contact": settings.PORTAL_DPO_CONTACT.strip(),
        "contact_retention_days": settings.PORTAL_CONTACT_RETENTION_DAYS,
        "colors": settings.PORTAL_COLORS,
        "theme_css": theme_css(settings.PORTAL_COLORS),
    }
