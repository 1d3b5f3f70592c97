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
