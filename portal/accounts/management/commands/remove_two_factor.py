"""Turn off a user's two-step verification (a lost or replaced phone)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts.audit import log_two_factor_change


class Command(BaseCommand):
    help = ("Remove the authenticator apps (TOTP devices) of the user with this e-mail "
            "address, so that they sign in with their password only and can enrol again.")

    def add_arguments(self, parser):
        parser.add_argument("email", help="e-mail address of the account")

    def handle(self, *args, **options):
        email = options["email"].strip().lower()
        user = get_user_model().objects.filter(email=email).first()
        if user is None:
            raise CommandError(f"No account has the e-mail address {email}.")
        count, _ = TOTPDevice.objects.filter(user=user).delete()
        if count:
            log_two_factor_change(user, False)
        self.stdout.write(f"{count} authenticator app(s) removed for {email}.")
