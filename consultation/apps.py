from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    """The questionnaire (a Wagtail form page), its submissions and the committee views."""

    name = "consultation"
    verbose_name = _("Consultation")
    default_auto_field = "django.db.models.BigAutoField"
