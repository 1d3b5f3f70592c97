"""Admin panels of the initiatives plugin."""

from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail.admin.panels import HelpPanel

from portal.geo import InvalidLocation, is_placeable, parse_point

from .widgets import LocalLeafletPanel as LeafletLocationPanel  # noqa: F401


class UnplaceablePointWarning(HelpPanel):
    """A French warning above the map of the action's editor when the point stored for the
    page cannot be placed on the public map (NaN, infinite, out of WGS84 ranges, or a
    ``location`` that does not parse: values written around the model by raw SQL, bulk
    updates or imports). Hidden otherwise.

    The stored row is read (one query): the editor shows the latest revision, whose
    coordinates may be sound while the live row is not. Publishing the page recomputes the
    coordinates from ``location`` or from the commune.
    """

    def __init__(self, template="initiatives/panels/unplaceable_point_warning.html",
                 **kwargs):
        super().__init__(template=template, **kwargs)

    class BoundPanel(HelpPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.stored = self._stored_point()

        def _stored_point(self):
            """``(lat, lng, location)`` of the stored row when unplaceable, else None."""
            instance = self.instance
            if instance is None or not getattr(instance, "pk", None):
                return None
            row = (
                type(instance).objects.filter(pk=instance.pk)
                .values_list("latitude", "longitude", "location").first()
            )
            if row is None:
                return None
            lat, lng, location = row
            bad = not is_placeable(lat, lng)
            if location and not bad:
                try:
                    parse_point(location)
                except InvalidLocation:
                    bad = True
            return row if bad else None

        def is_shown(self):
            return self.stored is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            lat, lng, location = self.stored or ("", "", "")
            self.content = format_html(
                "<p><strong>{}</strong></p><p>{}</p>",
                _("The point stored for this action cannot be placed on the map "
                  "(latitude: {lat}, longitude: {lng}, location: “{location}”): the action "
                  "is missing from the public map and its feed.").format(
                      lat=lat, lng=lng, location=location or "—"),
                _("Check the point on the map below (or empty the location to use the "
                  "commune's reference point), then publish: the coordinates are computed "
                  "again on publication."),
            )
            return context
