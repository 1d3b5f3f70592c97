"""Boundaries drawn on the public maps, from the committed WGS84 reference file
(:func:`portal.boundaries.load_boundaries_geojson`).

With the map page at ``/carte/``:

- ``/carte/contours/``: the département's outline and its EPCI (one FeatureCollection,
  about 75 kB, 19 kB gzip-coded), drawn under the markers so that the map reads without
  tiles (:func:`layer_response`);
- ``/carte/contours/commune/<INSEE>/``: one commune's boundary (a Feature), for the
  point picker of the form "Ajouter une action" (:func:`commune_response`).

The bytes of each answer and their gzip coding are made once per process (the file
changes only with a deployment); answers carry a strong ``ETag`` (a hash of the bytes),
``Cache-Control: public, max-age`` (:data:`MAX_AGE`) and ``Vary: Accept-Encoding``, and
304 when the client's copy is current (RFC 9110 §13). Each is a route of the map page, so
Wagtail's checks (site, view restrictions) apply as for the map itself.
"""

import hashlib
import re
from functools import lru_cache

import orjson
from django.http import HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _

from portal.boundaries import boundary_features, commune_feature
from portal.compression import GZIP, accepts_gzip, compress

GEOJSON_CONTENT_TYPE = "application/geo+json; charset=utf-8"
#: Seconds a browser or proxy may keep an answer without asking again (a day).
MAX_AGE = 24 * 60 * 60
#: An INSEE commune code: five characters, digits or 2A/2B for Corsica.
INSEE_CODE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")


@lru_cache(maxsize=512)
def _encoded(key):
    """``(json bytes, gzip bytes, etag)`` of the answer named by ``key`` ("layer" or
    "commune:<INSEE>"), or None for an unknown commune. Made once per process."""
    if key == "layer":
        data = boundary_features(("departement", "epci"))
    else:
        data = commune_feature(key.split(":", 1)[1])
        if data is None:
            return None
    body = orjson.dumps(data)
    etag = hashlib.sha256(body).hexdigest()[:32]
    return body, compress(body), etag


def _answer(request, encoded):
    body, gzipped, digest = encoded
    coding = GZIP if accepts_gzip(request) else None
    etag = f'"{digest}-{coding}"' if coding else f'"{digest}"'
    response = HttpResponse(gzipped if coding else body, content_type=GEOJSON_CONTENT_TYPE)
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    patch_vary_headers(response, ("Accept-Encoding",))
    if coding:
        response["Content-Encoding"] = coding
    return get_conditional_response(request, etag=etag, response=response)


def layer_response(request):
    """The département's outline and its EPCI as a GeoJSON FeatureCollection (RFC 7946,
    ``[lng, lat]`` WGS84 degrees): features of :func:`portal.boundaries.boundary_features`
    with ``properties`` ``kind`` ("departement" or "epci"), ``code``, ``name``; the
    file's ``source`` and ``licence`` as foreign members. 200 or 304 (see the module)."""
    return _answer(request, _encoded("layer"))


def commune_response(request, insee_code):
    """One commune's boundary as a GeoJSON Feature (``properties``: ``kind`` "commune",
    ``code`` the INSEE code, ``name``), 200 or 304; 404 ``{"errors": [str]}`` (French)
    when ``insee_code`` (str) is not a commune of the département."""
    code = insee_code.upper()
    encoded = _encoded(f"commune:{code}") if INSEE_CODE.match(code) else None
    if encoded is None:
        return JsonResponse(
            {"errors": [_("No commune of the département has this INSEE code.")]},
            status=404, json_dumps_params={"ensure_ascii": False},
        )
    return _answer(request, encoded)
