"""Settings of the public maps (map page, point picker, an action's small map) as the
strings their HTML data attributes carry."""

import json

from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import gettext

from portal.geo import format_coordinate


def map_config(geojson_url=None, point=None):
    """Settings of a public map as strings for HTML data attributes (never localised).

    Input: ``geojson_url`` (str) or ``point`` (``(lat, lng)`` WGS84 degrees). Output: dict
    with ``tile_url`` and ``tile_attribution`` (JSON strings, from PORTAL_MAP_TILE_URL /
    PORTAL_MAP_TILE_ATTRIBUTION), ``attribution_prefix`` (JSON string: the HTML of
    :func:`attribution_prefix`), ``center_lat``, ``center_lng``, ``zoom`` (str), and
    ``geojson_url`` / ``lat`` / ``lng`` when given.
    """
    center = settings.PORTAL_MAP_CENTER
    config = {
        "tile_url": json.dumps(settings.PORTAL_MAP_TILE_URL),
        "tile_attribution": json.dumps(settings.PORTAL_MAP_TILE_ATTRIBUTION),
        "attribution_prefix": json.dumps(attribution_prefix()),
        "center_lat": format_coordinate(center["lat"]),
        "center_lng": format_coordinate(center["lng"]),
        "zoom": str(int(settings.PORTAL_MAP_ZOOM)),
    }
    if geojson_url:
        config["geojson_url"] = geojson_url
    if point:
        config["lat"] = format_coordinate(point[0])
        config["lng"] = format_coordinate(point[1])
    return config


def attribution_prefix():
    """HTML (str) of the prefix of a map's attribution: a link to Leaflet with a French
    title, replacing Leaflet's own English one (``title="A JavaScript library for
    interactive maps"``), since every change of language must be marked (RGAA 8.7); the
    linked site is in English (``hreflang="en"``). Set by the map scripts with
    ``map.attributionControl.setPrefix``."""
    return format_html(
        '<a href="https://leafletjs.com" hreflang="en" title="{}">Leaflet</a>',
        gettext("JavaScript library for interactive maps (site in English)"),
    )
