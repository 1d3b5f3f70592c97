"""Throttled password reset: Wagtail's "Forgot password?" view with two rate limits.

Without a limit, anyone could make the site send unlimited reset e-mails (to flood a
staff member's mailbox or harm the sender's reputation). Each request is counted per
client address (``PORTAL_PASSWORD_RESET_RATE``) and per e-mail address typed
(``PORTAL_PASSWORD_RESET_EMAIL_RATE``), in the cache under HMACs (never the address
itself, as for the public forms in ``portal.spam``). The refusal is the same whether or
not an account has that address, so it reveals nothing.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.account import PasswordResetView as WagtailPasswordResetView

from portal.spam import address_rate_limited, rate_limited

#: Salt of the HMAC of the e-mail address typed (changing it resets every counter).
EMAIL_KEY_SALT = "portal.accounts.password_reset.email"

RESET_LIMIT_MESSAGE = _(
    "Too many password reset requests in a short time. Please wait an hour and try "
    "again; no e-mail has been sent."
)


def reset_rate_limited(request, email):
    """Count one reset request of ``request``'s client for ``email`` and say whether it
    must be refused.

    Input: ``request`` (HttpRequest, POST), ``email`` (str as typed). Output: True when
    the client address is over ``PORTAL_PASSWORD_RESET_RATE`` or the e-mail address
    (case-insensitive) over ``PORTAL_PASSWORD_RESET_EMAIL_RATE`` (django-ratelimit syntax,
    e.g. "3/h"). Both counters are incremented on every request. Raises nothing.
    """
    by_client = rate_limited(request, "accounts.password_reset", settings.PORTAL_PASSWORD_RESET_RATE)
    by_email = address_rate_limited(
        request, "accounts.password_reset.email", email,
        settings.PORTAL_PASSWORD_RESET_EMAIL_RATE, salt=EMAIL_KEY_SALT,
    )
    return by_client or by_email


class PasswordResetView(WagtailPasswordResetView):
    """Wagtail's password reset view (same form, templates and e-mail) that refuses with
    :data:`RESET_LIMIT_MESSAGE`, sending nothing, once :func:`reset_rate_limited` says so.
    Served at Wagtail's own URL (``portal.urls`` routes it before the admin's)."""

    def form_valid(self, form):
        if reset_rate_limited(self.request, form.cleaned_data["email"]):
            form.add_error(None, RESET_LIMIT_MESSAGE)
            return self.form_invalid(form)
        return super().form_valid(form)
