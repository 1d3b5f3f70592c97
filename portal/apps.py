from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The host application: settings, shared reference models, hooks and blocks."""

    name = "portal"
    verbose_name = _("Portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        """Register the portal's system checks (portal.checks), and keep the default
        Site on ``PORTAL_BASE_URL`` after every ``migrate`` (portal.base_url); connect the
        handlers that purge the page cache (portal.page_cache) and Wagtail's submission
        e-mail to the moderation task's task states (portal.moderation)."""
        from django.db.models.signals import post_migrate

        from . import checks, moderation, page_cache  # noqa: F401
        from .base_url import sync_site_after_migrate

        post_migrate.connect(sync_site_after_migrate, sender=self)
        page_cache.connect()
        moderation.connect()
