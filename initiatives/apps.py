from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    """Carte des solidarités: the map and list of solidarity actions."""

    name = "initiatives"
    verbose_name = _("Solidarity map")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        """Connect the signal handlers that invalidate the GeoJSON feed."""
        from . import signals

        signals.connect()
