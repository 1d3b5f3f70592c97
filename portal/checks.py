"""System checks of the portal's own settings (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def dpo_contact_check(app_configs, **kwargs):
    """Warn (``portal.W001``) when ``PORTAL_DPO_CONTACT`` is empty: the privacy notices
    must give the data protection officer's contact details (RGPD art. 13.1.b). Output:
    list of django.core.checks.Warning (empty when set)."""
    if (getattr(settings, "PORTAL_DPO_CONTACT", "") or "").strip():
        return []
    return [Warning(
        "PORTAL_DPO_CONTACT is empty: the privacy notices give no contact for the data "
        "protection officer (GDPR art. 13.1.b).",
        hint="Set PORTAL_DPO_CONTACT to the DPO's e-mail or postal address.",
        id="portal.W001",
    )]


@register(deploy=True)
def base_url_check(app_configs, **kwargs):
    """Warn (``portal.W002``) when ``PORTAL_BASE_URL`` is not a public ``https://``
    address: every absolute link (e-mails, API, sitemap, map feed, the default Site)
    starts with it. Output: list of django.core.checks.Warning (empty when it is)."""
    from urllib.parse import urlsplit

    url = getattr(settings, "PORTAL_BASE_URL", "")
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname not in (None, "localhost", "127.0.0.1"):
        return []
    return [Warning(
        f"PORTAL_BASE_URL is {url!r}: links in e-mails, the API, the sitemap and the map "
        "feed will not reach the public site.",
        hint="Set PORTAL_BASE_URL to the site's public address, e.g. https://example.org, "
             "then run `manage.py migrate` (it updates the default Site).",
        id="portal.W002",
    )]
