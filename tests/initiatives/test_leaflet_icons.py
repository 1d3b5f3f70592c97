"""Leaflet's default marker images on every map, with production's hashed static files.

Leaflet 1.9 finds its marker images by reading the url() of ``marker-icon.png`` in
leaflet.css; once ``collectstatic`` has renamed it ``marker-icon.<hash>.png`` that fails
and Leaflet asks for ``marker-icon.png`` next to the page (``/carte/marker-icon.png``,
404). Every page with a map must hand Leaflet the images' own static URLs, on the script
right after leaflet.js; these tests check them against a real manifest STATIC_ROOT.
"""

from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage

pytestmark = pytest.mark.django_db

ICONS = {
    "data-leaflet-icon-url": "vendor/leaflet/images/marker-icon.png",
    "data-leaflet-icon-retina-url": "vendor/leaflet/images/marker-icon-2x.png",
    "data-leaflet-shadow-url": "vendor/leaflet/images/marker-shadow.png",
}


class Scripts(HTMLParser):
    """Collects the attributes (dict) of every ``<script>`` of a page, in order."""

    def __init__(self):
        super().__init__()
        self.scripts = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append(dict(attrs))


#: Scripts that draw maps and markers: they must run after the icons script.
DRAWING = ("initiatives/js/map.js", "initiatives/js/point-picker.js",
           "vendor/leaflet.markercluster/leaflet.markercluster.js",
           "wagtailgeowidget/js/leaflet-field.js", "wagtailgeowidget/js/leaflet-field-controller.js")


def assert_icons_resolve(html, static_root):
    """The page loads leaflet.js once, then the script handing Leaflet the hashed URL of
    each marker image (naming a file collectstatic wrote), before any script that draws."""
    parser = Scripts()
    parser.feed(html)
    srcs = [s.get("src", "").split("?")[0] for s in parser.scripts]
    leaflet = srcs.index(staticfiles_storage.url("vendor/leaflet/leaflet.js"))
    icons = [i for i, s in enumerate(parser.scripts) if "data-leaflet-icon-url" in s]
    assert len(icons) == 1 and srcs.count(srcs[leaflet]) == 1, srcs
    icons = icons[0]
    assert srcs[icons] == staticfiles_storage.url("initiatives/js/leaflet-icons.js")
    drawing = [i for i, src in enumerate(srcs)
               if src in {staticfiles_storage.url(path) for path in DRAWING}]
    assert drawing and leaflet < icons < min(drawing), srcs
    attrs = parser.scripts[icons]
    for name, path in ICONS.items():
        url = attrs.get(name)
        assert url == staticfiles_storage.url(path), (name, url)
        assert url != settings.STATIC_URL + path  # the hashed name, which WhiteNoise serves as immutable
        assert (Path(static_root) / url.removeprefix(settings.STATIC_URL)).is_file(), url


def test_public_map_and_action_page_hand_leaflet_the_hashed_marker_images(
        client, manifest_static):
    from initiatives.models import InitiativePage

    response = client.get("/carte/")
    assert response.status_code == 200
    assert_icons_resolve(response.content.decode(), manifest_static)
    action = InitiativePage.objects.live().first()
    response = client.get(action.url)
    assert response.status_code == 200
    assert_icons_resolve(response.content.decode(), manifest_static)


def test_point_picker_hands_leaflet_the_hashed_marker_images(client, manifest_static):
    response = client.get("/carte/ajouter/")
    assert response.status_code == 200
    assert_icons_resolve(response.content.decode(), manifest_static)


def test_admin_map_panel_hands_leaflet_the_hashed_marker_images(
        client, make_user, manifest_static):
    from initiatives.models import InitiativePage

    client.force_login(make_user("admin@example.org", is_staff=True, is_superuser=True))
    action = InitiativePage.objects.live().first()
    response = client.get(f"/admin/pages/{action.pk}/edit/")
    assert response.status_code == 200
    assert_icons_resolve(response.content.decode(), manifest_static)
