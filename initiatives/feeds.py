"""The GeoJSON feed of the map page (``/carte/geojson/``): RFC 7946, cached, conditional.

:func:`geojson_response` answers a request for an InitiativeIndexPage, called by the
page's ``geojson`` route once Wagtail has routed the request (site, page tree,
``before_serve_page`` hooks, view restrictions): a private map's feed is as private as
the map.


1. the filters (:class:`initiatives.filters.InitiativeFilterSet`) are read only when the
   query string holds one; invalid values answer 400 with French messages (JSON);
2. the validator is computed without building the feed: ``ETag`` is a hash of the index
   page, the data version (:mod:`initiatives.feed_state`, one primary-key query), the
   canonical filter string and the base URL, with ``-gzip`` appended for the gzip-coded
   representation (a strong ETag names one byte sequence, RFC 9110 §8.8.3);
   ``Last-Modified`` is the version's time. ``If-None-Match`` / ``If-Modified-Since``
   get 304 (RFC 9110 §13) at that point;
3. otherwise the body is taken from Django's cache (key = the ETag) or built by
   :func:`feature_collection` in a fixed number of queries and stored; its gzip coding
   is stored next to it (:func:`cached_body`): compressed once per cache fill, never
   per request.
   Clients whose ``Accept-Encoding`` allows gzip get the coded bytes
   (``Content-Encoding: gzip``), others the JSON itself; every answer carries
   ``Vary: Accept-Encoding``.

The details of one action, shown in its popup when it opens (``/carte/geojson/<id>/``,
:func:`details_response`), are a separate small answer, so that the feed carries only
what draws the markers.
"""

import gc
import hashlib
import logging

import orjson
from django.core.cache import cache
from django.db import connections
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.encoding import iri_to_uri
from django.utils.http import http_date

from portal.compression import GZIP, accepts_gzip, compress
from portal.geo import is_placeable
from portal.text import sort_key

from .actions import LIST_ORDER, InitiativePage, TaggedInitiative
from .feed_state import current_feed_version
from .filters import InitiativeFilterSet, has_filters
from .markers import THEME_ORDER, THEME_ORDER_THROUGH, main_theme

logger = logging.getLogger(__name__)

GEOJSON_CONTENT_TYPE = "application/geo+json"
#: Seconds a built body stays in the cache (it is also replaced on any change, since the
#: key holds the data version).
CACHE_TIMEOUT = 60 * 60
CACHE_PREFIX = "initiatives:geojson:"


def feed_validators(index_page, request, querystring, coding=None):
    """Return ``(etag, last_modified)`` of the feed without building it.

    Input: the InitiativeIndexPage, the request, the canonical filter string, the
    content coding of the answer (``"gzip"`` or None). Output: ``etag`` (str, a quoted
    strong entity tag of that representation) and ``last_modified`` (aware datetime or
    None). One query (the data version and the time of its last change).
    """
    version, changed_at = current_feed_version()
    base_url = index_page.get_url(request) or ""
    etag = make_etag(index_page.pk, version, changed_at, base_url, querystring, coding)
    return etag, changed_at


def make_etag(page_pk, version, changed_at, base_url, querystring, coding=None):
    """The feed's ETag (quoted str): a hash of the index page's pk, the data version and
    the time of its last change, the page's base URL and the canonical filter string;
    ``-gzip`` appended when ``coding`` is ``"gzip"`` (the coded bytes differ from the
    JSON's, so their strong ETag differs too)."""
    # The time of the change too: a version number seen in a rolled-back transaction
    # may come back with other data; its microsecond timestamp does not.
    stamp = changed_at.isoformat() if changed_at else ""
    digest = hashlib.sha256(
        f"{page_pk}|{version}|{stamp}|{base_url}|{querystring}".encode()
    ).hexdigest()[:32]
    return f'"{digest}-{coding}"' if coding else f'"{digest}"'


def response_coding(request):
    """The content coding of the feed's answer to ``request``: ``"gzip"`` when its
    ``Accept-Encoding`` allows it, else None (the JSON as it is)."""
    return GZIP if accepts_gzip(request) else None


def validator_headers(etag, last_modified):
    """An empty HttpResponse carrying ``ETag``, ``Last-Modified``,
    ``Cache-Control: no-cache`` and ``Vary: Accept-Encoding`` (the headers of every
    answer of the feed, 304 included: RFC 9110 §15.4.5)."""
    headers = HttpResponse()
    headers["ETag"] = etag
    if last_modified is not None:
        headers["Last-Modified"] = http_date(last_modified.timestamp())
    patch_cache_control(headers, no_cache=True)
    patch_vary_headers(headers, ("Accept-Encoding",))
    return headers


def not_modified(request, etag, last_modified):
    """A 304 response when the request's validators match, else None."""
    headers = validator_headers(etag, last_modified)
    response = get_conditional_response(
        request, etag=etag,
        last_modified=int(last_modified.timestamp()) if last_modified else None,
        response=headers,
    )
    return None if response is headers else response


def geojson_response(index_page, request):
    """The feed as an HttpResponse (``application/geo+json``), a 304 or a 400.

    Input: the InitiativeIndexPage and the GET request. Output: 200 with the
    FeatureCollection, ``ETag``, ``Last-Modified``, ``Cache-Control: no-cache`` (clients
    revalidate every time) and ``Vary: Accept-Encoding``, gzip-coded
    (``Content-Encoding: gzip``) when the request's ``Accept-Encoding`` allows it; 304
    without body when the client's copy is current; 400 with ``{"errors": [str]}``
    (French) when a filter value is invalid.
    """
    filterset, querystring = None, ""
    if has_filters(request.GET):
        filterset = InitiativeFilterSet(request.GET, queryset=index_page.live_initiatives())
        if not filterset.is_valid():
            return JsonResponse(
                {"errors": filterset.error_messages()}, status=400,
                json_dumps_params={"ensure_ascii": False},
            )
        querystring = filterset.querystring()

    coding = response_coding(request)
    etag, last_modified = feed_validators(index_page, request, querystring, coding)
    headers = validator_headers(etag, last_modified)
    answer = not_modified(request, etag, last_modified)
    if answer is not None:
        return answer

    def build():
        # Built only now: even the base queryset costs a query (view restrictions).
        queryset = filterset.qs if filterset else index_page.live_initiatives()
        return orjson.dumps(feature_collection(index_page, queryset, request))

    body = cached_body(etag, coding, build)
    response = HttpResponse(body, content_type=GEOJSON_CONTENT_TYPE + "; charset=utf-8")
    for name in ("ETag", "Last-Modified", "Cache-Control", "Vary"):
        if name in headers:
            response[name] = headers[name]
    if coding:
        response["Content-Encoding"] = coding
    return response


def cache_keys(etag, coding):
    """``(identity key, gzip key)``: the cache keys (str) of the JSON and of its gzip
    coding, from the ETag of either representation."""
    digest = etag.strip('"')
    if coding:
        digest = digest.removesuffix(f"-{coding}")
    return CACHE_PREFIX + digest, f"{CACHE_PREFIX}{digest}-{GZIP}"


def cached_body(etag, coding, build):
    """The bytes of the representation named by ``etag`` (``coding``: ``"gzip"`` or
    None), from Django's cache, else made and stored.

    ``build()`` returns the JSON (bytes); it is called only when the cache holds
    neither the asked representation nor, for gzip, the JSON to compress. The gzip
    coding (:func:`portal.compression.compress`: ~45 ms for 3.5 MB) is made from the
    JSON the first time a client asks for it and stored next to it, for
    :data:`CACHE_TIMEOUT` seconds: once per cache fill, never per request, and never for
    a feed only plain clients asked for.
    """
    identity_key, gzip_key = cache_keys(etag, coding)
    body = cache.get(gzip_key if coding else identity_key)
    if body is not None:
        return body
    identity = cache.get(identity_key) if coding else None
    stored = {}
    if identity is None:
        identity = stored[identity_key] = build()
    if coding:
        body = stored[gzip_key] = compress(identity)
    cache.set_many(stored, CACHE_TIMEOUT)
    return body if coding else identity


def _fetch(queryset):
    """Run a ``values_list`` queryset's SQL and return all rows as tuples.

    The same SQL the ORM would send, without its per-row iterator (a third of the feed's
    time at 10,000 actions); fine here because every column is a plain value.
    """
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def feature_collection(index_page, queryset, request=None):
    """Return the actions of ``queryset`` as a GeoJSON FeatureCollection (dict).

    Input: the InitiativeIndexPage (for URLs), an InitiativePage queryset (live, public,
    filtered), the request (for the site's URL). Output: ``{"type": "FeatureCollection",
    "features": [...]}``; each Feature has ``id`` (page id), ``geometry = {"type":
    "Point", "coordinates": [lng, lat]}`` (floats, WGS84 degrees, RFC 7946 §3.1.1) and
    ``properties`` = ``id``, ``title``, ``url`` (the page's URL), ``commune`` (name),
    ``commune_insee`` (5-character INSEE code), ``themes`` (Theme slugs in the list's
    order: :data:`initiatives.markers.THEME_ORDER`), ``theme`` (the main theme's slug,
    the first of ``themes``; "" without theme: it chooses the marker), ``tags`` (tag
    names, sorted), ``actor_type`` (key of ACTOR_TYPES); features
    ordered by title. Actions whose stored point cannot be placed (missing, NaN, infinite,
    outside WGS84 ranges: values written around the model) are left out and their page
    ids logged (warning), so that one bad row never blanks the map. Three queries
    whatever the number of actions: pages with their commune, then themes and tags
    selected by a subquery (no list of ids). Python's cyclic garbage collector is paused
    while the feature dicts are made.
    """
    ids = queryset.values("pk")
    through = InitiativePage.themes.through
    theme_rows = _fetch(
        through.objects.filter(initiativepage_id__in=ids)
        .order_by("initiativepage_id", *THEME_ORDER_THROUGH)
        .values_list("initiativepage_id", "theme__slug")
    )
    tag_rows = _fetch(
        TaggedInitiative.objects.filter(content_object_id__in=ids)
        .order_by("content_object_id")
        .values_list("content_object_id", "tag__name")
    )
    rows = _fetch(queryset.order_by(*LIST_ORDER).values_list(
        "pk", "title", "url_path", "latitude", "longitude", "actor_type",
        "commune__name", "commune__insee_code",
    ))
    url_for = page_url_builder(index_page, request)
    # Paused while the ~50,000 small containers of 10,000 features are made: the
    # collector would rescan them many times (bench/geojson_feed.py: the uncached feed
    # took 4.0x the raw query with it running, 2.2x paused).
    collecting = gc.isenabled()
    gc.disable()
    try:
        themes, tags = {}, {}
        for page_id, slug in theme_rows:
            themes.setdefault(page_id, []).append(slug)
        for page_id, name in tag_rows:
            tags.setdefault(page_id, []).append(name)
        for names in tags.values():
            names.sort(key=sort_key)
        features = [
            {
                "type": "Feature",
                "id": pk,
                "geometry": {"type": "Point", "coordinates": [lng, lat]},
                "properties": {
                    "id": pk,
                    "title": title,
                    "url": url_for(url_path),
                    "commune": commune,
                    "commune_insee": insee,
                    "themes": themes.get(pk, []),
                    "theme": main_theme(themes.get(pk, ())),
                    "tags": tags.get(pk, []),
                    "actor_type": actor_type,
                },
            }
            for pk, title, url_path, lat, lng, actor_type, commune, insee in rows
            if is_placeable(lat, lng)
        ]
    finally:
        if collecting:
            gc.enable()
    if len(features) < len(rows):
        left_out = [row[0] for row in rows if not is_placeable(row[3], row[4])]
        logger.warning(
            "GeoJSON feed: %d action(s) left out, their stored point cannot be placed "
            "(missing, NaN, infinite or out of WGS84 ranges): page ids %s",
            len(left_out), ", ".join(map(str, left_out)),
        )
    return {"type": "FeatureCollection", "features": features}


def page_url_builder(index_page, request):
    """Return ``fn(url_path) -> str``: a child's absolute URL (on the Site's address,
    ``PORTAL_BASE_URL``), computed from the index page's.

    Children of the index page live under its URL, so a child's URL is the index URL
    plus the rest of its ``url_path``: no query per page.
    """
    base_url = index_page.get_full_url(request) or ""
    base_path = index_page.url_path

    def build(url_path):
        if url_path.startswith(base_path):
            url = base_url + url_path[len(base_path):]
        else:
            url = url_path
        # Unicode slugs are percent-encoded as Page.url does (RFC 3987 §3.1).
        return url if url.isascii() else iri_to_uri(url)

    return build


#: Size of the photo in a popup (a Wagtail rendition filter: 240 × 160 CSS px, cropped).
POPUP_IMAGE_FILTER = "fill-240x160"
DETAILS_CACHE_PREFIX = "initiatives:details:"


def action_details(index_page, page, request=None):
    """The details of one live action shown in its map popup (dict).

    Input: the InitiativeIndexPage, a live and public InitiativePage below it (its
    ``commune`` and ``image`` selected), the request (for the site's URL). Output:
    ``{"id": int, "title": str, "url": str (absolute), "summary": str, "commune": str,
    "themes": [{"slug": str, "label": str}] (the Theme list's order), "image": None or
    {"url": str, "width": int, "height": int, "alt": str}}``; the image is a
    :data:`POPUP_IMAGE_FILTER` rendition of the page's photo, ``alt`` its description,
    None when the photo's file cannot be read. Reads the page's row, which holds the
    published content (a draft lives in revisions): no draft data.
    """
    image = None
    if page.image_id:
        try:
            rendition = page.image.get_rendition(POPUP_IMAGE_FILTER)
        except OSError:  # wagtail.images.models.SourceImageIOError: file missing
            logger.warning("Map popup: the photo of page %s cannot be read", page.pk)
        else:
            image = {
                "url": rendition.url, "width": rendition.width, "height": rendition.height,
                "alt": page.image.description or "",
            }
    themes = page.themes.order_by(*THEME_ORDER).values_list("slug", "label")
    return {
        "id": page.pk,
        "title": page.title,
        "url": page_url_builder(index_page, request)(page.url_path),
        "summary": page.summary,
        "commune": page.commune.name if page.commune_id else "",
        "themes": [{"slug": slug, "label": label} for slug, label in themes],
        "image": image,
    }


def details_response(index_page, request, page_id):
    """The popup details of one action as JSON (:func:`action_details`), or a 404.

    Input: the InitiativeIndexPage, the GET request, the action's page id (int). Output:
    200 ``application/json`` with ``ETag`` (the data version, the page id and the base
    URL), ``Cache-Control: no-cache`` and ``Vary: Accept-Encoding``; 304 when the
    client's copy is current; 404 ``{"errors": [str]}`` (French) when no live, public
    action below this map has that id (a draft, an unpublished or restricted action, a
    page of another map). The body is kept in Django's cache under its ETag, which
    changes with any change of the map's data.
    """
    version, changed_at = current_feed_version()
    base_url = index_page.get_url(request) or ""
    etag = make_etag(index_page.pk, version, changed_at, base_url, f"details={page_id}")
    headers = validator_headers(etag, changed_at)
    key = DETAILS_CACHE_PREFIX + etag.strip('"')
    body = cache.get(key)
    if body is None:
        page = (index_page.live_initiatives().filter(pk=page_id)
                .select_related("commune", "image").first())
        if page is None:
            body = b""
        else:
            body = orjson.dumps(action_details(index_page, page, request))
        cache.set(key, body, CACHE_TIMEOUT)
    if not body:
        return JsonResponse(
            {"errors": [_("This action is not on the map (or no longer).")]}, status=404,
            json_dumps_params={"ensure_ascii": False},
        )
    answer = not_modified(request, etag, changed_at)
    if answer is not None:
        return answer
    response = HttpResponse(body, content_type="application/json")
    for name in ("ETag", "Last-Modified", "Cache-Control", "Vary"):
        if name in headers:
            response[name] = headers[name]
    return response
