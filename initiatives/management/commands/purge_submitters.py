"""Delete what the public submission keeps about people once it is no longer needed (RGPD).

- Submitter rows (e-mail address, hash of the private link) older than
  ``PORTAL_CONTACT_RETENTION_DAYS`` days (RGPD art. 5.1.e, storage
  limitation). The actions themselves stay.
- Actions whose address was never confirmed, after ``PORTAL_UNCONFIRMED_SUBMISSION_DAYS``
  days (default 30): they never reached moderation nor the public, and would otherwise
  pile up as drafts in the admin (abandoned forms, robots).

Run it daily from cron: ``python manage.py purge_submitters``.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from initiatives.submitters import InitiativeSubmitter

#: Default of ``PORTAL_UNCONFIRMED_SUBMISSION_DAYS``.
UNCONFIRMED_DAYS = 30


class Command(BaseCommand):
    help = (
        "Delete the submitters of actions (e-mail address and private link) older than "
        "PORTAL_CONTACT_RETENTION_DAYS days, and unconfirmed draft actions older than "
        "PORTAL_UNCONFIRMED_SUBMISSION_DAYS days."
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
        """Delete as described in the module docstring; print the counts.

        Raises CommandError for a negative ``--days``.
        """
        days = settings.PORTAL_CONTACT_RETENTION_DAYS if days is None else days
        if days < 0:
            raise CommandError("--days must be 0 or more")
        unconfirmed_days = getattr(
            settings, "PORTAL_UNCONFIRMED_SUBMISSION_DAYS", UNCONFIRMED_DAYS
        )
        now = timezone.now()
        abandoned = InitiativeSubmitter.objects.filter(
            confirmed_at__isnull=True, page__first_published_at__isnull=True,
            created_at__lt=now - timedelta(days=unconfirmed_days),
        ).select_related("page")
        old = InitiativeSubmitter.objects.filter(created_at__lt=now - timedelta(days=days))
        pages = [submitter.page for submitter in abandoned]
        count = old.exclude(pk__in=[s.pk for s in abandoned]).count()
        if not dry_run:
            with transaction.atomic():
                for page in pages:
                    page.delete()  # cascades to its submitter row
                old.delete()
        verb = "would delete" if dry_run else "deleted"
        self.stdout.write(
            f"{verb} {len(pages)} unconfirmed action(s) older than {unconfirmed_days} days "
            f"and {count} other submitter(s) older than {days} days"
        )
