"""Admin views of the two-step verification: the code asked after sign-in, enrolling an
authenticator app (TOTP, RFC 6238) and removing it."""

import base64

import segno
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .audit import log_two_factor_change
from .forms import TokenForm
from .middleware import must_enrol


def _safe_next(request, default):
    """The ``next`` parameter of ``request`` when it is a URL of this site, else
    ``default`` (str)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class VerifyView(FormView):
    """"Vérification en deux étapes": after the password, the code of the user's
    authenticator app. GET shows the form; a valid POST marks the session verified
    (``django_otp.login``) and redirects (302) to ``next`` or the admin home; a wrong
    code answers the form again (200) with the error tied to the field. A user already
    verified, or without a device, is sent on at once."""

    template_name = "portal/accounts/verify.html"
    form_class = TokenForm

    def dispatch(self, request, *args, **kwargs):
        self.devices = list(devices_for_user(request.user, confirmed=True))
        if not self.devices or request.user.is_verified():
            return redirect(_safe_next(request, reverse("wagtailadmin_home")))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "devices": self.devices}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        # The page's only task: focus the code field (not on the enrolment page, where the
        # instructions come first).
        form.fields["otp_token"].widget.attrs["autofocus"] = ""
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next"] = _safe_next(self.request, "")
        return context

    def form_valid(self, form):
        otp_login(self.request, form.device)
        return redirect(_safe_next(self.request, reverse("wagtailadmin_home")))


def _secret(device):
    """The device's key as people type it in an app: base32, in groups of 4 (str)."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i:i + 4] for i in range(0, len(key), 4))


def _qr_svg(device):
    """An inline SVG (str) of the QR code of the device's ``otpauth://`` URL, drawn here
    (segno), so the secret never reaches another service."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=4, title=_("QR code to scan with your authenticator app"),
    )


class TwoFactorView(WagtailAdminTemplateMixin, FormView):
    """The user's "Vérification en deux étapes" settings (linked from their account page).

    Without a confirmed device: shows a new TOTP secret as a QR code and as text, and a
    code field; a valid code confirms the device and marks this session verified (302
    to the account page). With one: says so and offers to remove it, which needs a valid
    code (posted to :class:`RemoveTwoFactorView`). A wrong code answers 200 with the
    error, changing nothing.
    """

    template_name = "portal/accounts/two_factor.html"
    page_title = gettext_lazy("Two-step verification")
    header_icon = "key"
    form_class = TokenForm

    def dispatch(self, request, *args, **kwargs):
        self.confirmed = list(devices_for_user(request.user, confirmed=True))
        self.device = None
        if not self.confirmed:
            self.device = (
                TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
                or TOTPDevice.objects.create(
                    user=request.user, name=_("Authenticator app"), confirmed=False
                )
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        devices = self.confirmed or [self.device]
        return {**super().get_form_kwargs(), "devices": devices}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["confirmed"] = bool(self.confirmed)
        context["remove_url"] = reverse("portal_accounts_two_factor_remove")
        if self.device:
            context["required"] = must_enrol(self.request.user)
            context["qr_svg"] = _qr_svg(self.device)
            context["secret"] = _secret(self.device)
        return context

    def post(self, request, *args, **kwargs):
        if self.confirmed:
            return redirect("portal_accounts_two_factor")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        device = form.device
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(self.request, device)
        log_two_factor_change(self.request.user, True, acting_user=self.request.user)
        messages.success(self.request, _(
            "Two-step verification is on: each sign-in will ask for a code of your app."))
        return redirect("wagtailadmin_account")


class RemoveTwoFactorView(TwoFactorView):
    """POST only: removes the user's devices once a code of a confirmed one is typed
    (302 to the account page); a wrong code shows the settings page again (200)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not self.confirmed:
            return redirect("portal_accounts_two_factor")
        return FormView.post(self, request, *args, **kwargs)

    def form_valid(self, form):
        TOTPDevice.objects.filter(user=self.request.user).delete()
        log_two_factor_change(self.request.user, False, acting_user=self.request.user)
        messages.success(self.request, _(
            "Two-step verification is off: signing in now asks for your password only."))
        return redirect("wagtailadmin_account")
