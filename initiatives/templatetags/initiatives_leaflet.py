"""Template tags of the maps: ``{% load initiatives_leaflet %}``."""

from django import template
from django.utils.safestring import mark_safe

from initiatives.leaflet import leaflet_media

register = template.Library()


@register.simple_tag
def leaflet_scripts():
    """``<script>`` elements of leaflet.js then of the script giving Leaflet its marker
    images' URLs (see ``initiatives.leaflet``), one per line (safe HTML string). Place it
    before any script that draws a map."""
    return mark_safe("\n".join(leaflet_media().render_js()))  # each item built by format_html
