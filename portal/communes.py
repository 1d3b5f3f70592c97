"""Commune and EPCI lists for forms: one place that orders and labels them."""

from anyascii import anyascii
from django.conf import settings

from portal.text import sort_key


def folded(text):
    """Comparison form of a French name (str -> str): accents and case folded
    ("Bégaar" ~ "begaar"); used to match what people type. Lists are ordered with
    :func:`portal.text.sort_key`."""
    return anyascii(text).lower()


def commune_choices():
    """Choices of the département's communes: list of (INSEE code, "Name (INSEE)").

    The INSEE code is the 5-character str stored in answers; the label tells homonyms
    apart. Only communes of ``settings.PORTAL_DEPARTEMENT`` are offered, in French
    order (:func:`portal.text.sort_key`: Bégaar before Belhade and Buanes, Léon before
    Lesgor), then by INSEE code.
    """
    from portal.models import Commune

    rows = Commune.objects.filter(
        insee_code__startswith=settings.PORTAL_DEPARTEMENT
    ).order_by().values_list("insee_code", "name")
    rows = sorted(rows, key=lambda row: (sort_key(row[1]), row[0]))
    return [(code, f"{name} ({code})") for code, name in rows]


def epci_choices():
    """Choices of the EPCI that have a commune in the database: list of (SIREN, name),
    in French order of names (:func:`portal.text.sort_key`), then by SIREN."""
    from portal.models import EPCI

    rows = (EPCI.objects.filter(communes__isnull=False).order_by().distinct()
            .values_list("siren", "name"))
    return sorted(rows, key=lambda row: (sort_key(row[1]), row[0]))
