"""Shared computers ("poste partagé"): the signed link, the browser's station cookie and
what changes in the questionnaire on such a computer.

Flow: staff open a :class:`~consultation.stations.models.SharedStation` in the admin
(``consultation.stations.views``), which shows :func:`link_path`, a URL under the
questionnaire (``poste-partage/<signed>/``) whose last part is the station's key signed
with :mod:`django.core.signing` (salt :data:`LINK_SALT`). Opened ON the shared computer,
the link (:func:`station_from_link`) marks the browser with :func:`set_station_cookie`.
From then on :func:`current_station` gives the station on each request of that browser
to that questionnaire, as long as it is open (not expired, not closed), and the
questionnaire:

- keeps nothing in the browser (no answers kept after a failed send, no back-and-resend
  cookie: the next resident may give the same answers and must not be refused);
- counts the answers per station (:func:`rate`, :func:`rate_key`) instead of per
  address (the desk's address is shared by everyone);
- records the station on the submission (``provenance``);
- turns off the browser's autofill on free-text answers (:func:`prepare_form`).
"""

import base64
import binascii
import datetime
import uuid

from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from portal.contact import CONTACT_FIELDS

from .models import SharedStation

#: Salt of the signed link (changing it invalidates every link).
LINK_SALT = "consultation.stations.link"
#: Salt of the station cookie's signature.
COOKIE_SALT = "consultation.stations.cookie"
#: Name of the cookie marking a browser as a shared computer.
COOKIE_NAME = "ns_poste_partage"
#: Longest session (days): the admin form offers no more, and a link older than that
#: is refused whatever its station says.
MAX_DAYS = 7
#: Salt of the rate-limit key of a station (an HMAC of its key, never the key itself).
RATE_KEY_SALT = "consultation.stations.rate"

#: States of a station, as :func:`state` answers them.
OPEN, EXPIRED, CLOSED = "open", "expired", "closed"


def state(station, moment=None):
    """"open", "expired" (from ``expires_at``) or "closed" (``revoked_at`` set) for
    ``station`` (SharedStation) at ``moment`` (aware datetime, default now)."""
    if station.revoked_at is not None:
        return CLOSED
    if (moment or timezone.now()) >= station.expires_at:
        return EXPIRED
    return OPEN


def sign(station):
    """The signed part (str of ``[A-Za-z0-9_-]``: Wagtail routes no other character in
    a page URL) of ``station``'s link: its key, timestamped and signed with
    ``SECRET_KEY`` and :data:`LINK_SALT` (:func:`django.core.signing.dumps`), then
    written in URL-safe base64 without padding (the signature holds colons)."""
    signed = signing.dumps(str(station.key), salt=LINK_SALT)
    return base64.urlsafe_b64encode(signed.encode("ascii")).decode("ascii").rstrip("=")


def link_path(station, request=None):
    """URL (str) of ``station``'s link, under its questionnaire page:
    ``<page URL>poste-partage/<signed>/``."""
    page = station.page.specific
    return page.get_url(request) + page.reverse_subpage(
        "shared_station", args=(sign(station),))


def station_from_link(page, signed):
    """The station a link names, and why it cannot be used.

    Input: the ConsultationPage the link was opened under and ``signed`` (str, the
    link's last part). Output: ``(station, status)``: ``(station, OPEN)`` when it can be
    used; ``(None, "invalid")`` when the signature is wrong, older than
    :data:`MAX_DAYS` days, or names no station of this page; ``(station, EXPIRED)`` or
    ``(station, CLOSED)`` otherwise. Never raises.
    """
    try:
        text = base64.urlsafe_b64decode(signed + "=" * (-len(signed) % 4)).decode("ascii")
        key = signing.loads(text, salt=LINK_SALT, max_age=datetime.timedelta(days=MAX_DAYS))
    except (signing.BadSignature, binascii.Error, ValueError, TypeError):
        return None, "invalid"
    station = SharedStation.objects.filter(key=key, page_id=page.pk).first() \
        if _is_uuid(key) else None
    if station is None:
        return None, "invalid"
    return station, state(station)


def _is_uuid(value):
    """True when ``value`` (any) is a str holding a UUID."""
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def set_station_cookie(response, station, page):
    """Mark the browser receiving ``response`` as ``station``'s computer.

    The cookie holds the station's key signed with :data:`COOKIE_SALT`; it is HttpOnly,
    SameSite=Strict, limited to the questionnaire's path and without ``max_age`` (it
    ends with the browser's session; the server refuses it anyway once the station is
    expired or closed). Strictly necessary to the service staff asked for (CNIL,
    cookies exempted from consent)."""
    response.set_signed_cookie(
        COOKIE_NAME, str(station.key), salt=COOKIE_SALT, path=page.url or "/",
        httponly=True, samesite="Strict",
        secure=getattr(settings, "SESSION_COOKIE_SECURE", False),
    )


def current_station(request, page):
    """The open station (SharedStation) whose cookie this browser carries for ``page``
    (ConsultationPage), or None: no cookie (no query then), a tampered cookie, a
    station of another page, expired or closed. Read once per request (kept on the
    request)."""
    cache = getattr(request, "_shared_stations", None)
    if cache is None:
        cache = request._shared_stations = {}
    if page.pk in cache:
        return cache[page.pk]
    station = None
    try:
        key = request.get_signed_cookie(COOKIE_NAME, salt=COOKIE_SALT)
    except (KeyError, signing.BadSignature):
        key = None
    if key and _is_uuid(key):
        station = SharedStation.objects.filter(key=key, page_id=page.pk).first()
        if station is not None and state(station) != OPEN:
            station = None
    cache[page.pk] = station
    return station


def rate(station):
    """The rate of ``station`` (django-ratelimit syntax, str): its ``max_answers`` an
    hour."""
    return f"{max(1, station.max_answers)}/h"


#: Form-wide error when a shared computer has sent its answers of the hour: the
#: resident did nothing wrong, the computer reached the limit staff set.
RATE_MESSAGE = _(
    "This shared computer has reached the number of answers it may send in an hour: your "
    "answers have not been recorded. Please ask the staff, or answer later."
)


def rate_key(station):
    """What the rate limit counts for ``station`` (str): an HMAC of its key (64 hex
    characters), so that every resident of the desk shares the station's counter and
    none uses the address's."""
    return salted_hmac(RATE_KEY_SALT, str(station.key), algorithm="sha256").hexdigest()


def prepare_form(form):
    """Turn the browser's autofill off on ``form``'s free-text answers (in place), so
    that the next resident is not offered what the previous one typed.

    The contact fields keep their ``autocomplete`` tokens (RGAA 11.13: the purpose of a
    field about the user is identified); the admin page advises opening the link in a
    guest or private window, where the browser keeps nothing. Output: ``form``."""
    for name, field in form.fields.items():
        if name in CONTACT_FIELDS or field.widget.is_hidden:
            continue
        if getattr(field.widget, "input_type", None) in ("text", "email", "tel", "number") \
                or field.widget.__class__.__name__ == "Textarea":
            field.widget.attrs["autocomplete"] = "off"
    return form


def open_stations(page=None):
    """Stations not closed and not expired (QuerySet), of ``page`` when given."""
    stations = SharedStation.objects.filter(revoked_at__isnull=True,
                                            expires_at__gt=timezone.now())
    return stations if page is None else stations.filter(page=page)
