"""Serializers of InitiativePage fields for the Wagtail API v2 (``/api/v2/pages/``)."""

from rest_framework import serializers

from portal.geo import is_placeable


class LocationField(serializers.Field):
    """The page's point as numbers: ``{"latitude": float, "longitude": float}`` (WGS84
    degrees), or None when unknown or unplaceable (NaN, infinite or out of range, as
    values written around the model may be: strict JSON has no NaN). Use with
    ``source="*"`` (reads the page)."""

    def to_representation(self, page):
        if not is_placeable(page.latitude, page.longitude):
            return None
        return {"latitude": page.latitude, "longitude": page.longitude}


class CommuneInseeField(serializers.Field):
    """A Commune as its 5-character INSEE code (str)."""

    def to_representation(self, commune):
        return commune.insee_code if commune is not None else None


class SlugListField(serializers.Field):
    """A many-to-many manager as a sorted list of one attribute (default ``slug``)."""

    def __init__(self, attribute="slug", **kwargs):
        self.attribute = attribute
        super().__init__(**kwargs)

    def to_representation(self, manager):
        return sorted(getattr(item, self.attribute) for item in manager.all())
