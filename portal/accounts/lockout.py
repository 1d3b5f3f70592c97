"""How django-axes names the account of a sign-in attempt (``AXES_USERNAME_CALLABLE``)."""

from django.conf import settings
from django.shortcuts import render


def username(request, credentials):
    """The e-mail address of a sign-in attempt, stripped and lower-cased, as django-axes
    counts it.

    Input: ``request`` (HttpRequest) and ``credentials`` (dict given to ``authenticate``,
    or None). The address is read from ``credentials`` then from the POST data, under
    ``AXES_USERNAME_FORM_FIELD``. Output: str ("" when absent). Accounts store their
    address in lower case (``portal.models.UserManager``), so "Agent@…" and "agent@…"
    share one failure counter: changing the case does not buy more attempts.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    value = (credentials or {}).get(field)
    if value is None:
        value = getattr(request, "POST", {}).get(field, "")
    return str(value or "").strip().lower()


def lockout_response(request, original_response=None, credentials=None):
    """The French page "Trop de tentatives de connexion" (``AXES_LOCKOUT_CALLABLE``).

    Input: ``request`` (HttpRequest of the refused sign-in), the response the login view
    would have given and the credentials tried (both unused). Output: HttpResponse with
    status ``AXES_HTTP_RESPONSE_CODE`` (429 Too Many Requests, RFC 6585) saying how many
    failures lock the account from this connection and for how many minutes
    (``AXES_FAILURE_LIMIT``, ``AXES_COOLOFF_TIME``). It never says whether the account
    exists.
    """
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes}
    return render(request, "portal/accounts/lockout.html", context,
                  status=settings.AXES_HTTP_RESPONSE_CODE)
