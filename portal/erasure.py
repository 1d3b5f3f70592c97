"""Right of erasure (RGPD art. 17): find, then erase in one audited step, everything the
site links to one e-mail address.

The host knows no plugin: each plugin registers, under the hook
:data:`portal.hooks.PERSONAL_DATA`, a :class:`PersonalDataSource` saying what it holds
(e.g. the submitters of map actions, the contact details of questionnaire answers) and
how to find and erase it. The administrators' view (:mod:`portal.erasure_views`) calls
:func:`find_everywhere`, shows what was found, and on confirmation
:func:`erase_everywhere` erases it in one database transaction and writes one entry to
Wagtail's audit log. The log never holds the address: only a keyed digest
(:func:`email_digest`) that lets an administrator holding the server's secret check
whether a given address was erased, and what was erased (counts).
"""

import hashlib
import hmac
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .hooks import PERSONAL_DATA, run_hooks

#: Audit log action of an erasure (registered in portal.wagtail_hooks).
ERASURE_ACTION = "portal.erasure"
#: What replaces an erased address inside a free text.
ERASED_MARK = "[adresse effacée]"


@dataclass(frozen=True)
class Finding:
    """One thing found for an address: ``label`` (str, what it is, with no more personal
    data than needed, e.g. "Réponse n° 12 à « Consultation »") and ``url`` (str: where
    an administrator sees it in the admin, or "")."""

    label: str
    url: str = ""


@dataclass(frozen=True)
class ErasureOption:
    """A choice offered before erasing: ``name`` (str, unique within its source),
    ``label`` and ``help_text`` (str, shown next to the checkbox; unchecked by
    default)."""

    name: str
    label: str
    help_text: str = ""


@dataclass(frozen=True)
class PersonalDataSource:
    """One kind of personal data a plugin holds, as its hook returns it.

    - ``key``: str, unique slug of the source (e.g. "initiatives");
    - ``label``: str, its heading in the admin view (translated);
    - ``find``: fn(email: str, lowercase and trimmed) -> list of :class:`Finding`
      (empty when nothing is linked to the address); must change nothing;
    - ``erase``: fn(email, options: set of option names chosen) -> list of str, what was
      erased, as short translated sentences without personal data ("2 coordonnées
      supprimées"); runs inside the caller's transaction: it must raise rather than
      leave a partial erasure;
    - ``options``: tuple of :class:`ErasureOption`;
    - ``order``: int, sort key of the sources in the view.
    """

    key: str
    label: str
    find: object
    erase: object
    options: tuple = field(default_factory=tuple)
    order: int = 0


def normalise_email(value):
    """The address as compared everywhere (str): surrounding spaces removed, lowercase
    (addresses are matched case-insensitively: "Anne@Example.org" is
    "anne@example.org")."""
    return (value or "").strip().lower()


def email_digest(email):
    """A keyed digest of ``email`` (str): the first 16 hex characters of
    HMAC-SHA256(SECRET_KEY, normalised address). Written to the audit log instead of
    the address: it cannot be reversed by guessing addresses without the server's
    secret."""
    key = settings.SECRET_KEY.encode("utf-8")
    return hmac.new(key, normalise_email(email).encode("utf-8"), hashlib.sha256).hexdigest()[:16]


def address_pattern(email):
    """A compiled regular expression matching ``email`` inside a free text,
    case-insensitively, and not as part of a longer address ("anne@example.org" is not
    found in "joanne@example.org" nor "anne@example.org.uk")."""
    return re.compile(
        r"(?<![\w.+-])" + re.escape(normalise_email(email)) + r"(?![\w-]|\.\w)",
        re.IGNORECASE,
    )


def mentions(text, email):
    """True when the free text ``text`` (str or None) holds the address ``email``."""
    return bool(text) and address_pattern(email).search(text) is not None


def strip_address(text, email):
    """``text`` (str) with every occurrence of ``email`` replaced by ERASED_MARK."""
    return address_pattern(email).sub(ERASED_MARK, text or "")


def sources():
    """The registered :class:`PersonalDataSource` objects (list), in ``order`` then
    ``key`` order; a hook may return one source or a list of them."""
    found = []
    for value in run_hooks(PERSONAL_DATA):
        found.extend(value if isinstance(value, (list, tuple)) else [value])
    return sorted(found, key=lambda source: (source.order, source.key))


def find_everywhere(email):
    """What every source links to ``email`` (str, normalised here).

    Output: list of (PersonalDataSource, list of Finding), one pair per source, sources
    with nothing found included (their list is empty)."""
    email = normalise_email(email)
    return [(source, list(source.find(email))) for source in sources()]


def erase_everywhere(email, options, user):
    """Erase what every source links to ``email``, in one transaction, and write one
    entry to Wagtail's audit log (action ERASURE_ACTION, instance and user: ``user``,
    the administrator; data: the address's :func:`email_digest`, the options chosen and
    what each source erased; never the address).

    Inputs: ``email`` (str), ``options`` (set of "<source key>:<option name>"),
    ``user`` (the administrator). Output: list of (source label str, list of str what
    was erased), for the sources that erased something. Nothing is logged when nothing
    was found. Any error of a source rolls the whole erasure back and is raised.
    """
    email = normalise_email(email)
    results = []
    with transaction.atomic():
        for source in sources():
            if not source.find(email):
                continue
            chosen = {name.split(":", 1)[1] for name in options
                      if name.startswith(source.key + ":")}
            done = list(source.erase(email, chosen))
            if done:
                results.append((str(source.label), done))
        if results:
            log(instance=user, action=ERASURE_ACTION, user=user, data={
                "email_digest": email_digest(email),
                "options": sorted(options),
                "erased": [{"source": label, "items": items} for label, items in results],
            })
    return results


def describe(data):
    """The audit log message of an erasure (str) from its ``data`` (dict as written by
    :func:`erase_everywhere`; anything else gives a message without details)."""
    data = data if isinstance(data, dict) else {}
    parts = []
    for entry in data.get("erased") or []:
        if isinstance(entry, dict):
            parts.append("%s : %s" % (entry.get("source", "?"), ", ".join(
                str(item) for item in entry.get("items") or [])))
    return _("Personal data erased on request (right of erasure), address erased "
             "(digest %(digest)s): %(details)s") % {
        "digest": data.get("email_digest", "?"),
        "details": " ; ".join(parts) or _("nothing"),
    }
