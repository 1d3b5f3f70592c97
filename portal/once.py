"""Store a public form once: the one path by which every public form stores a valid post.

Used by the map's "Ajouter une action", the questionnaire, the proposal box and the contact
forms of an action (whose "store" is an e-mail sent on commit: :func:`release` frees the
token when it could not leave). Three
things make a rendered form stored at most once, whatever the number of worker processes
or servers:

- **the one-time token in the database.** Each rendered form carries a hidden token
  (:func:`new_token`). Storing the form first inserts the token into
  :class:`portal.models.FormToken` (unique per form), in the same transaction as the
  store. A second post of the same form finds the row, or, when both arrive at once,
  waits on the unique index until the first transaction commits and then fails to
  insert: either way it stores nothing and answers the same redirect to the thank-you
  page (double click, refresh, replay, several workers). Never a 500.
- **the back-and-resend cookie.** A browser that goes back to the form fetches it again
  (new token) and restores the answers, so sending it would store the same answers twice.
  After a stored post we leave, in the resident's own browser only, a signed cookie
  holding a hash of the answers; the same answers sent again from that browser within
  ``PORTAL_REPLAY_WINDOW_SECONDS`` are not stored a second time.
- **the spam checks** of :mod:`portal.spam`: the honeypot before anything, the rate limit
  inside the transaction, after the token is claimed, so that the copies of one form
  never count against the resident's limit.

RGPD / ePrivacy: the cookie holds no answer, only a SHA-256 digest, stays on the device,
and is strictly necessary to the service the resident asked for (CNIL, "cookies
exemptés de consentement"). The token table holds no personal data and its rows are
deleted after ``PORTAL_FORM_TOKEN_DAYS`` days (``manage.py purge_form_tokens``).
"""

import datetime
import hashlib
import json
import logging
import uuid

from django import forms
from django.conf import settings
from django.core.files import File
from django.core.signing import BadSignature
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext_lazy

from .spam import refuse_honeypot, refuse_over_rate

logger = logging.getLogger(__name__)

#: Form-wide error when the hidden one-time token is missing or malformed.
EXPIRED_FORM = gettext_lazy("This form has expired: please send it again.")
#: Form-wide error when the e-mail a form sends could not leave (nothing was kept).
MAIL_FAILED = gettext_lazy(
    "Your message could not be sent: our mail server did not accept it. Nothing has "
    "been kept. Please try again in a few minutes."
)

#: Salt of the signed cookie (django.core.signing). Unchanged since the cookie was the
#: questionnaire's own, so that cookies already set keep working.
SALT = "consultation.replay"
#: Default number of days a used token is kept (setting ``PORTAL_FORM_TOKEN_DAYS``).
DEFAULT_TOKEN_DAYS = 30


class AlreadyStored(Exception):
    """The form's token is already used: the form was stored (or is being stored)."""


class _RateLimited(Exception):
    """The client is over its rate: the transaction is rolled back (token released)."""


def new_token():
    """A fresh one-time token for a rendered form: a random UUID4 as str (36 chars)."""
    return str(uuid.uuid4())


class TokenForm(forms.Form):
    """The hidden one-time token of a rendered form, read from a POST apart from the
    form's answers: ``TokenForm(request.POST).is_valid()`` is False when the token is
    missing or not a UUID (a form rendered before tokens existed, or tampered with);
    ``cleaned_data["form_token"]`` is then a ``uuid.UUID``. Templates render it as
    ``<input type="hidden" name="form_token" value="{{ form_token }}">``."""

    form_token = forms.UUIDField(widget=forms.HiddenInput)


def cookie_name(page):
    """Name (str) of the back-and-resend cookie of a form page (one per page).

    Input: any object with a ``pk`` (the Wagtail page carrying the form)."""
    return f"ns_reponse_{page.pk}"


def _serialise(value):
    """How :func:`fingerprint` writes a value JSON cannot: a file (Django ``File``:
    an uploaded or cleaned photo) as the SHA-256 of its bytes, never its name (which may
    be random); anything else with ``str``."""
    if isinstance(value, File):
        digest = hashlib.sha256()
        value.seek(0)
        for chunk in value.chunks():
            digest.update(chunk)
        value.seek(0)
        return "sha256:" + digest.hexdigest()
    return str(value)


def fingerprint(page, answers):
    """SHA-256 hex digest (str, 64 chars) of a page's answers.

    Input: the page (with ``pk``) and a form's ``cleaned_data`` (dict; the one-time
    ``form_token`` is left out; lists, dates, decimals and model instances are serialised
    with ``str``; files by the SHA-256 of their bytes, so the same photo sent twice gives
    the same digest and another photo a different one).
    """
    data = {key: value for key, value in answers.items() if key != "form_token"}
    payload = json.dumps([page.pk, data], sort_keys=True, default=_serialise,
                         ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def window_seconds():
    """How long (int, seconds) identical answers from one browser count as a replay."""
    return int(getattr(settings, "PORTAL_REPLAY_WINDOW_SECONDS", 3600))


def already_sent(request, page, digest):
    """True when this browser sent answers with this digest to ``page`` within the window.

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


def claim(scope, token, savepoint=True):
    """Record the token (str) of form ``scope`` (str) as used; call it inside the
    transaction that stores the form, so that a rollback releases it.

    Raises :class:`AlreadyStored` when the token is already recorded. On PostgreSQL a
    concurrent transaction inserting the same token waits until this one ends, then
    raises (committed) or succeeds (rolled back): the unique index decides.
    ``savepoint=False`` when the claim is the first statement of a transaction that
    ends on :class:`AlreadyStored` anyway (two round trips fewer): the transaction is
    then unusable after the error and must be left.
    """
    from .models import FormToken

    try:
        with transaction.atomic(savepoint=savepoint):
            FormToken.objects.create(scope=scope, token=str(token))
    except IntegrityError:
        raise AlreadyStored(scope) from None


def store_once(request, page, form, *, scope, token, digest, store, thanks_url, rate,
               rate_key=None, replay_cookie=True, rate_message=None):
    """Store a valid public form once, behind the spam checks.

    Inputs: the request; ``page`` (the Wagtail page carrying the form: names the
    back-and-resend cookie); the valid ``form``; ``scope`` (str naming the form, e.g.
    ``"initiatives.submit"``: the token's namespace and the rate-limit group); ``token``
    (str, the rendered form's one-time token); ``digest`` (:func:`fingerprint` of its
    answers); ``store`` (callable without arguments storing the form; it runs inside the
    transaction that claims the token, so an error in it releases the token and
    propagates); ``thanks_url`` (str); ``rate`` (django-ratelimit syntax, e.g. "20/h");
    ``rate_key`` (str or None): what the rate counts instead of the client's address
    (:func:`portal.spam.rate_limited`); ``replay_cookie`` (bool): False on a computer
    shared by several people one after the other, where the next person may give the
    same answers: the back-and-resend cookie is then neither read nor set, and deleted
    if present (the one-time token still stores a rendered form once);
    ``rate_message`` (str or None): the form-wide error over the rate instead of
    :data:`portal.spam.RATE_LIMIT_MESSAGE` (e.g. "this computer" rather than "you").

    Output: ``(response, status)``: a redirect to the thank-you page when the form is
    stored now or was already (double click, refresh, several posts at once, back and
    resend); else ``(None, 400)`` for a filled honeypot or ``(None, 429)`` over the
    rate, with the French message added to the form as a form-wide error; nothing is
    stored then and the token stays free.
    """
    if refuse_honeypot(request, form):
        return None, 400
    thanks = HttpResponseRedirect(thanks_url)
    if not replay_cookie:
        thanks.delete_cookie(cookie_name(page), path="/", samesite="Lax")
    elif already_sent(request, page, digest):
        return thanks, 302
    try:
        # A used token fails the claim, the first statement: the transaction is left
        # at once (no savepoint needed, no query before it).
        with transaction.atomic():
            claim(scope, token, savepoint=False)
            if refuse_over_rate(request, form, scope, rate, key=rate_key,
                                message=rate_message):
                raise _RateLimited(scope)
            store()
    except AlreadyStored:
        return thanks, 302
    except _RateLimited:
        return None, 429
    if replay_cookie:
        remember(thanks, page, digest)
    return thanks, 302


def release(scope, token):
    """Free the token (str or UUID) of form ``scope`` (str) claimed by a store that was
    undone after its transaction committed (e.g. the e-mail it handed to
    ``transaction.on_commit`` could not leave), so that the same rendered form can be
    sent again. Output: None; a token never claimed is no error."""
    from .models import FormToken

    FormToken.objects.filter(scope=scope, token=str(token)).delete()


def token_days():
    """Days (int, >= 1) a used token is kept: setting ``PORTAL_FORM_TOKEN_DAYS``."""
    return max(1, int(getattr(settings, "PORTAL_FORM_TOKEN_DAYS", DEFAULT_TOKEN_DAYS)))


def purge_tokens(now=None):
    """Delete the used tokens older than :func:`token_days` days before ``now`` (aware
    datetime, default now). Output: number of rows deleted (int).

    A form rendered before that and sent only now would be stored (once more): the
    retention is far longer than any form stays open in a browser.
    """
    from .models import FormToken

    limit = (now or timezone.now()) - datetime.timedelta(days=token_days())
    deleted, _by_model = FormToken.objects.filter(created_at__lt=limit).delete()
    return deleted


def send_on_commit(message, outcome, on_failure=None):
    """Send ``message`` (an EmailMessage) when the current transaction commits.

    ``outcome`` (dict) gets ``"sent"``: True once sent, False when sending raised (SMTP
    refused, server down, bad configuration: logged, then ``on_failure()`` is called
    when given, e.g. to take a count back). While an outer transaction is still open,
    ``"sent"`` is not set yet. Output: None.
    """

    def send():
        try:
            message.send()
        except Exception:
            logger.exception("could not send an e-mail (%s)", message.subject[:80])
            if on_failure is not None:
                on_failure()
            outcome["sent"] = False
        else:
            outcome["sent"] = True

    transaction.on_commit(send)


def mail_once(request, page, form, *, scope, send, thanks_url, rate, digest_extra=None):
    """Send the e-mail of a valid public ``form`` once: the "store" of :func:`store_once`
    is an e-mail sent on commit.

    Inputs: the request; ``page`` (the Wagtail page of the form); the valid ``form``;
    ``scope`` (str naming the form: token namespace, rate-limit group); ``send``
    (callable taking the ``outcome`` dict, called inside the transaction; it hands the
    e-mail to :func:`send_on_commit` with that dict); ``thanks_url`` (str); ``rate``
    (django-ratelimit syntax); ``digest_extra`` (dict added to the answers'
    :func:`fingerprint`, or None). The one-time token is read from the POST
    (:class:`TokenForm`).

    Output: ``(response, status)``: the redirect to ``thanks_url`` when sent (or already
    sent), else ``(None, status)`` with a form-wide French error: 400 (expired form:
    :data:`EXPIRED_FORM`, honeypot), 429 (rate), 503 (the e-mail could not leave:
    :data:`MAIL_FAILED`, the token is freed so that the same form can be sent again).
    """
    token_form = TokenForm(request.POST)
    if not token_form.is_valid():
        form.add_error(None, EXPIRED_FORM)
        return None, 400
    token = token_form.cleaned_data["form_token"]
    outcome = {}
    response, status = store_once(
        request, page, form, scope=scope, token=token,
        digest=fingerprint(page, {**form.cleaned_data, **(digest_extra or {})}),
        store=lambda: send(outcome), thanks_url=thanks_url, rate=rate,
    )
    if response is not None and outcome.get("sent") is False:
        release(scope, token)
        form.add_error(None, MAIL_FAILED)
        return None, 503
    return response, status
