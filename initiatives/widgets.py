"""wagtailgeowidget's Leaflet widget and panel, with Leaflet served by the site itself.

wagtailgeowidget 9.1 hard-codes Leaflet 1.9.4 from a public CDN in ``LeafletField.media``
and ``LeafletPanel`` hard-codes that widget; the site never loads a script from a CDN.
These subclasses load the same Leaflet version from our static files
(``initiatives.leaflet``: leaflet.js followed by the script that gives Leaflet the URLs of
its marker images) and keep wagtailgeowidget's own ``leaflet-field*.js`` /
``leaflet-field.css``.

wagtailgeowidget's widgets call ``gettext`` once, at import: ``initiatives.models`` imports
this module while models load, when the app configs (and so our locale directory) are
known, so its messages come out in LANGUAGE_CODE (French) from our catalogue.
"""

from django.utils.translation import gettext_noop
from wagtailgeowidget.panels import LeafletPanel
from wagtailgeowidget.widgets import LeafletField

from .leaflet import leaflet_media


class LocalLeafletField(LeafletField):
    """``LeafletField`` whose media come from our static files, never from a CDN.

    Value: ``"SRID=4326;POINT(<lng> <lat>)"`` (str, WGS84 degrees, longitude first).
    """

    @property
    def media(self):
        """Leaflet's CSS/JS (``initiatives.leaflet.leaflet_media``: leaflet.css, leaflet.js,
        the marker images' URLs) then wagtailgeowidget's own files (``forms.Media``).
        Computed each time, as ``{% static %}`` is: the storage gives the URLs."""
        return leaflet_media(
            css=("wagtailgeowidget/css/leaflet-field.css",),
            js=(
                "wagtailgeowidget/js/leaflet-field.js",
                "wagtailgeowidget/js/leaflet-field-controller.js",
            ),
        )


class LocalLeafletPanel(LeafletPanel):
    """``LeafletPanel`` that renders :class:`LocalLeafletField` instead of ``LeafletField``.

    Same arguments as ``LeafletPanel`` (field name, ``address_field``, ``zoom_field``,
    ``hide_latlng``, ``zoom``).
    """

    def widget_overrides(self):
        """Return ``{field_name: LocalLeafletField(...)}`` with the parent's options."""
        field = self.model._meta.get_field(self.field_name)
        return {
            self.field_name: LocalLeafletField(
                address_field=self.address_field,
                zoom_field=self.zoom_field,
                hide_latlng=self.hide_latlng,
                zoom=self.zoom,
                srid=getattr(field, "srid", 4326),
                id_prefix="id_",
            )
        }

#: wagtailgeowidget's own messages, listed here so that ``makemessages`` keeps their French
#: translations in our catalogue: its wheel ships no compiled ``.mo``, and it
#: translates them once, at import, in the default language.
GEOWIDGET_MESSAGES = (
    gettext_noop(
        "Invalid location coordinate, use Latitude and Longitude (example: 59.329,18.06858)"
    ),
    gettext_noop("Address has been successfully geo-coded"),
    gettext_noop(
        "Could not geocode address '%s'. The map may not be in sync with the address entered."
    ),
    gettext_noop("Enter a location"),
    gettext_noop("Click here to initialize map"),
)
