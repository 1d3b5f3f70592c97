"""Locations: parse, validate (inside the département) and format, in one place.

Points are WGS84 degrees. Internally we pass ``(lat, lng)``; wagtailgeowidget stores
``"SRID=4326;POINT(<lng> <lat>)"`` (longitude first) and GeoJSON (RFC 7946) writes
``[lng, lat]``. Numbers are always formatted with a dot, never localised
(``43.8927``, not ``43,8927``), whatever the active language.
"""

import math
import re
from functools import lru_cache

from django.conf import settings

POINT_RE = re.compile(
    r"^\s*(?:SRID=(?P<srid>\d+);)?\s*POINT\s*\(\s*(?P<lng>[-+]?\d+(?:\.\d+)?)\s+"
    r"(?P<lat>[-+]?\d+(?:\.\d+)?)\s*\)\s*$",
    re.IGNORECASE,
)


class InvalidLocation(ValueError):
    """Raised when a location cannot be parsed or lies outside the département."""


def parse_point(value):
    """Parse a wagtailgeowidget value.

    Input: ``"SRID=4326;POINT(-0.4997 43.8927)"`` (str). Output: ``(lat, lng)`` floats in
    WGS84 degrees. Raises :class:`InvalidLocation` for another SRID, a malformed value or
    coordinates out of range.
    """
    match = POINT_RE.match(value or "")
    if not match:
        raise InvalidLocation(f"not a point: {value!r}")
    if match.group("srid") not in (None, "4326"):
        raise InvalidLocation(f"unsupported SRID {match.group('srid')}")
    lat, lng = float(match.group("lat")), float(match.group("lng"))
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise InvalidLocation(f"coordinates out of range: {lat}, {lng}")
    return lat, lng


def format_coordinate(value, digits=6):
    """Format one coordinate (float, degrees) with a dot and no trailing zeros: "43.8927"."""
    text = f"{float(value):.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_point(lat, lng):
    """Format ``(lat, lng)`` as wagtailgeowidget stores it: ``"SRID=4326;POINT(lng lat)"``."""
    return f"SRID=4326;POINT({format_coordinate(lng)} {format_coordinate(lat)})"


@lru_cache(maxsize=1)
def departement_bbox():
    """Bounding box of the département's communes: ``(min_lng, min_lat, max_lng, max_lat)``.

    Source: ``bbox`` of the committed reference file (derived from IGN polygons).
    """
    from portal.reference import read_reference_file

    return tuple(read_reference_file(settings.PORTAL_REFERENCE_FILE)["bbox"])


def in_departement(lat, lng):
    """Whether ``(lat, lng)`` (WGS84 degrees) lies within the département's bounding box."""
    min_lng, min_lat, max_lng, max_lat = departement_bbox()
    return min_lat <= lat <= max_lat and min_lng <= lng <= max_lng


def is_placeable(lat, lng):
    """Whether ``(lat, lng)`` can be placed on a map: both numbers, finite (not NaN nor
    infinite) and within WGS84 ranges (-90..90, -180..180 degrees). Values stored around
    the models (raw SQL, bulk updates, imports) may be none of these."""
    try:
        return (math.isfinite(lat) and math.isfinite(lng)
                and -90 <= lat <= 90 and -180 <= lng <= 180)
    except TypeError:  # None or not a number
        return False


# --- Distances --------------------------------------------------------------------

#: Mean Earth radius (km, IUGG), the radius of the great-circle distances below.
EARTH_RADIUS_KM = 6371.0
#: Length of one degree of latitude along a meridian of that sphere (km).
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180


def haversine_km(lat1, lng1, lat2, lng2):
    """Great-circle distance (km, float) between two points given in WGS84 degrees
    (``lat1, lng1`` and ``lat2, lng2``), on a sphere of :data:`EARTH_RADIUS_KM`
    (haversine formula). The same formula as :func:`distance_km_expression`, in Python."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dphi = math.radians(lat2 - lat1) / 2
    half_dlambda = math.radians(lng2 - lng1) / 2
    a = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat, lng, radius_km):
    """The latitude/longitude box (WGS84 degrees) holding every point within
    ``radius_km`` (km) of ``(lat, lng)``: ``(min_lat, max_lat, min_lng, max_lng)``.

    A cheap prefilter before the exact distance (it may hold a little more, never
    less). Valid away from the poles (|lat| < 89°) and from the antimeridian, which is
    the case of every French département.
    """
    dlat = radius_km / KM_PER_DEGREE
    dlng = radius_km / (KM_PER_DEGREE * max(math.cos(math.radians(min(abs(lat) + dlat, 89.0))),
                                            0.01))
    return lat - dlat, lat + dlat, lng - dlng, lng + dlng


def distance_km_expression(lat, lng, lat_field="latitude", lng_field="longitude"):
    """A Django expression: great-circle distance (km, float) from ``(lat, lng)`` (WGS84
    degrees, Python floats) to the point held by the FloatFields ``lat_field`` and
    ``lng_field`` (WGS84 degrees).

    The haversine formula on a sphere of :data:`EARTH_RADIUS_KM`, written with Django's
    database math functions, which PostgreSQL and SQLite both run (Django registers
    them on SQLite): ``2 R asin(sqrt(sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2)))``. Callers
    guard it with :func:`bounding_box` so that it is evaluated only for nearby, finite
    points (``CASE WHEN`` the box).
    """
    from django.db.models import F, FloatField, Value
    from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt

    phi1 = math.radians(lat)
    half_dphi = (Radians(F(lat_field)) - Value(phi1)) / Value(2.0)
    half_dlambda = (Radians(F(lng_field)) - Value(math.radians(lng))) / Value(2.0)
    a = (Power(Sin(half_dphi), 2)
         + Value(math.cos(phi1)) * Cos(Radians(F(lat_field))) * Power(Sin(half_dlambda), 2))
    return Value(2 * EARTH_RADIUS_KM) * ASin(Least(Sqrt(a), Value(1.0)),
                                               output_field=FloatField())


def near_departement(lat, lng, margin_km):
    """Whether ``(lat, lng)`` (WGS84 degrees) lies within the département's bounding box
    widened by ``margin_km`` (km) on every side (bool): a visitor just over the border
    still has actions within that distance."""
    min_lng, min_lat, max_lng, max_lat = departement_bbox()
    dlat = margin_km / KM_PER_DEGREE
    dlng = margin_km / (KM_PER_DEGREE * math.cos(math.radians(max(abs(min_lat), abs(max_lat)))))
    return (min_lat - dlat <= lat <= max_lat + dlat
            and min_lng - dlng <= lng <= max_lng + dlng)
