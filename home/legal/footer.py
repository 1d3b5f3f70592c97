"""The footer links of every page (hook ``portal_footer_links``): the legal notice, the
privacy notice, the accessibility statement with its conformity status (the RGAA model
asks every page to say "Accessibilité : totalement / partiellement / non conforme"), the
site map, the contact page, the multi-year accessibility scheme and the action plan."""

from django.utils.translation import gettext as _

from .pages import AccessibilityPage, ContactPage, LegalPage, PrivacyPage, SiteMapPage


def _first(model, site, **filters):
    pages = model.objects.live().public().in_site(site).filter(**filters)
    return pages.order_by("path").first()


def footer_links(request, site):
    """The footer's links for ``site`` (a Wagtail Site, or None: no link).

    Output: list of dicts ``{"key", "title", "url"}`` (str), in this order, for the live,
    public pages that exist (the first of each kind in tree order): ``legal_notice``,
    ``privacy``, ``accessibility`` (title "Accessibilité : <status>"), ``site_map``,
    ``contact``, ``accessibility_scheme``, ``action_plan``. About seven queries; the host
    caches the result (:func:`portal.context_processors.footer_links`).
    """
    if site is None:
        return []
    found = [
        ("legal_notice", _first(LegalPage, site, kind=LegalPage.LEGAL_NOTICE)),
        ("privacy", _first(PrivacyPage, site)),
        ("accessibility", _first(AccessibilityPage, site)),
        ("site_map", _first(SiteMapPage, site)),
        ("contact", _first(ContactPage, site)),
        ("accessibility_scheme", _first(LegalPage, site, kind=LegalPage.ACCESSIBILITY_SCHEME)),
        ("action_plan", _first(LegalPage, site, kind=LegalPage.ACTION_PLAN)),
    ]
    links = []
    for key, page in found:
        if page is None:
            continue
        title = page.title
        if key == "accessibility":
            title = _("Accessibility: %(status)s") % {"status": page.status_label()}
        links.append({"key": key, "title": title, "url": page.get_url(request)})
    return links
