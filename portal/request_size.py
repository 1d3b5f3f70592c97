"""Request body limits per kind of route, answered with a French page (HTTP 413).

Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE`` does not count file parts, so without this a
50 MB file posted to a public form (which has no file field) was read and spooled to
disk before the form ignored it. :class:`RequestSizeLimitMiddleware` refuses a request
whose body is larger than the limit of its kind of route, before anything reads it:

- ``admin`` (paths under Wagtail's admin, ``/admin/``): pages, images and documents
  uploads, imports; setting ``PORTAL_MAX_ADMIN_REQUEST_SIZE``;
- ``api`` (``/api/``): read-only, a body is never expected; ``PORTAL_MAX_API_REQUEST_SIZE``;
- ``upload`` (public page URLs whose form takes a file, named by plugins through the
  ``UPLOAD_PAGE_PATHS`` hook: the map's "Ajouter une action" and its edit form, with an
  optional photo); ``PORTAL_MAX_PUBLIC_UPLOAD_REQUEST_SIZE``;
- ``public`` (everything else: pages and public forms without a file field);
  ``PORTAL_MAX_PUBLIC_REQUEST_SIZE``.

The ``Content-Length`` header is checked first (RFC 9110 §15.5.14, "413 Content Too
Large"). A body sent without it (``Transfer-Encoding: chunked``) reaches the application
de-chunked, with no ``CONTENT_LENGTH``: Django alone would read none of it. When the
WSGI server says where it ends (``wsgi.input_terminated``, set by gunicorn, uWSGI,
mod_wsgi and Werkzeug), :func:`buffer_body` reads it through :class:`CappedStream`, which
stops at the limit, and hands it to Django as a body of known length; without that flag
it is left unread, as Django does. The same pages answer Django's own refusals of too large or too many form
fields (:func:`portal.errors.bad_request`), so an editor whose page is too large to save
is told so in the admin, not by the public 400 page.
"""

import io
import tempfile
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from portal.hooks import UPLOAD_PAGE_PATHS

ADMIN, API, PUBLIC, UPLOAD = "admin", "api", "public", "upload"

#: Defaults of the limits (bytes) when the settings are absent.
DEFAULT_LIMITS = {PUBLIC: 1024 * 1024, ADMIN: 25 * 1024 * 1024, API: 0,
                  UPLOAD: 16 * 1024 * 1024}
SETTING_NAMES = {
    PUBLIC: "PORTAL_MAX_PUBLIC_REQUEST_SIZE",
    ADMIN: "PORTAL_MAX_ADMIN_REQUEST_SIZE",
    API: "PORTAL_MAX_API_REQUEST_SIZE",
    UPLOAD: "PORTAL_MAX_PUBLIC_UPLOAD_REQUEST_SIZE",
}


class RequestBodyTooLarge(RequestDataTooBig):
    """A request body read past the limit of its kind of route (a SuspiciousOperation,
    so Django answers it through ``handler400``: :func:`portal.errors.bad_request`).

    ``limit``: the limit in bytes (int); ``size``: the announced size in bytes, or None
    when unknown (chunked body).
    """

    def __init__(self, limit, size=None):
        super().__init__(f"Request body larger than {limit} bytes.")
        self.limit = limit
        self.size = size


def admin_prefix():
    """Path prefix of Wagtail's admin (str, e.g. ``"/admin/"``)."""
    try:
        return reverse("wagtailadmin_home")
    except NoReverseMatch:  # pragma: no cover - the admin is always mounted
        return "/admin/"


@lru_cache(maxsize=1)
def upload_page_paths():
    """Endings (tuple of str) of public page URLs whose form takes a file, from the
    ``UPLOAD_PAGE_PATHS`` hook (e.g. ``"/ajouter/"``); read once per process."""
    return tuple(ending for contribute in hooks.get_hooks(UPLOAD_PAGE_PATHS)
                 for ending in contribute())


def route_kind(path):
    """Kind of route of a request path (str): ``"admin"``, ``"api"``, ``"upload"`` (a
    public form with a file field, :func:`upload_page_paths`) or ``"public"``."""
    if path.startswith(admin_prefix()):
        return ADMIN
    if path.startswith("/api/"):
        return API
    if path.endswith(upload_page_paths()):
        return UPLOAD
    return PUBLIC


def body_limit(kind):
    """Largest body (bytes, int) accepted for the kind of route ``kind``."""
    return int(getattr(settings, SETTING_NAMES[kind], DEFAULT_LIMITS[kind]))


class CappedStream(io.IOBase):
    """A read-only binary stream over ``stream`` that raises :class:`RequestBodyTooLarge`
    once more than ``limit`` bytes (int) have been read from it.

    A complete file-like object for what Django and WSGI servers call on a request
    stream: ``read(size=-1)`` and ``readline(size=-1)`` (bytes, delegated to ``stream``,
    never asking it for more than ``limit + 1`` bytes in all), ``readlines()``, iteration
    by line, ``readable()`` (True), ``seekable()`` (False), ``close()``/``closed`` and use
    as a context manager (from :class:`io.IOBase`). ``close()`` closes this wrapper only,
    as Django's own ``LimitedStream`` does: ``stream`` (the server's ``wsgi.input``)
    belongs to the server, which may offer no ``close`` at all (PEP 3333 asks only for
    ``read``, ``readline``, ``readlines`` and iteration). Reading a closed wrapper raises
    ``ValueError``, as any closed file does.
    """

    def __init__(self, stream, limit):
        super().__init__()
        self.stream = stream
        self.limit = limit
        self.consumed = 0

    def readable(self):
        return True

    def _allowed(self, size):
        self._checkClosed()
        left = self.limit + 1 - self.consumed
        return left if size is None or size < 0 else min(size, left)

    def _count(self, data):
        self.consumed += len(data)
        if self.consumed > self.limit:
            raise RequestBodyTooLarge(self.limit)
        return data

    def read(self, size=-1):
        allowed = self._allowed(size)
        return self._count(self.stream.read(allowed)) if allowed else b""

    def readline(self, size=-1):
        allowed = self._allowed(size)
        return self._count(self.stream.readline(allowed)) if allowed else b""


#: Bodies of unknown length are kept in memory up to this size (bytes), then on disk.
SPOOL_SIZE = 1024 * 1024
#: Size of the reads of a body of unknown length (bytes).
CHUNK_SIZE = 64 * 1024


def buffer_body(request, limit):
    """Read the body of ``request`` sent without ``Content-Length`` and hand it to Django
    as a body of known length.

    Input: a request whose WSGI server terminates ``wsgi.input`` at the end of the body
    (``wsgi.input_terminated``), ``limit`` in bytes (int). The body is read through
    :class:`CappedStream` into a temporary file (in memory up to :data:`SPOOL_SIZE`);
    then ``request.META["CONTENT_LENGTH"]`` holds its size and the request reads it from
    that file, so form parsing (multipart included) and Django's own size checks work as
    for any body. Raises :class:`RequestBodyTooLarge` (nothing kept) past ``limit``.
    """
    source = CappedStream(request.META["wsgi.input"], limit)
    buffer = tempfile.SpooledTemporaryFile(max_size=SPOOL_SIZE)
    try:
        while chunk := source.read(CHUNK_SIZE):
            buffer.write(chunk)
    except BaseException:
        buffer.close()
        raise
    finally:
        source.close()
    size = buffer.tell()
    buffer.seek(0)
    request.META["CONTENT_LENGTH"] = str(size)
    request._stream = buffer


class RequestSizeLimitMiddleware:
    """Refuse request bodies larger than their kind of route allows (see the module).

    Must come before anything that reads the body (``CsrfViewMiddleware`` reads it in
    ``process_view``, after every middleware's request phase). Output for a refused
    request: :func:`refused_response` (413), the view never runs, nothing is stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        kind = route_kind(request.path_info)
        limit = body_limit(kind)
        raw_length = request.META.get("CONTENT_LENGTH")
        try:
            length = int(raw_length) if raw_length not in (None, "") else None
        except ValueError:
            length = None
        if length is not None and length > limit:
            return refused_response(request, RequestBodyTooLarge(limit, length))
        if raw_length in (None, "") and request.META.get("wsgi.input_terminated"):
            try:
                buffer_body(request, limit)
            except RequestBodyTooLarge as exception:
                return refused_response(request, exception)
        return self.get_response(request)


def refused_response(request, exception):
    """The French page refusing a too large request (HttpResponse).

    Input: the request and the exception saying why: :class:`RequestBodyTooLarge`,
    Django's ``RequestDataTooBig`` (over ``DATA_UPLOAD_MAX_MEMORY_SIZE``),
    ``TooManyFieldsSent`` (over ``DATA_UPLOAD_MAX_NUMBER_FIELDS``) or
    ``TooManyFilesSent``. Output by kind of route: admin, an admin-styled page saying
    the changes were not saved and how to get them back (the browser's Back button);
    API, JSON ``{"message": ...}``; public, ``413.html`` in the site's look (for a form
    that takes a file, advice on the file rather than the text). Status 413,
    or 400 for too many fields or files.
    """
    kind = route_kind(request.path_info)
    too_many = isinstance(exception, (TooManyFieldsSent, TooManyFilesSent))
    status = 400 if too_many else 413
    limit = getattr(exception, "limit", None)
    if limit is None and not too_many:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    context = {
        "with_file": kind == UPLOAD,
        "too_many_fields": too_many,
        "field_limit": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
        "limit": filesizeformat(limit) if limit is not None else "",
        "size": filesizeformat(exception.size) if getattr(exception, "size", None) else "",
    }
    if kind == API:
        return JsonResponse(
            {"message": _("The API is read-only: send requests without a body.")},
            status=status,
        )
    if kind == ADMIN:
        context["admin_home_url"] = admin_prefix()
        return render(request, "portal/admin/request_refused.html", context, status=status)
    return render(request, "413.html", context, status=status)
