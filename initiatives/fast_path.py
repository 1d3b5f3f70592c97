"""Conditional requests for the map's feed answered before Wagtail's page routing.

A map open on a screen revalidates ``/carte/geojson/`` with ``If-None-Match``. Through
Wagtail, even a 304 costs the routing (site, pages, view restrictions: 6 queries). Once
the feed has been served for a public map page, :func:`remember_route` keeps, in the
cache, the page's pk and base URL under the request's host and path, together with the
data version seen. :func:`geojson_fast_path` (mounted before Wagtail's page serving
through the ``PUBLIC_URLS`` hook) then answers a matching conditional request without
filters in one query (the data version), checking the ETag of the representation the
client accepts (JSON or gzip, :func:`initiatives.feeds.response_coding`). Anything else, or any change since (the
version moves on every publication, move, deletion, view restriction and site change:
:mod:`initiatives.signals`), goes through Wagtail as usual.
"""

from django.core.cache import cache
from wagtail.views import serve

from .feed_state import current_feed_version
from .feeds import make_etag, not_modified, response_coding

#: Prefix of the cache keys of remembered routes.
ROUTE_PREFIX = "initiatives:feed-route:"


def route_key(request):
    """Cache key (str) of the feed route of ``request`` (host and path)."""
    return f"{ROUTE_PREFIX}{request.get_host()}{request.path}"


def remember_route(request, index_page, base_url, version, changed_at):
    """Remember, for the next conditional request, that ``request.path`` on this host is
    the unfiltered feed of ``index_page`` (public) at data ``version``/``changed_at``.

    Free when already remembered at this version; else one query to make sure the page
    has no view restriction (restricted pages are never remembered: their requests keep
    Wagtail's checks).
    """
    key = route_key(request)
    entry = cache.get(key)
    if entry is not None and (entry["version"], entry["changed_at"]) == (version, changed_at):
        return
    if index_page.get_view_restrictions().exists():
        cache.delete(key)
        return
    cache.set(key, {"pk": index_page.pk, "base_url": base_url,
                    "version": version, "changed_at": changed_at}, 24 * 3600)


def geojson_fast_path(request, page_path):
    """View of ``<page path>/geojson/``: 304 without routing when the request is a
    conditional GET/HEAD without filters for a remembered, unchanged public feed;
    otherwise Wagtail's ``serve`` (which routes to the page as usual)."""
    if request.method in ("GET", "HEAD") and not request.GET and (
        request.headers.get("If-None-Match") or request.headers.get("If-Modified-Since")
    ):
        entry = cache.get(route_key(request))
        if entry is not None:
            version, changed_at = current_feed_version()
            if (version, changed_at) == (entry["version"], entry["changed_at"]):
                etag = make_etag(entry["pk"], version, changed_at, entry["base_url"], "",
                                 response_coding(request))
                answer = not_modified(request, etag, changed_at)
                if answer is not None:
                    return answer
    return serve(request, page_path + "geojson/")
