"""Spam protection for public forms: a honeypot field and a per-client rate limit.

No third-party captcha and no IP address stored (DESIGN §4c): the rate limit counts posts
in the cache under a key derived from an HMAC of the client's address (salted with
``SECRET_KEY`` through Django's ``salted_hmac``), and django-ratelimit hashes that key
again and gives the counter an expiry equal to the rate's period. Nothing reaches the
database.

Usage in a view (any public form: the map's "Ajouter une action", the questionnaire)::

    form = MyForm(request.POST)              # MyForm has honeypot_field() as HONEYPOT_NAME
    if honeypot_filled(request.POST): ...    # refuse, store nothing
    if form.is_valid():
        if rate_limited(request, "initiatives.submit", "5/h"): ...  # refuse, store nothing

Templates render the field with ``{% include "portal/_honeypot.html" with field=... %}``.
"""

import logging

from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import _get_ip, is_ratelimited

logger = logging.getLogger(__name__)

#: Name of the honeypot input: a plausible name that form-filling robots fill in.
HONEYPOT_NAME = "site_web"

#: Salt of the HMAC of the client address (changing it resets every counter).
CLIENT_KEY_SALT = "portal.spam.client_key"

#: Message shown when the honeypot is filled (French through gettext).
HONEYPOT_MESSAGE = _(
    "Your message was refused because it looks like an automatic submission. If you are "
    "a person, leave the field “Do not fill in” empty and send the form again."
)
#: Message shown when the client has sent too many forms.
RATE_LIMIT_MESSAGE = _(
    "You have sent this form too many times in a short time. Please wait an hour and try "
    "again; nothing has been recorded."
)


def honeypot_field():
    """A form field that people never see and robots fill in.

    Output: an optional ``forms.CharField``; its widget is taken out of the tab order
    (``tabindex=-1``) and of autofill (``autocomplete=off``); the template hides its
    wrapper visually and from assistive technologies (``portal/_honeypot.html``).
    Check it with :func:`honeypot_filled` on the raw POST data.
    """
    return forms.CharField(
        label=_("Do not fill in"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


def honeypot_filled(data):
    """Whether the honeypot input of ``data`` (a QueryDict or dict of str) is not blank."""
    return bool((data.get(HONEYPOT_NAME) or "").strip())


def client_key(group, request):
    """django-ratelimit key: an HMAC of the client's address, never the address itself.

    Input: ``group`` (str, unused: django-ratelimit mixes it into its own cache key) and
    ``request`` (HttpRequest). The address is ``REMOTE_ADDR`` unless the setting
    ``RATELIMIT_IP_META_KEY`` names the header set by the reverse proxy; IPv6 addresses
    are grouped by /64 (django-ratelimit's ``RATELIMIT_IPV6_MASK``). Output: a 64-character
    hexadecimal str (HMAC-SHA256 keyed by ``SECRET_KEY`` and :data:`CLIENT_KEY_SALT`).
    """
    return salted_hmac(CLIENT_KEY_SALT, _get_ip(request), algorithm="sha256").hexdigest()


def rate_limited(request, group, rate, increment=True):
    """Count one post of ``request``'s client in ``group`` and say whether it is over ``rate``.

    Input: ``group`` (str naming the form, e.g. ``"initiatives.submit"``), ``rate``
    (django-ratelimit syntax: ``"5/h"`` = 5 posts an hour), ``increment`` (False only
    reads the counter). Output: True when the post must be refused. The counter lives in
    the cache named by ``RATELIMIT_USE_CACHE`` (default ``"default"``) under a hashed key,
    with an expiry of one period; when ``RATELIMIT_ENABLE`` is False nothing is limited.
    When the client's address cannot be read (an empty ``REMOTE_ADDR`` behind a proxy on
    a Unix socket, a wrong ``RATELIMIT_IP_META_KEY``) the post is let through and the
    error logged, rather than limiting every visitor together or answering 500.
    Source of the rule: DESIGN §4c (no IP address stored).
    """
    try:
        return is_ratelimited(
            request, group=group, key=client_key, rate=rate, method="POST",
            increment=increment,
        )
    except (ImproperlyConfigured, ValueError):
        logger.exception("rate limit of %s skipped: the client address cannot be read", group)
        return False

