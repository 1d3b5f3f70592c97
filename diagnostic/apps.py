from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosticConfig(AppConfig):
    """Diagnostic territorial: the chapters of the social diagnostic and its report."""

    name = "diagnostic"
    verbose_name = _("Territorial diagnostic")
    default_auto_field = "django.db.models.BigAutoField"
