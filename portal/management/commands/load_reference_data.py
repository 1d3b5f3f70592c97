"""Load the committed reference file (communes and EPCI of the département)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal import reference


class Command(BaseCommand):
    help = "Load communes and EPCI from portal/data/communes-<dép>.json (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=None)

    def handle(self, *args, file, **options):
        path = file or settings.PORTAL_REFERENCE_FILE
        try:
            data = reference.read_reference_file(path)
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        result = reference.load(data)
        for code, reason in result["errors"]:
            self.stderr.write(f"Code INSEE refusé {code!r} : {reason}")
        self.stdout.write(
            f"Données de référence : {result['communes']} communes, {result['epci']} EPCI "
            f"({data['departement']['name']})."
        )
