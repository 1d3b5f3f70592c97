"""URLs of tests/portal/test_json_compression.py: the site's, plus JSON views that the
compression must leave alone (one holding a CSRF token, one under the admin, a tiny one)
and one it must compress."""

from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.urls import path

from portal.urls import urlpatterns as site_urlpatterns


def json_with_token(request):
    """A large JSON answer carrying a CSRF token (as a form sent in JSON would)."""
    return JsonResponse({"csrf": get_token(request), "filler": "x" * 5000})


def large_json(request):
    """A large JSON answer without any secret."""
    return JsonResponse({"echo": request.GET.get("q", ""), "filler": "x" * 5000})


def tiny_json(request):
    """A JSON answer under 200 bytes."""
    return JsonResponse({"ok": True})


urlpatterns = [
    path("essai/json-jeton/", json_with_token),
    path("essai/json/", large_json),
    path("essai/json-court/", tiny_json),
    path("admin/essai/json/", large_json),
    *site_urlpatterns,
]
