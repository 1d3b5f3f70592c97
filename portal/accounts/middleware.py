"""Two-step verification gate: a signed-in user with a confirmed TOTP device reaches
nothing until they have typed a valid code."""

from urllib.parse import urlencode

from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse
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


class TwoFactorMiddleware:
    """Sends a user who signed in with their password but has not yet typed the code of
    their confirmed device to "Vérification en deux étapes".

    Placed after ``django_otp.middleware.OTPMiddleware`` (which gives ``request.user``
    its ``is_verified()``). For such a user: any admin URL (under ``/admin/``, committee
    views and exports included) answers a redirect (302) to the verification page with
    ``?next=`` the requested path; any other URL (pages with restricted access, documents,
    API) sees an anonymous visitor. The URLs of :data:`OPEN_URL_NAMES` pass. Users without
    a confirmed device, and anonymous visitors, are untouched (anonymous requests cost no
    query).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if SESSION_KEY in request.session and self._unverified(request.user):
            admin_root = reverse("wagtailadmin_home")
            path = request.path
            if path not in {reverse(name) for name in OPEN_URL_NAMES}:
                if path.startswith(admin_root):
                    query = urlencode({"next": request.get_full_path()})
                    return redirect(f"{reverse('portal_accounts_verify')}?{query}")
                request.user = AnonymousUser()
        return self.get_response(request)

    @staticmethod
    def _unverified(user):
        """Whether ``user`` is signed in, not verified, and has a confirmed device."""
        return (
            user.is_authenticated
            and not user.is_verified()
            and user_has_device(user, confirmed=True)
        )
