"""Leaflet as the site serves it, for every map (public map, point picker, admin panel).

Leaflet 1.9.4 comes from the npm lock file and is served from ``vendor/leaflet/``. Leaflet
guesses the folder of its default marker images from leaflet.css (the url() of
``.leaflet-default-icon-path``, cut before ``marker-icon.png``); ``collectstatic``'s
manifest storage renames the images (``marker-icon.2273e3d8ad92.png``), the guess fails and
Leaflet asks for ``marker-icon.png`` next to the page (a broken image). So leaflet.js is
always followed by ``initiatives/js/leaflet-icons.js``, which hands Leaflet the images'
own static URLs from its data attributes (an external script: the Content-Security-Policy
allows no inline script).
"""

from django import forms
from django.templatetags.static import static

#: Static paths (relative to STATIC_URL) of the vendored Leaflet files.
LEAFLET_CSS = "vendor/leaflet/leaflet.css"
LEAFLET_JS = "vendor/leaflet/leaflet.js"
#: The script that gives Leaflet the URLs of its default marker images.
LEAFLET_ICONS_JS = "initiatives/js/leaflet-icons.js"
#: Data attribute of LEAFLET_ICONS_JS -> static path of the image it names.
MARKER_IMAGES = {
    "data-leaflet-icon-url": "vendor/leaflet/images/marker-icon.png",
    "data-leaflet-icon-retina-url": "vendor/leaflet/images/marker-icon-2x.png",
    "data-leaflet-shadow-url": "vendor/leaflet/images/marker-shadow.png",
}


def leaflet_media(css=(), js=()):
    """Leaflet's CSS and scripts, then the files that use Leaflet, for a widget's ``media``
    or a template (``render_js``).

    Input: ``css``, ``js``: static paths (str) of files to load after Leaflet's. They go
    in the same list, so that ``Media`` merging keeps them after the icons script.
    Output: ``django.forms.Media`` with css ``{"all": [leaflet.css, *css]}`` and js
    ``[leaflet.js, Script(leaflet-icons.js, data-leaflet-*-url=...), *js]``, every URL from
    the static files storage (hashed names in production). Raises ValueError, as
    ``{% static %}`` does, when the manifest lacks an image (collectstatic not run).
    """
    attributes = {name: static(path) for name, path in MARKER_IMAGES.items()}
    return forms.Media(
        css={"all": (LEAFLET_CSS, *css)},
        js=(LEAFLET_JS, forms.Script(LEAFLET_ICONS_JS, **attributes), *js),
    )
