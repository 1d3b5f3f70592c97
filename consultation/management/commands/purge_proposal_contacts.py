"""``manage.py purge_proposal_contacts``: delete expired contact details of proposals.

Run daily from cron. Deletes the ProposalContact rows older than
``PORTAL_CONTACT_RETENTION_DAYS`` (DESIGN §4c, RGPD art. 5.1.e storage limitation);
proposals themselves are kept.
"""

from django.core.management.base import BaseCommand

from consultation.proposals import purge_expired_contacts


class Command(BaseCommand):
    help = "Delete the contact details of proposals older than PORTAL_CONTACT_RETENTION_DAYS."

    def handle(self, *args, **options):
        deleted = purge_expired_contacts()
        self.stdout.write(f"Coordonnées supprimées : {deleted}.")
