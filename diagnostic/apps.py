from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosticConfig(AppConfig):
    """Diagnostic territorial: the chapters of the social diagnostic and its report."""

    name = "diagnostic"
    verbose_name = _("Territorial diagnostic")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        """Indicators and their values show on cached pages (the portrait de territoire,
        figure blocks): saving or deleting one bumps the page cache's version."""
        from portal.page_cache import purge_on_change

        from .indicators.models import Indicator, IndicatorValue

        purge_on_change(Indicator)
        purge_on_change(IndicatorValue)
