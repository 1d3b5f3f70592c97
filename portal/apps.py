from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The host application: settings, shared reference models, hooks and blocks."""

    name = "portal"
    verbose_name = _("Portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        """Register the portal's system checks (portal.checks)."""
        from . import checks  # noqa: F401
