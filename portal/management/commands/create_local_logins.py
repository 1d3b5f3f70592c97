"""Create (or reset) the two local logins of the quick start and print them (DEBUG only)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from portal.roles import COMMITTEE_GROUP

LOGINS = [
    ("admin@localhost", "admin-solidarites", "Administrateur", True, None),
    ("comite@localhost", "comite-solidarites", "Membre du comité", False, COMMITTEE_GROUP),
]


class Command(BaseCommand):
    help = "Create the local administrator and committee member and print their logins."

    def add_arguments(self, parser):
        parser.add_argument("--address", default="127.0.0.1:8000",
                            help="host:port the quick start serves on (printed with the logins)")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Local logins are only created with DEBUG=True (quick start).")
        User = get_user_model()
        for email, password, first_name, is_superuser, group in LOGINS:
            user, _ = User.objects.get_or_create(email=email)
            user.first_name = first_name
            user.is_staff = is_superuser
            user.is_superuser = is_superuser
            user.set_password(password)
            user.save()
            if group:
                user.groups.add(Group.objects.get(name=group))
        self.stdout.write(f"\nConnexions locales (http://{options['address']}/admin/) :")
        self.stdout.write("  administrateur : admin@localhost / admin-solidarites")
        self.stdout.write("  membre du comité : comite@localhost / comite-solidarites\n")
