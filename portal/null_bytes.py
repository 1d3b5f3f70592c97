"""Requests carrying a NUL character are refused (HTTP 400, French) before any view runs.

U+0000 has no use in a path, a query parameter or a form field: nobody can type it, a
pasted text cannot hold it (the clipboard's text ends at its first NUL), and HTML forbids
it (browsers show U+FFFD instead). Let through, it is an error wherever it meets the
database (PostgreSQL text refuses it: "A string literal cannot contain NUL (0x00)
characters", so a 500 in every lookup or insert of such a value) and makes invalid HTML
wherever a page echoes what was sent (a field's value, "X is not one of the available
choices"). :class:`NullByteMiddleware` refuses, in one place for every route:

- a NUL in the path (``/%00/``);
- a NUL in the name or a value of any query parameter (``?q=%00``, raw or
  percent-encoded);
- a NUL in the name or value of any field of a POST body, url-encoded or multipart (file
  contents are data, not text, and are not looked at).

Other control characters are the forms' business: text fields remove them
(:mod:`portal.forms`), the API refuses them with its own messages (:mod:`portal.api`).
"""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from portal.request_size import API, route_kind

NUL = "\x00"


def has_nul(query):
    """Whether a QueryDict ``query`` holds a NUL in a name or a value (bool)."""
    return any(NUL in name or any(NUL in value for value in values)
               for name, values in query.lists())


def carries_nul(request):
    """Whether ``request`` has a NUL in its path, query string or POST fields (bool).

    Reading ``request.POST`` parses the body as Django would anyway (``CsrfViewMiddleware``
    reads it for every POST); Django's own refusals of a malformed or too large body
    (``SuspiciousOperation``, ``MultiPartParserError``) propagate to its 400 handling.
    """
    if NUL in request.path_info or has_nul(request.GET):
        return True
    return request.method == "POST" and has_nul(request.POST)


def refused_response(request):
    """The refusal of a request carrying a NUL: status 400; JSON ``{"message": str}`` on
    the API, else the site's 400 page with the reason (French when active)."""
    message = _("The request contains a null character (U+0000), which is never "
                "accepted. Nothing was saved.")
    if route_kind(request.path_info) == API:
        return JsonResponse({"message": message}, status=400,
                            json_dumps_params={"ensure_ascii": False})
    return render(request, "400.html", {"message": message}, status=400)


class NullByteMiddleware:
    """Answer :func:`refused_response` (400) to any request for which
    :func:`carries_nul` is true; the view never runs, nothing is stored. Placed after
    :class:`portal.request_size.RequestSizeLimitMiddleware`, so that a body too large is
    refused before it is read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if carries_nul(request):
            return refused_response(request)
        return self.get_response(request)
