"""Anonymous page views served from Django's cache framework, purged by a content version.

Why our own: wagtail-cache requires Wagtail < 8, and Django's per-site cache middleware
can neither be purged when a page is published nor tell a page with a form from one
without (docs/decisions.md).

How it works:

- **Opt-in per page type.** A page model mixes in :class:`CachedPage` (and may list the
  query parameters and the routes whose views may be cached). Wagtail's ``on_serve_page``
  hook (:func:`mark_cacheable`, registered in ``portal/wagtail_hooks.py``) marks the
  response of such a page as a candidate when the request is anonymous, the page has no
  view restriction, the route and every query parameter are allowed, and nothing asked
  to skip it (:func:`skip`).
- **Served before anything else reads the database.** :class:`PageCacheMiddleware`
  (after WhiteNoise, before the session) looks up anonymous GET/HEAD requests for URLs
  routed to Wagtail's page serving (:func:`served_by_wagtail`) under a key
  made of a hash of scheme, host, path and normalised query string; the content
  version and the entry are read together in one cache round trip (:func:`lookup`),
  and an entry stored under another version is a miss. A hit answers with the stored
  body and headers plus ``X-Page-Cache: hit`` and ``Age`` (seconds since stored),
  without a database query. The body is stored gzipped (compressed once, when stored)
  and sent so to clients that accept gzip, decompressed to the others (``Vary:
  Accept-Encoding``): such a page holds no secret, so compressing it leaks none (BREACH
  needs a secret in the page). The middlewares above it
  (security headers, Content-Security-Policy, Permissions-Policy) still run on a hit.
  Public pages load scripts from the site's own files only (``script-src 'self'``, no
  nonce), so a stored body is valid under every later response's policy; a response
  whose rendering used a CSP nonce is never stored.
- **Stored only when safe.** A marked 200 response to an anonymous GET/HEAD without
  session cookie, that sets no cookie, never used the CSRF token
  (``request.META["CSRF_COOKIE_USED"]``) and carries no ``Cache-Control: private``,
  ``no-cache`` or ``no-store`` (Wagtail puts those on restricted pages, our forms and
  private links on theirs). Such a response says ``X-Page-Cache: miss``; it gets no
  ``Vary: Cookie`` (the HTML of a public page is the same for everyone), and
  ``Cache-Control: public, max-age=N`` only when ``PORTAL_PAGE_CACHE_MAX_AGE`` asks.
- **Purged by a content version** held in the same cache (so every worker and host that
  shares the cache sees it): :func:`bump_version` changes it, which makes every stored
  page unreachable (they expire on their own). It is bumped on every page save, delete,
  publish, unpublish, move, on view restrictions, sites, reference data (communes, EPCI,
  themes), documents, snippets, site settings and the images they use (:func:`connect`), and by
  :func:`initiatives.feed_state.bump_feed_version` (every change of the map's data).
  A page is stored with the version read before it was rendered, so the next store of
  that URL replaces a stale entry instead of leaving it beside the fresh one.
  Bumped at once and again when the transaction commits: a request that read the old
  version while the change was not yet committed cannot leave an old page under the new
  version. A version key lost by the cache is re-created with a new value (the clock in
  nanoseconds), never an old one.

Settings: ``PORTAL_PAGE_CACHE_ENABLED`` (bool), ``PORTAL_PAGE_CACHE_SECONDS`` (lifetime
of a page without query string), ``PORTAL_PAGE_CACHE_QUERY_SECONDS`` (lifetime of a
query-string variant), ``PORTAL_PAGE_CACHE_MAX_AGE`` (``Cache-Control: public,
max-age=N`` for browsers and CDNs on cached pages; 0: no such header).
"""

import gzip
import hashlib
import logging
import time
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control, patch_vary_headers
from wagtail import hooks

from portal.compression import GZIP, accepts_gzip, compress
from portal.hooks import UNCACHED_PAGE_PATHS

logger = logging.getLogger(__name__)

#: Cache key of the content version.
VERSION_KEY = "portal:page-cache:version"
#: Prefix of the cache keys of stored pages (followed by a hash of the URL).
PAGE_PREFIX = "portal:page-cache:page:"
#: Longest normalised query string (characters) whose page may be cached; longer ones
#: are served fresh, never looked up nor stored.
MAX_QUERY_LENGTH = 300
#: Response header telling whether the page came from the cache ("hit") or was stored
#: by this request ("miss"); absent when the page cannot be cached.
STATUS_HEADER = "X-Page-Cache"
#: Headers never stored with a page (set per request by the outer middlewares or the
#: server).
_UNSTORED_HEADERS = {"set-cookie", "date", "age", "content-length", STATUS_HEADER.lower()}
#: Request attribute set by :func:`skip`.
_SKIP_ATTRIBUTE = "_portal_page_cache_skip"
#: Response attribute set by :func:`mark_cacheable`: the lifetime (seconds) to store with.
_CANDIDATE_ATTRIBUTE = "_portal_page_cache_timeout"


class CachedPage:
    """Mixin of page models whose anonymous views may be served from the page cache.

    Class attributes:

    - ``page_cache_query_params``: names of the query parameters that may vary a cached
      view (frozenset of str); a request with any other parameter is served fresh.
    - ``page_cache_routes``: for ``RoutablePageMixin`` pages, names of the view methods
      whose responses may be cached (frozenset of str), e.g. ``{"index"}``; other
      routes (forms, private links, feeds) are never cached. None: every view.
    """

    page_cache_query_params = frozenset()
    page_cache_routes = None


def enabled():
    """True when the page cache is on (setting ``PORTAL_PAGE_CACHE_ENABLED``)."""
    return bool(getattr(settings, "PORTAL_PAGE_CACHE_ENABLED", True))


def page_seconds(has_query):
    """Lifetime (int seconds) of a stored page: ``PORTAL_PAGE_CACHE_SECONDS``, or for a
    query-string variant (``has_query`` True) the smaller ``PORTAL_PAGE_CACHE_QUERY_SECONDS``
    (variants are many; a short life bounds the memory they take)."""
    seconds = int(getattr(settings, "PORTAL_PAGE_CACHE_SECONDS", 600))
    if has_query:
        seconds = min(seconds, int(getattr(settings, "PORTAL_PAGE_CACHE_QUERY_SECONDS", 60)))
    return seconds


# --- The content version ------------------------------------------------------------

def current_version():
    """The content version (int), created when the cache holds none.

    A missing version (never set, evicted, cache cleared) becomes the clock in
    nanoseconds: a value no stored page was ever keyed with. One cache read, two when
    created.
    """
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def _increment():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (or evicted): any new value will do
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)
    except Exception:  # the cache is down: nothing can be served from it either
        logger.exception("Page cache: the content version could not be changed")


def bump_version():
    """Make every stored page stale: change the content version now, and again when
    the current transaction commits (at once outside a transaction).

    The second change closes a race: a request that read the version while the change
    was not yet committed renders the old content; it stores it under a version that
    the commit makes stale. Never raises (a failing cache is logged).
    """
    _increment()
    transaction.on_commit(_increment, robust=True)


# --- Keys ---------------------------------------------------------------------------

def normalised_query(query_string):
    """The query string with its parameters in a stable order (str, no ``?``).

    ``query_string``: the raw ``QUERY_STRING`` (str). Parameters are sorted by name,
    the values of a repeated name keep their order (``b=2&a=1&a=0`` -> ``a=1&a=0&b=2``);
    blank values are kept. Invalid UTF-8 is replaced as Django's ``QueryDict`` does.
    """
    pairs = parse_qsl(query_string, keep_blank_values=True)
    pairs.sort(key=lambda pair: pair[0])
    return urlencode(pairs)


def request_key(request):
    """Cache key (str, at most ~90 characters) of ``request``'s page, or None when its
    normalised query string is longer than :data:`MAX_QUERY_LENGTH`.

    The hash covers scheme, host (lower case), path and normalised query string: one
    entry per site, page, route and variant. The content version is not part of the key
    but of the entry (:func:`lookup`).
    """
    raw = request.META.get("QUERY_STRING", "")
    if len(raw) > 3 * MAX_QUERY_LENGTH:  # not worth parsing
        return None
    query = normalised_query(raw)
    if len(query) > MAX_QUERY_LENGTH:
        return None
    identity = "\n".join([request.scheme, request.get_host().lower(), request.path, query])
    digest = hashlib.sha256(identity.encode("utf-8", "surrogateescape")).hexdigest()
    return f"{PAGE_PREFIX}{digest}"


def lookup(key):
    """The content version and the stored page of ``key``, in one cache round trip.

    ``key``: a key from :func:`request_key` (str). Returns ``(version, entry)``:
    ``version`` as :func:`current_version` gives it; ``entry`` the stored dict
    (``content``, ``headers``, ``stored_at``, ``version``), or None when nothing is
    stored under ``key`` or when it was stored under another content version (a stale
    page is never served). Raises what the cache backend raises when it is unreachable.
    """
    values = cache.get_many([VERSION_KEY, key])
    version = values.get(VERSION_KEY)
    if version is None:  # lost or never set: a new version, so no stored page matches
        return current_version(), None
    entry = values.get(key)
    if entry is not None and entry.get("version") != version:
        entry = None
    return version, entry


# --- Deciding what is cacheable -------------------------------------------------------

def anonymous_request(request):
    """True for a GET or HEAD without session cookie nor ``Authorization`` header: no
    signed-in user, no preview, no visitor who passed a page's password (all of which
    need a session)."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


@lru_cache(maxsize=1)
def uncached_page_paths():
    """Endings (tuple of str) of page URLs the page cache never holds, from the
    ``UNCACHED_PAGE_PATHS`` hook (e.g. the map feed's ``"/geojson/"``); read once per
    process."""
    return tuple(ending for contribute in hooks.get_hooks(UNCACHED_PAGE_PATHS)
                 for ending in contribute())


def served_by_wagtail(request):
    """True when ``request``'s path is routed to Wagtail's page serving (URL name
    ``wagtail_serve``) and does not end as a page URL the cache never holds
    (:func:`uncached_page_paths`): the only answers the page cache may hold. The API, the
    admin, documents, the sitemap, plugins' own URLs and the map feed never cost a cache
    read. No database query (Django's URL resolver)."""
    if request.path_info.endswith(uncached_page_paths()):
        return False
    try:
        return resolve(request.path_info).url_name == "wagtail_serve"
    except Resolver404:
        return False


def skip(request):
    """Keep the response to ``request`` out of the page cache (e.g. a page showing input
    errors for a query string). Call it from a page's ``get_context`` or view."""
    setattr(request, _SKIP_ATTRIBUTE, True)


def _route_name(args):
    """The view method's name of a ``RoutablePageMixin`` route (``args`` as Wagtail's
    routing gives them: ``(view, view_args, view_kwargs)``), or None."""
    if args and callable(args[0]):
        return getattr(args[0], "__name__", None)
    return None


def page_allows(page, request, args):
    """True when ``page``'s response to ``request`` may be stored (see :class:`CachedPage`).

    ``args``: the positional serve arguments Wagtail's routing gave (a routable page's
    ``(view, args, kwargs)``). One query (view restrictions) when every other condition
    holds. ``request.user`` is never read: without a session cookie nobody is signed in,
    and reading it would touch the session, which adds ``Vary: Cookie``.
    """
    if not isinstance(page, CachedPage) or not enabled():
        return False
    if not anonymous_request(request) or getattr(request, _SKIP_ATTRIBUTE, False):
        return False
    if getattr(request, "is_preview", False) or getattr(request, "is_dummy", False):
        return False
    if page.page_cache_routes is not None and _route_name(args) not in page.page_cache_routes:
        return False
    if not set(request.GET.keys()) <= set(page.page_cache_query_params):
        return False
    return not page.get_view_restrictions().exists()


def mark_cacheable(serve):
    """Wagtail ``on_serve_page`` hook: wraps the page serving chain (``serve(page,
    request, args, kwargs) -> HttpResponse``) and marks the response of a page that
    :func:`page_allows` as a candidate for :class:`PageCacheMiddleware`."""

    def wrapped(page, request, args, kwargs):
        response = serve(page, request, args, kwargs)
        if page_allows(page, request, args):
            setattr(response, _CANDIDATE_ATTRIBUTE, page_seconds(bool(request.GET)))
        return response

    return wrapped


def _cache_control_refuses(response):
    value = response.get("Cache-Control", "").lower()
    return any(word in value for word in ("private", "no-cache", "no-store"))


def storable(request, response):
    """True when ``response`` (after every inner middleware) may be stored: marked by
    :func:`mark_cacheable`, status 200, not streamed, no cookie set, CSRF token unused,
    no Content-Security-Policy nonce used (django-csp's ``request.csp_nonce``, read while
    rendering: a stored body would carry a nonce that no later response's policy
    allows), no ``Cache-Control`` that forbids shared caches, and the request still had no
    session (nothing signed in during it)."""
    return (
        getattr(response, _CANDIDATE_ATTRIBUTE, None) is not None
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_USED")
        and not isinstance(getattr(request, "_csp_nonce", None), str)
        and not _cache_control_refuses(response)
        and anonymous_request(request)
    )


def _public_headers(response):
    """Add ``Cache-Control: public, max-age=N`` to a cacheable page when
    ``PORTAL_PAGE_CACHE_MAX_AGE`` > 0 (browsers and a CDN may keep it N seconds).

    No ``Vary: Cookie``: a public page is the same HTML for every visitor, signed in or
    not (no per-user content in the public templates), and a CDN would keep one copy per
    cookie value, that is none worth keeping.
    """
    max_age = int(getattr(settings, "PORTAL_PAGE_CACHE_MAX_AGE", 0) or 0)
    if max_age > 0:
        patch_cache_control(response, public=True, max_age=max_age)


def _entry(response, version):
    """The stored form of a cacheable page: its body gzipped once (``content``, bytes,
    :func:`portal.compression.compress`), its headers but those of
    ``_UNSTORED_HEADERS``, the content ``version`` and the time stored (seconds)."""
    return {
        "version": version,
        "content": compress(response.content),
        "headers": [(name, value) for name, value in response.items()
                    if name.lower() not in _UNSTORED_HEADERS],
        "stored_at": time.time(),
    }


def _response(entry, request):
    """The answer built from a stored ``entry``: its gzipped body as is when the client
    accepts gzip (``Content-Encoding: gzip``), else the body decompressed; both with
    ``Vary: Accept-Encoding``, ``X-Page-Cache: hit`` and ``Age``."""
    response = HttpResponse(status=200)
    for name, value in entry["headers"]:
        response[name] = value
    _set_body(response, entry["content"], request)
    response[STATUS_HEADER] = "hit"
    response["Age"] = str(max(0, int(time.time() - entry["stored_at"])))
    return response


def _set_body(response, gzipped, request):
    """Give ``response`` the body ``gzipped`` (bytes, gzip coding) as it is when the
    ``request`` accepts gzip, else decompressed, with its ``Content-Length`` and ``Vary:
    Accept-Encoding``.

    Compressing a page cannot leak a secret here (BREACH): only pages without any
    (anonymous, no CSRF token, no session) are stored, and only they are coded.
    """
    if accepts_gzip(request):
        response.content = gzipped
        response["Content-Encoding"] = GZIP
    else:
        response.content = gzip.decompress(gzipped)
    response["Content-Length"] = str(len(response.content))
    patch_vary_headers(response, ("Accept-Encoding",))


class PageCacheMiddleware:
    """Serve anonymous GET/HEAD page views from the cache, and store the cacheable ones.

    Place it after WhiteNoise and before ``SessionMiddleware``: a hit then skips the
    session, authentication, CSRF and page routing (no database query), while the
    security, Content-Security-Policy and Permissions-Policy middlewares above it add
    their headers to every response. A cache that fails is logged and bypassed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled() or not anonymous_request(request) or not served_by_wagtail(request):
            return self.get_response(request)
        key = request_key(request)  # DisallowedHost: Django's 400, as without us
        if key is None:  # a query string too long to be worth a cache entry
            return self.get_response(request)
        try:
            version, entry = lookup(key)
        except Exception as exc:
            # One line, no traceback: while a database cache is down every request comes
            # here, and the outage middleware below already reports the outage.
            logger.warning("Page cache: lookup failed (%s)", type(exc).__name__)
            return self.get_response(request)
        if entry is not None:
            return _response(entry, request)
        response = self.get_response(request)
        if storable(request, response):
            _public_headers(response)
            stored = _entry(response, version)
            try:
                cache.set(key, stored, getattr(response, _CANDIDATE_ATTRIBUTE))
            except Exception:
                logger.exception("Page cache: store failed")
            else:
                response[STATUS_HEADER] = "miss"
            if accepts_gzip(request):
                _set_body(response, stored["content"], request)
        return response


# --- What purges it -------------------------------------------------------------------

def _bump(**kwargs):
    bump_version()


@lru_cache(maxsize=None)
def _always_shown(model):
    from wagtail.documents import get_document_model
    from wagtail.models import Page, PageViewRestriction, Site

    from .models import EPCI, Commune, Theme

    return issubclass(model, (Page, PageViewRestriction, Site, Commune, EPCI, Theme)) or (
        model is get_document_model()
    )


#: Models of plugins whose rows show on pages (:func:`purge_on_change`).
_PLUGIN_MODELS = set()


def purge_on_change(model):
    """Declare that rows of ``model`` (a model class of a plugin, neither a page nor a
    snippet) show on pages: each save or delete bumps the content version (so live
    counters of them are fresh too). Call it from the plugin's ``AppConfig.ready``."""
    _PLUGIN_MODELS.add(model)


def _shown_on_pages(model):
    """True for the models whose rows show on cached pages: pages, view restrictions,
    sites, reference data, documents, snippets, site settings and the models plugins
    declared with :func:`purge_on_change`."""
    from wagtail.contrib.settings.registry import registry as settings_registry
    from wagtail.snippets.models import get_snippet_models

    if model in _PLUGIN_MODELS or _always_shown(model):
        return True
    return model in get_snippet_models() or model in settings_registry


def _bump_on_model_change(sender, **kwargs):
    if _shown_on_pages(sender):
        bump_version()


def _used_by_site_settings(image):
    """True when a site setting (``wagtail.contrib.settings``) points at ``image`` (a
    Wagtail image) through a foreign key: the site's logo, favicon or sharing image,
    whose renditions every page shows. One query per such foreign key."""
    from wagtail.contrib.settings.registry import registry as settings_registry

    for model in settings_registry:
        for field in model._meta.concrete_fields:
            if field.many_to_one and isinstance(image, field.related_model):
                if model.objects.filter(**{field.attname: image.pk}).exists():
                    return True
    return False


def _bump_on_image_change(sender, instance, **kwargs):
    # A deleted image is unset from the settings by an UPDATE that sends no signal:
    # checked before the deletion.
    if _used_by_site_settings(instance):
        bump_version()


def connect():
    """Connect the handlers that bump the content version (idempotent: ``dispatch_uid``).

    Wagtail's ``page_published``, ``page_unpublished`` (workflow approvals and scheduled
    publishing send them too), ``post_page_move``, ``page_slug_changed``; and Django's
    ``post_save``/``post_delete`` of any model :func:`_shown_on_pages` (a page's every
    save, drafts included: harmless, it only empties the cache); ``post_save`` and
    ``pre_delete`` of a Wagtail image that a site setting uses (the site's logo).
    """
    from django.db.models.signals import post_delete, post_save, pre_delete
    from wagtail.images import get_image_model
    from wagtail.signals import (
        page_published, page_slug_changed, page_unpublished, post_page_move,
    )

    for signal, name in ((page_published, "published"), (page_unpublished, "unpublished"),
                         (post_page_move, "moved"), (page_slug_changed, "slug")):
        signal.connect(_bump, dispatch_uid=f"portal-page-cache-{name}")
    post_save.connect(_bump_on_model_change, dispatch_uid="portal-page-cache-save")
    post_delete.connect(_bump_on_model_change, dispatch_uid="portal-page-cache-delete")
    image_model = get_image_model()
    post_save.connect(_bump_on_image_change, sender=image_model,
                      dispatch_uid="portal-page-cache-image-save")
    pre_delete.connect(_bump_on_image_change, sender=image_model,
                       dispatch_uid="portal-page-cache-image-delete")
