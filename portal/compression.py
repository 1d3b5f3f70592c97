"""gzip for the public JSON answers (API v2, the map's feed, their errors); public HTML
pages are compressed by the page cache.

Compressing a page that holds a secret (a CSRF token, a signed-in user's data) next to
text an attacker can make the page echo lets the attacker guess the secret from the
compressed size (BREACH). The public JSON answers hold no secret, and they are where the
bytes are (the map's feed is 3.5 MB at 10,000 actions, 0.4 MB gzipped). So:

- :class:`PublicJSONGZipMiddleware` is Django's ``GZipMiddleware`` restricted to JSON
  content types (``application/json``, ``application/*+json``) outside the admin and on
  requests that used no CSRF token; HTML and everything else pass untouched;
- a view that keeps a body in a cache (the map's feed) compresses it once per cache fill
  with :func:`compress` and picks the stored variant with :func:`accepts_gzip`; it sets
  ``Content-Encoding`` itself, which the middleware leaves alone;
- the page cache (``portal.page_cache``) stores the HTML of public pages gzipped, once
  per store, and sends it so to clients that accept gzip: it stores only pages that
  hold no secret (anonymous, no CSRF token, no session). HTML that does not go through
  it (forms, signed-in users, private pages) is never compressed.
"""

from django.middleware.gzip import GZipMiddleware
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

#: The content coding this module produces (RFC 9110 §8.4.1.3).
GZIP = "gzip"


def accepts_gzip(request):
    """Whether the request's ``Accept-Encoding`` allows gzip (bool).

    RFC 9110 §12.5.3: ``gzip``, ``x-gzip`` or ``*`` with a quality above 0
    (``gzip;q=0`` refuses it). A missing header means "no preference"; we then answer
    without coding, as browsers always send the header.
    """
    header = request.META.get("HTTP_ACCEPT_ENCODING", "")
    star = None
    for item in header.lower().split(","):
        coding, *params = (part.strip() for part in item.split(";"))
        quality = 1.0
        for param in params:
            name, _sep, value = param.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if coding in (GZIP, "x-gzip"):
            return quality > 0
        if coding == "*":
            star = quality > 0
    return bool(star)


def compress(body):
    """gzip ``body`` (bytes) at level 6, deterministically (same bytes in, same bytes
    out: no time stamp, no random file name), so that a strong ETag names one byte
    sequence on every host. Output: bytes. Only for bodies holding no secret."""
    return compress_string(body)


def is_json(response):
    """Whether ``response``'s media type is JSON: ``application/json`` or a
    ``+json`` structured syntax (``application/geo+json``, RFC 6839)."""
    media_type = response.get("Content-Type", "").split(";", 1)[0].strip().lower()
    return media_type == "application/json" or (
        media_type.startswith("application/") and media_type.endswith("+json")
    )


def admin_prefix():
    """URL path prefix of Wagtail's admin (str, ``/admin/``), never compressed: its
    JSON answers (choosers, modals) carry forms and signed-in users' data."""
    return reverse("wagtailadmin_home")


class PublicJSONGZipMiddleware(GZipMiddleware):
    """Django's ``GZipMiddleware`` for public JSON answers only.

    Compresses (and adds ``Vary: Accept-Encoding``) when the response is JSON
    (:func:`is_json`), the path is not under the admin (:func:`admin_prefix`), the
    request used no CSRF token (``CSRF_COOKIE_NEEDS_UPDATE``: the token was put in the
    page, e.g. a JSON answer carrying a form) and the client accepts gzip
    (:func:`accepts_gzip`). Django's own rules then apply: bodies under 200 bytes and
    already coded answers are left as they are, a strong ETag becomes weak. Anything
    else is returned untouched. Place it after WhiteNoise (which serves its own
    precompressed static files) and before any middleware that reads the body.
    """

    def process_response(self, request, response):
        if not is_json(response) or response.has_header("Content-Encoding"):
            return response
        if request.path.startswith(admin_prefix()):
            return response
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return response
        if not accepts_gzip(request):
            if response.streaming or len(response.content) >= 200:
                patch_vary_headers(response, ("Accept-Encoding",))
            return response
        return super().process_response(request, response)
