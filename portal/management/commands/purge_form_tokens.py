"""Delete the used one-time tokens of public forms older than ``PORTAL_FORM_TOKEN_DAYS``
days (default 30): they only guard against the same rendered form being stored twice,
and a form is never kept open that long.

Run it daily from cron: ``python manage.py purge_form_tokens``.
"""

from django.core.management.base import BaseCommand

from portal.once import purge_tokens, token_days


class Command(BaseCommand):
    help = "Delete the used tokens of public forms older than PORTAL_FORM_TOKEN_DAYS days."

    def handle(self, *args, **options):
        deleted = purge_tokens()
        if options["verbosity"]:
            self.stdout.write(
                f"{deleted} used form token(s) older than {token_days()} days deleted."
            )
