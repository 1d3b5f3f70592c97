"""Sign-in middlewares: the two-step verification gate (a signed-in user with a confirmed
TOTP device reaches nothing until they have typed a valid code; with
``PORTAL_REQUIRE_2FA_FOR_SUPERUSERS``, an administrator without a device reaches nothing
until they have enrolled one) and the idle timeout of sessions."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import LazyObject, SimpleLazyObject, empty
from django_otp import user_has_device

#: URL names an unverified user may still reach: the verification page itself, signing
#: out or in again, and what the admin's bare pages load (icons, JS translations).
OPEN_URL_NAMES = (
    "portal_accounts_verify",
    "wagtailadmin_logout",
    "wagtailadmin_login",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
)
#: The enrolment page, also open to an administrator who must enrol.
ENROL_URL_NAME = "portal_accounts_two_factor"


def must_enrol(user):
    """Whether ``user`` (signed in) has to enrol a device before using the admin: an
    administrator (superuser) when the setting ``PORTAL_REQUIRE_2FA_FOR_SUPERUSERS`` is
    true and they have no confirmed device. Output: bool."""
    return bool(
        getattr(settings, "PORTAL_REQUIRE_2FA_FOR_SUPERUSERS", False)
        and user.is_superuser
        and not user_has_device(user, confirmed=True)
    )


def _evaluated(obj):
    """``obj`` with every lazy wrapper evaluated and removed (the real user object)."""
    while isinstance(obj, LazyObject):
        if obj._wrapped is empty:
            obj._setup()
        obj = obj._wrapped
    return obj


def _one_lazy_level(user):
    """``user`` (request.user) as a single lazy object around the real user.

    django-otp's middleware wraps Django's lazy ``request.user`` in a second one; code
    that unwraps one level to find the user's model (Wagtail's audit log:
    ``log(instance=request.user)``) then saw a lazy object and logged nothing.
    Evaluation stays lazy: nothing is read until the user is used.
    """
    if not isinstance(user, LazyObject):
        return user
    return SimpleLazyObject(lambda: _evaluated(user))


class TwoFactorMiddleware:
    """Sends a user who signed in with their password but has not yet typed the code of
    their confirmed device to "Vérification en deux étapes" (and an administrator who
    must enrol, see :func:`must_enrol`, to the enrolment page).

    Placed after ``django_otp.middleware.OTPMiddleware`` (which gives ``request.user``
    its ``is_verified()``). For such a user: any admin URL (under ``/admin/``, committee
    views and exports included) answers a redirect (302) to that page (with ``?next=``
    the requested path for the verification); any other URL (pages with restricted
    access, documents, API) sees an anonymous visitor. The URLs of
    :data:`OPEN_URL_NAMES` pass. Users without a confirmed device, and anonymous
    visitors, are untouched (anonymous requests cost no query). ``request.user`` is left
    one lazy object deep, as Django makes it (see :func:`_one_lazy_level`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user = _one_lazy_level(request.user)
        # Reading the session adds "Vary: Cookie": only when the visitor sent one.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and SESSION_KEY in request.session:
            user = request.user
            if user.is_authenticated and not user.is_verified():
                response = self._gate(request, user)
                if response is not None:
                    return response
        return self.get_response(request)

    def _gate(self, request, user):
        """The redirect (HttpResponse) for ``request`` of unverified ``user``, or None to
        let it through (as the anonymous user outside the admin when gated)."""
        if user_has_device(user, confirmed=True):
            target, open_names = "portal_accounts_verify", OPEN_URL_NAMES
        elif must_enrol(user):
            target, open_names = ENROL_URL_NAME, OPEN_URL_NAMES + (ENROL_URL_NAME,)
        else:
            return None
        path = request.path
        if path in {reverse(name) for name in open_names}:
            return None
        if path.startswith(reverse("wagtailadmin_home")):
            if target == ENROL_URL_NAME:
                return redirect(target)
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse(target)}?{query}")
        request.user = AnonymousUser()
        return None


#: Session key of the time (int, seconds since the epoch) its expiry was last pushed.
REFRESHED_KEY = "_portal_refreshed"
#: Seconds between two pushes of a session's expiry.
REFRESH_SECONDS = 60


class IdleTimeoutMiddleware:
    """Signs out sessions left idle: each request of a signed-in user pushes the session's
    expiry ``SESSION_COOKIE_AGE`` (= ``PORTAL_SESSION_IDLE_SECONDS``) ahead, at most once
    every :data:`REFRESH_SECONDS`, by marking the session modified so that Django's
    ``SessionMiddleware`` saves it with a new expiry (database row and cookie).

    Django's ``SESSION_SAVE_EVERY_REQUEST`` would write the session row on every request;
    the admin's parallel requests (icons, translations) then raced on that row and one of
    them failed on SQLite. A session therefore ends between ``idle - 60`` and ``idle``
    seconds after its last use. Anonymous visitors are untouched.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES and SESSION_KEY in request.session:
            now = int(time.time())
            if now - int(request.session.get(REFRESHED_KEY, 0)) >= REFRESH_SECONDS:
                request.session[REFRESHED_KEY] = now
        return self.get_response(request)
