"""Recognise a questionnaire sent again with a fresh form: back button, then "Envoyer".

The one-time token (``form_token``) makes each rendered form storable once, but a browser
that goes back to the questionnaire fetches it again (new token) and restores the ticked
answers, so sending it would store the same answers twice (case C7). After a stored
submission we therefore leave, in the resident's own browser only, a signed cookie holding
a hash of the answers; the same answers sent again from that browser within
``PORTAL_REPLAY_WINDOW_SECONDS`` are not stored a second time.

:func:`store_once` is the one path by which the questionnaire and the proposal box store
a valid form: spam checks (portal.spam), then "already stored?" (token or resend), then
the store and the cookie.

RGPD / ePrivacy: the cookie holds no answer, only a SHA-256 digest, stays on the device,
and is strictly necessary to the service the resident asked for (CNIL, "cookies
exemptés de consentement"); nothing is stored on the server.
"""

import hashlib
import json

from django.conf import settings
from django.core.signing import BadSignature
from django.http import HttpResponseRedirect

from portal.spam import HONEYPOT_MESSAGE, RATE_LIMIT_MESSAGE, honeypot_filled, rate_limited

#: Salt of the signed cookie (django.core.signing).
SALT = "consultation.replay"


def cookie_name(page):
    """Name (str) of the cookie of a ConsultationPage (one per questionnaire)."""
    return f"ns_reponse_{page.pk}"


def fingerprint(page, answers):
    """SHA-256 hex digest (str, 64 chars) of a page's answers.

    Input: the page and a form's ``cleaned_data`` (dict; the one-time ``form_token`` is
    left out; lists, dates and decimals are serialised with ``str``).
    """
    data = {key: value for key, value in answers.items() if key != "form_token"}
    payload = json.dumps([page.pk, data], sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def window_seconds():
    """How long (int, seconds) identical answers from one browser count as a replay."""
    return int(getattr(settings, "PORTAL_REPLAY_WINDOW_SECONDS", 3600))


def already_sent(request, page, digest):
    """True when this browser sent answers with this digest within the window.

    A missing, expired or tampered cookie gives False (never an error).
    """
    try:
        stored = request.get_signed_cookie(
            cookie_name(page), salt=SALT, max_age=window_seconds()
        )
    except (KeyError, BadSignature):
        return False
    return stored == digest


def remember(response, page, digest):
    """Set the signed cookie of ``digest`` on ``response`` (HttpOnly, SameSite=Lax)."""
    response.set_signed_cookie(
        cookie_name(page), digest, salt=SALT, max_age=window_seconds(),
        path="/", httponly=True, samesite="Lax",
        secure=getattr(settings, "SESSION_COOKIE_SECURE", False),
    )


def store_once(request, page, form, digest, token_used, store, rate_group, rate):
    """Store a valid public form once, behind the spam checks (DESIGN §4c, §5 flow 2).

    Inputs: the request, the page (with ``thanks_url(request)``), the valid form, the
    ``digest`` of its answers (:func:`fingerprint`), ``token_used`` (callable -> bool:
    a stored row already holds the form's one-time token), ``store`` (callable storing
    the form), ``rate_group`` and ``rate`` (django-ratelimit syntax, e.g. "20/h").
    Output: ``(response, status)``: a redirect to the thank-you page when the form is
    stored now or was already (double click, replay, back and resend: case C7), else
    ``(None, 400)`` for a filled honeypot or ``(None, 429)`` over the rate, with the
    French message added to the form; nothing is stored then.
    """
    if honeypot_filled(request.POST):
        form.add_error(None, HONEYPOT_MESSAGE)
        return None, 400
    thanks = HttpResponseRedirect(page.thanks_url(request))
    if already_sent(request, page, digest) or token_used():
        return thanks, 302
    if rate_limited(request, rate_group, rate):
        form.add_error(None, RATE_LIMIT_MESSAGE)
        return None, 429
    store()
    remember(thanks, page, digest)
    return thanks, 302
