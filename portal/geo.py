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
