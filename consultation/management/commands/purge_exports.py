"""``manage.py purge_exports``: delete background exports whose link has expired.

Files of answers (and possibly contact details) must not outlive their purpose (RGPD
art. 5.1.e): each finished export is kept ``PORTAL_EXPORT_LINK_HOURS`` hours; jobs that
never finished are deleted after the same delay. Run it hourly or daily.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from consultation.committee.models import ExportJob


class Command(BaseCommand):
    help = "Supprime les exports en arrière-plan dont le lien a expiré."

    def handle(self, *args, **options):
        now = timezone.now()
        stale = now - datetime.timedelta(hours=settings.PORTAL_EXPORT_LINK_HOURS)
        jobs = ExportJob.objects.filter(
            Q(expires_at__lte=now) | Q(expires_at__isnull=True, created_at__lte=stale)
        )
        count = 0
        for job in jobs:
            for path in (job.path, job.path.with_suffix(".part")):
                path.unlink(missing_ok=True)
            job.delete()
            count += 1
        if options["verbosity"]:
            self.stdout.write(f"Exports supprimés : {count}.")
