"""The form that checks a one-time code of an authenticator app (TOTP, RFC 6238)."""

import math

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class TokenForm(forms.Form):
    """A 6-digit code checked against one or more TOTP devices (django-otp).

    Input: ``devices`` (list of ``django_otp`` devices: the user's confirmed ones to sign
    in or remove, the new unconfirmed one to enrol) and the usual form arguments. After
    ``is_valid()``, ``form.device`` is the device that accepted the code. Each wrong code
    makes that device wait longer before the next try (django-otp's throttling: 1, 2, 4,
    8… seconds); while it waits, every code is refused with the delay left. Spaces in the
    code are ignored.
    """

    otp_token = forms.CharField(
        label=_("6-digit code"),
        help_text=_("The code shown by your authenticator app, e.g. 123456."),
        max_length=12,
        widget=forms.TextInput(attrs={
            "autocomplete": "one-time-code",
            "inputmode": "numeric",
            "spellcheck": "false",
        }),
        error_messages={"required": _("Type the 6-digit code shown by your app.")},
    )

    def __init__(self, *args, devices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.devices = list(devices)
        self.device = None

    def clean_otp_token(self):
        token = "".join(self.cleaned_data["otp_token"].split())
        if not token.isdigit() or len(token) != 6:
            raise forms.ValidationError(_("The code is made of 6 digits."), code="format")
        waits = []
        for device in self.devices:
            allowed, data = device.verify_is_allowed()
            if not allowed:
                waits.append(data or {})
                continue
            if device.verify_token(token):
                self.device = device
                return token
        if waits and len(waits) == len(self.devices):
            seconds = min(self._seconds_left(wait) for wait in waits)
            raise forms.ValidationError(
                ngettext(
                    "Too many wrong codes. Wait %(seconds)d second and try again.",
                    "Too many wrong codes. Wait %(seconds)d seconds and try again.",
                    seconds,
                ) % {"seconds": seconds},
                code="throttled",
            )
        raise forms.ValidationError(
            _("This code is not valid. Type the code your app shows now (it changes every "
              "30 seconds)."),
            code="invalid",
        )

    @staticmethod
    def _seconds_left(data):
        """Seconds (int >= 1) before a throttled device accepts a code again."""
        until = data.get("locked_until")
        if until is None:
            return 1
        return max(1, math.ceil((until - timezone.now()).total_seconds()))
