"""Template context shared by every page."""

from django.conf import settings
from django.utils.translation import gettext as _
from wagtail.models import Site

from portal.security_headers import theme_css


def portal(request):
    """Add ``portal`` (:func:`portal_settings`; its ``theme_css`` is the colours' inline
    stylesheet that the Content-Security-Policy allows by its hash) and
    ``site_menu`` (list of {"title", "url", "active"}: "Accueil" for the home page, its live
    children marked "show in menus", in tree order)."""
    menu = []
    site = Site.find_for_request(request) if request is not None else None
    if site is not None:
        root = site.root_page.specific
        path = getattr(request, "path", "/")
        menu.append({"title": _("Home"), "url": root.url, "active": path == root.url})
        for child in root.get_children().live().public().in_menu():
            url = child.url
            menu.append({"title": child.title, "url": url, "active": bool(url) and path.startswith(url)})
    return {"portal": portal_settings(), "site_menu": menu}


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
