"""Finding the commune or EPCI a person named in the portrait's search box.

Communes are found by :func:`portal.commune_search.find_communes` (names in any case,
accent or apostrophe variant, "Saint-" prefixes, INSEE codes, postal codes, datalist
labels "Name (INSEE)"). EPCIs by :func:`portal.commune_search.find_epcis` (SIREN code, datalist label
"Name (SIREN)", full name, or the typed words appearing in their name: "grand dax"
finds "CA du Grand Dax").
"""

from dataclasses import dataclass, field

from portal.commune_search import find_communes, find_epcis

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
