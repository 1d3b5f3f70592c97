"""Delete the e-mail addresses of action submitters after the retention period (RGPD).

DESIGN §4c: submitter e-mails are deleted ``PORTAL_CONTACT_RETENTION_DAYS`` days after
they were given (RGPD art. 5.1.e, storage limitation). Run it daily from cron::

    python manage.py purge_submitters
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from initiatives.submitters import InitiativeSubmitter


class Command(BaseCommand):
    help = (
        "Delete the submitters of actions (e-mail address and private link) older than "
        "PORTAL_CONTACT_RETENTION_DAYS days. The actions themselves are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None,
            help="Retention in days (default: the PORTAL_CONTACT_RETENTION_DAYS setting).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the rows without deleting them."
        )

    def handle(self, *args, days=None, dry_run=False, **options):
        """Delete rows whose ``created_at`` is more than ``days`` days old; print the count."""
        days = settings.PORTAL_CONTACT_RETENTION_DAYS if days is None else days
        if days < 0:
            raise ValueError("--days must be 0 or more")
        cutoff = timezone.now() - timedelta(days=days)
        old = InitiativeSubmitter.objects.filter(created_at__lt=cutoff)
        count = old.count()
        if not dry_run:
            old.delete()
        verb = "would delete" if dry_run else "deleted"
        self.stdout.write(f"{verb} {count} submitter(s) older than {days} days")
