"""The "Répondre" link of a relayed message: the visitor's address travels inside the
link, encrypted and authenticated, and is stored nowhere.

The link's last segment is a Fernet token (without its base64 padding, which Wagtail's
page URLs refuse) (``cryptography``: AES-128-CBC and
HMAC-SHA256, with its creation time) of ``{"p": action id, "e": visitor's e-mail,
"n": visitor's name}``. Its key is derived from ``SECRET_KEY`` with HKDF-SHA256 (a key
of its own, never the secret itself); the keys of ``SECRET_KEY_FALLBACKS`` are still
accepted, so rotating the secret does not break the links already sent. A link is valid
for ``PORTAL_CONTACT_REPLY_DAYS`` days (default 30) and only on its own action.
Anyone who holds the link can answer the visitor (without learning the address): the
link is written only in the e-mail to the action's author.
"""

import base64
import binascii
import json
import time

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

#: HKDF's context: keys derived for another use of SECRET_KEY differ.
KEY_INFO = b"initiatives.contact.reply-link"
#: Default lifetime (days) of a reply link (setting ``PORTAL_CONTACT_REPLY_DAYS``).
DEFAULT_DAYS = 30
#: Longest token read (characters); a longer one is refused without decoding.
MAX_LENGTH = 2000


class InvalidReplyLink(Exception):
    """The link was changed, is not one of ours, or belongs to another action."""


class ExpiredReplyLink(InvalidReplyLink):
    """The link is authentic but older than :func:`reply_days`."""


def reply_days():
    """Lifetime of a reply link (int days, >= 1): ``PORTAL_CONTACT_REPLY_DAYS``."""
    return max(1, int(getattr(settings, "PORTAL_CONTACT_REPLY_DAYS", DEFAULT_DAYS)))


def _fernet_for(secret):
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=KEY_INFO).derive(
        secret.encode("utf-8") if isinstance(secret, str) else secret
    )
    return Fernet(base64.urlsafe_b64encode(key))


def _fernet():
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet_for(secret) for secret in secrets])


def make_token(page_id, email, name, now=None):
    """The reply token (str of letters, digits, ``-`` and ``_``: the characters
    Wagtail's page URLs accept; ~140 characters plus the address and name) for a visitor.

    Input: ``page_id`` (int, the action), ``email`` and ``name`` (str, the visitor's),
    ``now`` (seconds since the epoch, default the clock). Encrypted with the current
    ``SECRET_KEY``'s derived key.
    """
    payload = json.dumps({"p": page_id, "e": email, "n": name}, separators=(",", ":"))
    moment = int(time.time() if now is None else now)
    token = _fernet().encrypt_at_time(payload.encode("utf-8"), moment).decode("ascii")
    return token.rstrip("=")  # base64 padding, put back by read_token


def read_token(token, page_id, now=None):
    """The visitor of a reply token: ``(email, name)`` (str, str).

    Input: ``token`` (str from the URL), ``page_id`` (int, the action whose page the
    link was opened on), ``now`` (seconds since the epoch, default the clock).
    Raises :class:`ExpiredReplyLink` when authentic but older than :func:`reply_days`,
    :class:`InvalidReplyLink` when changed, forged, malformed, made with a key we no
    longer hold, or made for another action.
    """
    if not token or len(token) > MAX_LENGTH:
        raise InvalidReplyLink(token)
    fernet = _fernet()
    try:
        raw = (token + "=" * (-len(token) % 4)).encode("ascii")
        payload = json.loads(fernet.decrypt(raw))  # authenticates, no age check
        created = fernet.extract_timestamp(raw)
    except (InvalidToken, UnicodeError, ValueError, binascii.Error, TypeError):
        raise InvalidReplyLink(token) from None
    if not isinstance(payload, dict) or payload.get("p") != page_id:
        raise InvalidReplyLink(token)
    email, name = payload.get("e"), payload.get("n")
    if not isinstance(email, str) or not isinstance(name, str) or "@" not in email:
        raise InvalidReplyLink(token)
    moment = time.time() if now is None else now
    if moment - created > reply_days() * 86400:
        raise ExpiredReplyLink(token)
    return email, name
