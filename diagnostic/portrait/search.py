"""Finding the commune or EPCI a person named in the portrait's search box.

Communes are found by :func:`portal.commune_search.find_communes` (names in any case,
accent or apostrophe variant, "Saint-" prefixes, INSEE codes, postal codes, datalist
labels "Name (INSEE)"). EPCI names are folded the same way
(:func:`portal.commune_search.name_key`) and found by their SIREN code, their datalist
label "Name (SIREN)", their full name, or the typed words appearing in their name
("grand dax" finds "CA du Grand Dax").
"""

import re
from dataclasses import dataclass, field

from django.conf import settings

from portal.commune_search import find_communes, name_key

#: "CA du Grand Dax (200069110)": the EPCI label offered by the datalist.
EPCI_LABEL_RE = re.compile(r"^(?P<name>.*\S)\s*\((?P<code>\d{9})\)\s*$")
SIREN_RE = re.compile(r"^\d{9}$")


@dataclass
class TerritoryLookup:
    """Result of :func:`find_territories`.

    ``communes`` (list of ``portal.models.Commune``) and ``epcis`` (list of
    ``portal.models.EPCI``) that match; ``resolved`` is ``("commune", Commune)`` or
    ``("epci", EPCI)`` when the text named exactly one territory, else None.
    """

    communes: list = field(default_factory=list)
    epcis: list = field(default_factory=list)
    resolved: tuple | None = None

    @property
    def candidates(self):
        """True when there is a choice to offer (several or inexact matches)."""
        return bool(self.communes or self.epcis)


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


def find_territories(text):
    """The communes and EPCI of the département named by ``text`` (str as typed).

    Output: :class:`TerritoryLookup`. ``resolved`` is set when exactly one territory is
    named exactly (a unique INSEE code, a full name, a SIREN code or a datalist label)
    and nothing else is named exactly; the other matches (prefixes, postal codes shared
    by several communes, homonyms) are offered as a choice.
    """
    communes = find_communes(text)
    epcis, epci_exact = find_epcis(text)
    exact = []
    if communes.exact:
        exact += [("commune", c) for c in communes.communes]
    if epci_exact:
        exact += [("epci", e) for e in epcis]
    lookup = TerritoryLookup(communes.communes, epcis)
    if len(exact) == 1:
        lookup.resolved = exact[0]
    return lookup
