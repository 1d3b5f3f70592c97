from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    """Carte des solidarités: the map and list of solidarity actions."""

    name = "initiatives"
    verbose_name = _("Solidarity map")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        """Connect the e-mails to submitters to Wagtail's workflow signals, and the
        handlers that invalidate the GeoJSON feed; match tags whatever their case."""
        from . import signals, tags
        from .submissions import connect_signals

        connect_signals()
        signals.connect()
        tags.install()
