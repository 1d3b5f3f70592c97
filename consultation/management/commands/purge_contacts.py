"""``manage.py purge_contacts``: delete contact details past their retention period.

Rules (RGPD art. 5.1.e "storage limitation": contact details are kept no longer than
the consultation needs them), with ``PORTAL_CONTACT_RETENTION_DAYS`` days (default 365):

- questionnaire: deleted that many days after the consultation closes; for a
  consultation with no closing date, that many days after they were given;
- proposal box: deleted that many days after they were given
  (:func:`consultation.proposals.models.purge_expired_contacts`).

The anonymous answers and the proposals stay. Run it daily (cron or a worker).
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from consultation.models import ConsultationContact
from consultation.proposals.models import purge_expired_contacts


class Command(BaseCommand):
    help = "Supprime les coordonnées conservées au-delà de la durée de conservation."

    def handle(self, *args, **options):
        days = int(getattr(settings, "PORTAL_CONTACT_RETENTION_DAYS", 365))
        limit = timezone.now() - datetime.timedelta(days=days)
        expired = ConsultationContact.objects.filter(
            Q(submission__page__consultationpage__closes_at__lt=limit)
            | Q(submission__page__consultationpage__closes_at__isnull=True,
                consented_at__lt=limit)
        )
        deleted, _ = expired.delete()
        deleted += purge_expired_contacts()
        if options["verbosity"]:
            self.stdout.write(f"Coordonnées supprimées : {deleted}.")
