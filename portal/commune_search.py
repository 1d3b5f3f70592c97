"""Finding a commune (or an EPCI) of the département from what a person typed.

One place for every public form that asks for a commune as text (with a ``<datalist>``
that works without JavaScript): "Aire-sur-l’Adour", "Aire-sur-l'Adour",
"aire sur l adour" and "AIRE SUR L ADOUR" all find the same commune; "Saint-" or a postal
code shared by several communes gives a list of candidates, told apart by INSEE code.
A 5-digit string is looked up both as an INSEE code and as a postal code and never
silently taken for one or the other (40090 is Donzacq's INSEE code and Artassenx's
postal code).
"""

import re
from dataclasses import dataclass, field

from django.conf import settings

from portal.communes import folded
from portal.text import sort_key

#: "Mont-de-Marsan (40192)": the label offered by the datalist (portal.communes).
LABEL_RE = re.compile(r"^(?P<name>.*\S)\s*\((?P<code>\d{5}|2[AB]\d{3})\)\s*$", re.IGNORECASE)
CODE_RE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$", re.IGNORECASE)
#: "CA du Grand Dax (200069110)": the EPCI label offered by a datalist.
EPCI_LABEL_RE = re.compile(r"^(?P<name>.*\S)\s*\((?P<code>\d{9})\)\s*$")
SIREN_RE = re.compile(r"^\d{9}$")
#: Usual abbreviations in commune names.
ABBREVIATIONS = {"st": "saint", "ste": "sainte"}


def name_key(text):
    """Comparison key of a commune name (str -> str).

    Accents, case, apostrophes (' and ’), hyphens and other punctuation are folded:
    ``name_key("Aire-sur-l’Adour") == name_key("aire sur l adour") == "aire sur l adour"``;
    "St" and "Ste" are read as "Saint" and "Sainte".
    """
    words = re.sub(r"[^a-z0-9]+", " ", folded(text or "")).split()
    return " ".join(ABBREVIATIONS.get(word, word) for word in words)


@dataclass
class CommuneLookup:
    """Result of :func:`find_communes`.

    ``communes``: list of ``portal.models.Commune`` (French order of names, then INSEE
    code); ``exact``: True when the text named them exactly (a full name, an INSEE code
    or a datalist label), False for prefix matches and postal codes. ``resolved`` is the
    one commune when there is exactly one exact match, else None.
    """

    communes: list = field(default_factory=list)
    exact: bool = False

    @property
    def resolved(self):
        """The Commune when the lookup is exact and unique, else None."""
        if self.exact and len(self.communes) == 1:
            return self.communes[0]
        return None


def departement_communes():
    """Queryset of the communes of ``settings.PORTAL_DEPARTEMENT``."""
    from portal.models import Commune

    return Commune.objects.filter(insee_code__startswith=settings.PORTAL_DEPARTEMENT)


def find_communes(text, limit=80):
    """Find the département's communes named by ``text``.

    Input: ``text`` (str as typed: a name in any case/accent/apostrophe variant, a prefix
    such as "Saint-", an INSEE code, a postal code, or a datalist label "Name (INSEE)").
    Output: :class:`CommuneLookup` with at most ``limit`` communes. Order of tries: a
    datalist label whose code is a commune of the département; a 5-character code, as an
    INSEE code and as a postal code (exact only when it is a single INSEE code and no
    other commune has it as postal code); names equal once folded; names starting with
    the folded text (not exact). Nothing matching gives an empty lookup.
    """
    text = (text or "").strip()
    if not text:
        return CommuneLookup()
    communes = list(departement_communes())

    def ordered(items):
        return sorted(items, key=lambda c: (sort_key(c.name), c.insee_code))[:limit]

    label = LABEL_RE.match(text)
    if label:
        code = label.group("code").upper()
        found = [c for c in communes if c.insee_code == code]
        if found:
            return CommuneLookup(found, exact=True)
        text = label.group("name")
    if CODE_RE.match(text):
        code = text.upper()
        by_code = [c for c in communes if c.insee_code == code]
        by_postal = [c for c in communes if code in (c.postal_codes or []) and c not in by_code]
        found = ordered(by_code + by_postal)
        return CommuneLookup(found, exact=bool(by_code) and not by_postal)
    key = name_key(text)
    if not key:
        return CommuneLookup()
    keyed = [(name_key(c.name), c) for c in communes]
    exact = [c for k, c in keyed if k == key]
    if exact:
        return CommuneLookup(ordered(exact), exact=True)
    return CommuneLookup(ordered(c for k, c in keyed if k.startswith(key)), exact=False)


def find_epcis(text):
    """EPCI named by ``text`` (str).

    Output: ``(epcis, exact)``: list of ``portal.models.EPCI`` having a commune in the
    département (``settings.PORTAL_DEPARTEMENT``), in French order, and True when ``text`` was a SIREN code, a datalist label
    or a full name (folded), False for word matches.
    """
    from portal.models import EPCI

    text = (text or "").strip()
    if not text:
        return [], False
    epcis = list(EPCI.objects.filter(
        communes__insee_code__startswith=settings.PORTAL_DEPARTEMENT).distinct())
    label = EPCI_LABEL_RE.match(text)
    if label:
        found = [e for e in epcis if e.siren == label.group("code")]
        if found:
            return found, True
        text = label.group("name")
    if SIREN_RE.match(text):
        return [e for e in epcis if e.siren == text], True
    key = name_key(text)
    if not key:
        return [], False
    keyed = [(name_key(e.name), e) for e in epcis]
    exact = [e for k, e in keyed if k == key]
    if exact:
        return exact, True
    padded = f" {key} "
    return [e for k, e in keyed if padded in f" {k} " or k.startswith(key)], False
