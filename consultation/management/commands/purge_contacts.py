"""``manage.py purge_contacts``: delete contact details past their retention period.

Rule (DESIGN §4c, RGPD art. 5.1.e "storage limitation"): contact details given in a
questionnaire are deleted ``PORTAL_CONTACT_RETENTION_DAYS`` days (default 365) after the
consultation closes; for a consultation with no closing date, that many days after they
were given. The anonymous answers stay. Run it daily (cron or a django-tasks worker).
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from consultation.models import ConsultationContact


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
        if options["verbosity"]:
            self.stdout.write(f"Coordonnées supprimées : {deleted}.")
