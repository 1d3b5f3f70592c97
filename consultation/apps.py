from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    """The questionnaire (a Wagtail form page), its submissions and the committee views."""

    name = "consultation"
    verbose_name = _("Consultation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        """Published proposals show on the proposals page (their count is a live counter,
        portal.live_counts): a change of a proposal bumps the page cache's version."""
        from portal.page_cache import purge_on_change

        from .proposals.models import Proposal

        purge_on_change(Proposal)
