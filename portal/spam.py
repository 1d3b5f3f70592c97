"""Spam protection for public forms: a honeypot field and a per-client rate limit.

No third-party captcha and no IP address stored: the rate limit counts posts in the
cache under a key derived from an HMAC of the client's address (salted with
``SECRET_KEY`` through Django's ``salted_hmac``), and django-ratelimit hashes that key
again and gives the counter an expiry equal to the rate's period. Nothing reaches the
database unless the cache itself is Django's database cache.

In production the counters must be shared by every worker process and server, and
counted per resident:

- the cache is Redis (``REDIS_URL``) or Django's database cache (the production
  settings' default), never per-process memory, which would multiply each limit by the
  number of workers (``check --deploy`` warns: ``portal.W002``);
- the client's address is read by :func:`portal.network.client_ip` (setting
  ``RATELIMIT_IP_META_KEY``), from ``X-Forwarded-For`` behind
  ``PORTAL_TRUSTED_PROXY_COUNT`` reverse proxies; with 0 behind a proxy every resident
  would share the proxy's counter (``check --deploy`` warns: ``portal.W003``).

Valid posts of the public forms go through :func:`portal.once.store_once`, which runs
these checks (:func:`refuse_honeypot`, then :func:`refuse_over_rate` once the token is
claimed); other posts (the submitter's edit form) call :func:`refuse_spam`, and an
invalid form is still checked with :func:`refuse_honeypot`. Templates
render the honeypot with ``{% include "portal/forms/honeypot.html" with field=... %}``.
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
    wrapper visually and from assistive technologies (``portal/forms/honeypot.html``).
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
    ``request`` (HttpRequest). The address is the one django-ratelimit reads through
    ``RATELIMIT_IP_META_KEY`` (:func:`portal.network.client_ip`: ``REMOTE_ADDR``, or the
    ``X-Forwarded-For`` entry of the outermost of ``PORTAL_TRUSTED_PROXY_COUNT`` trusted
    proxies); IPv6 addresses are grouped by /64 (django-ratelimit's
    ``RATELIMIT_IPV6_MASK``). Output: a 64-character
    hexadecimal str (HMAC-SHA256 keyed by ``SECRET_KEY`` and :data:`CLIENT_KEY_SALT`).
    """
    return salted_hmac(CLIENT_KEY_SALT, _get_ip(request), algorithm="sha256").hexdigest()


def rate_limited(request, group, rate, increment=True, key=None):
    """Count one post of ``request``'s client in ``group`` and say whether it is over ``rate``.

    Input: ``group`` (str naming the form, e.g. ``"initiatives.submit"``), ``rate``
    (django-ratelimit syntax: ``"5/h"`` = 5 posts an hour), ``increment`` (False only
    reads the counter), ``key`` (str or None): what is counted instead of the client's
    address, e.g. a shared computer's session (a CCAS desk where every resident shares
    one computer), already an HMAC or another value that is no personal data; None
    counts the client (:func:`client_key`). Output: True when the post must be refused. The counter lives in
    the cache named by ``RATELIMIT_USE_CACHE`` (default ``"default"``: shared by every
    process when it is Redis or the database cache) under a hashed key, with an expiry
    of one period; when ``RATELIMIT_ENABLE`` is False nothing is limited. When the
    client's address cannot be read (an empty ``REMOTE_ADDR`` behind a proxy on a Unix
    socket, a wrong ``RATELIMIT_IP_META_KEY``) the post is let through and the error
    logged, rather than limiting every visitor together or answering 500. Rule: no IP
    address is stored (RGPD art. 5.1.c, data minimisation).
    """
    try:
        return is_ratelimited(
            request, group=group,
            key=client_key if key is None else (lambda _group, _request: key),
            rate=rate, method="POST", increment=increment,
        )
    except (ImproperlyConfigured, ValueError):
        logger.exception("rate limit of %s skipped: the client address cannot be read", group)
        return False


#: Salt of the HMAC of an e-mail address typed in a form, for per-address counters.
ADDRESS_KEY_SALT = "portal.spam.address_key"


def address_rate_limited(request, group, address, rate, salt=ADDRESS_KEY_SALT):
    """Count one post for the e-mail ``address`` typed in ``group`` and say whether that
    address is over ``rate`` (whoever sends it).

    Input: ``group`` (str naming the form), ``address`` (str as typed: compared
    stripped and lower-cased), ``rate`` (django-ratelimit syntax), ``salt`` (str, the
    HMAC's salt). Output: True when the post must be refused. The counter's key is an
    HMAC of the address (never the address itself), hashed again by django-ratelimit;
    the limit applies the same to known and unknown addresses, so a refusal reveals
    nothing about them. Rule: data minimisation (RGPD art. 5.1.c).
    """
    key = salted_hmac(salt, (address or "").strip().lower(), algorithm="sha256").hexdigest()
    return is_ratelimited(
        request, group=group, key=lambda group, request: key, rate=rate, method="POST",
        increment=True,
    )



def refuse_honeypot(request, form):
    """Refuse ``request``'s post when its honeypot is filled, with a form-wide French
    error on ``form`` (:data:`HONEYPOT_MESSAGE`). Output: 400, else None (nothing
    added). Also for an invalid form, so that a robot's post never reads as a person's
    mistakes only."""
    if honeypot_filled(request.POST):
        form.add_error(None, HONEYPOT_MESSAGE)
        return 400
    return None


def refuse_over_rate(request, form, group, rate, key=None, message=None):
    """Count ``request``'s post in ``group`` and refuse it when the client (or ``key``,
    see :func:`rate_limited`) is over ``rate`` (django-ratelimit syntax), with a
    form-wide French error on ``form`` (``message``, default
    :data:`RATE_LIMIT_MESSAGE`). Output: 429, else None (nothing added)."""
    if rate_limited(request, group, rate, key=key):
        form.add_error(None, message or RATE_LIMIT_MESSAGE)
        return 429
    return None


def refuse_spam(request, form, group, rate):
    """Refuse ``request``'s post when it is spam, with a form-wide French error.

    Inputs: the request, the bound ``form``, ``group`` (str naming the form) and
    ``rate`` (django-ratelimit syntax). Output: 400 when the honeypot is filled
    (:func:`refuse_honeypot`), 429 when the client is over the rate (the post is
    counted: :func:`refuse_over_rate`), else None (nothing added).
    """
    return refuse_honeypot(request, form) or refuse_over_rate(request, form, group, rate)
