"""Template tags of the maps: ``{% load initiatives_leaflet %}``."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from initiatives.leaflet import leaflet_media
from initiatives.markers import BOUNDARY_STYLES, marker_styles

register = template.Library()


@register.simple_tag
def leaflet_scripts():
    """``<script>`` elements of leaflet.js then of the script giving Leaflet its marker
    images' URLs (see ``initiatives.leaflet``), one per line (safe HTML string). Place it
    before any script that draws a map."""
    return mark_safe("\n".join(leaflet_media().render_js()))  # each item built by format_html


@register.simple_tag
def map_marker_styles():
    """The marker style of every Theme, then of "no theme" (list of dicts, see
    :func:`initiatives.markers.marker_styles`): the legend's items, whose data
    attributes are also what map-layers.js draws. One query."""
    return marker_styles(_("No theme"))


@register.simple_tag
def map_boundary_styles():
    """The styles of the map's reference lines (dict kind -> colour, weight, dash:
    :data:`initiatives.markers.BOUNDARY_STYLES`)."""
    return BOUNDARY_STYLES
