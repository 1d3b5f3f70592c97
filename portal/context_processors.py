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
from portal.site_identity import SiteIdentity
from portal.theme import theme_url

logger = logging.getLogger(__name__)


def portal(request):
    """Add ``portal`` (:func:`portal_settings` with the identity of ``request``'s site,
    :func:`site_identity`), ``site_menu`` (list of {"title", "url", "active"}: "Accueil"
    for the home page, its live children marked "show in menus", in tree order),
    ``site_footer`` (list of dicts {"key", "title", "url"}: :func:`footer_links`) and
    ``site_pages`` (dict key -> url of the same links, e.g. ``site_pages.privacy`` for a
    form's notice). All are lazy: built only when a template reads them, so the admin's
    pages never pay for them."""
    return {
        "portal": SimpleLazyObject(lambda: portal_settings(site_identity(request))),
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
#: Prefix of the cache keys of the site's identity (followed by a hash of scheme and host).
IDENTITY_PREFIX = "portal:identity:"


def cached_for_host(request, prefix, build):
    """``build()``'s value for ``request``'s scheme and host, kept in the shared cache
    under the page cache's content version.

    Inputs: ``request``; ``prefix`` (str, the kind of value: :data:`MENU_PREFIX`...);
    ``build`` (callable without argument returning a picklable value). The key is
    ``prefix`` + SHA-256 of scheme and host; the entry is read with the content version
    in one cache round trip (:func:`portal.page_cache.lookup`), so every change that
    purges the pages (page saves, publications, sites, site settings...) rebuilds it.
    A cache that fails is bypassed. A host that ``ALLOWED_HOSTS`` refuses (the 400 page
    drawn for it) never touches the cache, so junk hosts cannot fill it.
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
        except Exception:  # the cache is down: build the value from the database
            version, entry = None, None
    if entry is not None and "value" in entry:  # (an entry of another shape: rebuilt)
        return entry["value"]
    value = build()
    if version is not None:
        try:
            cache.set(key, {"version": version, "value": value}, page_cache.page_seconds(False))
        except Exception:
            pass
    return value


def site_identity(request):
    """What the templates show of the identity of ``request``'s site
    (:meth:`portal.site_identity.SiteIdentity.template_values`: dict), or None when
    its staff saved none (the defaults of :func:`portal_settings` apply). Kept in the
    shared cache under the page cache's version (:func:`cached_for_host`), which saving
    the setting bumps."""
    return cached_for_host(request, IDENTITY_PREFIX,
                           lambda: SiteIdentity.values_for_request(request))


def menu_links(request):
    """The links of the main menu for ``request``'s site: ``(root_url, children)``, where
    ``root_url`` is the home page's URL (str, or None when no site matches the request's
    host) and ``children`` a list of ``(title, url)`` for its live, public children marked
    "show in menus", in tree order. URLs are relative to the request's site, as Wagtail's
    ``Page.get_url(request)`` gives them. Cached by :func:`cached_for_host` (under the
    page cache's content version, which every page save, publication, move, view
    restriction and site change bumps).
    """

    def build():
        site = Site.find_for_request(request)
        if site is None:
            return None, []
        root = site.root_page.specific
        return root.get_url(request), [
            (child.title, child.get_url(request))
            for child in root.get_children().live().public().in_menu()]

    return cached_for_host(request, MENU_PREFIX, build)


def footer_links(request):
    """The links of every page's footer for ``request``'s site: list of dicts ``{"key",
    "title", "url"}`` (str) contributed by the plugins' ``portal_footer_links`` hook
    (:data:`portal.hooks.FOOTER_LINKS`), in hook order. Empty without a request or a
    site. Cached by :func:`cached_for_host` (under the page cache's content version). A
    database error while building them (a page drawn during an outage) gives an empty
    list, never an error page of its own.
    """
    if request is None:
        return []

    def build():
        site = Site.find_for_request(request)
        links = []
        for contributed in run_hooks(FOOTER_LINKS, request, site):
            links.extend({"key": str(link["key"]), "title": str(link["title"]),
                          "url": str(link["url"])} for link in contributed)
        return links

    try:
        return cached_for_host(request, FOOTER_PREFIX, build)
    except DatabaseError:
        logger.warning("footer links skipped: the database cannot be read")
        return []


def portal_settings(identity=None):
    """The ``portal`` template variable: a dict with ``site_name``, ``departement`` (the
    département's designation, "Département des Landes"), ``privacy_notice_version``,
    ``dpo_contact``, ``contact_retention_days``, ``colors`` ({"primary", "accent"}),
    ``theme_url`` (the theme stylesheet, :func:`portal.theme.theme_url`), ``logo``,
    ``favicon`` and ``sharing_image`` (None or dicts, see
    :meth:`portal.site_identity.SiteIdentity.template_values`).

    ``identity``: those values for the request's site (:func:`site_identity`), or None
    for the defaults, read from settings only (``PORTAL_DEPARTEMENT_DESIGNATION``,
    ``PORTAL_COLORS``, no logo): no database query, so that error pages rendered while
    the database is down (``portal.outage``) still get the site's look.
    """
    identity = identity or {}
    colours = identity.get("colours") or settings.PORTAL_COLORS
    try:
        url = theme_url(colours)
    except ValueError:  # a row written around the admin's checks: the default look
        colours = settings.PORTAL_COLORS
        url = theme_url(colours)
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "departement": identity.get("departement") or settings.PORTAL_DEPARTEMENT_DESIGNATION,
        "privacy_notice_version": settings.PORTAL_PRIVACY_NOTICE_VERSION,
        "dpo_contact": settings.PORTAL_DPO_CONTACT.strip(),
        "contact_retention_days": settings.PORTAL_CONTACT_RETENTION_DAYS,
        "colors": colours,
        "theme_url": url,
        "logo": identity.get("logo"),
        "favicon": identity.get("favicon"),
        "sharing_image": identity.get("sharing_image"),
    }
