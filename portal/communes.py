"""Commune and EPCI lists for forms: one place that orders and labels them."""

from functools import lru_cache

from anyascii import anyascii
from django.conf import settings

from portal.text import sort_key


def folded(text):
    """Comparison form of a French name (str -> str): accents and case folded
    ("Bégaar" ~ "begaar"); used to match what people type. Lists are ordered with
    :func:`portal.text.sort_key`."""
    return anyascii(text).lower()


def departement_commune_rows():
    """The communes of ``settings.PORTAL_DEPARTEMENT`` in one query: tuple of
    (INSEE code, name, primary key), by INSEE code."""
    from portal.models import Commune

    return tuple(Commune.objects.filter(
        insee_code__startswith=settings.PORTAL_DEPARTEMENT
    ).order_by("insee_code").values_list("insee_code", "name", "pk"))


def commune_choices(rows=None):
    """Choices of the département's communes: list of (INSEE code, "Name (INSEE)").

    The INSEE code is the 5-character str stored in answers; the label tells homonyms
    apart. Only communes of ``settings.PORTAL_DEPARTEMENT`` are offered, in French
    order (:func:`portal.text.sort_key`: Bégaar before Belhade and Buanes, Léon before
    Lesgor), then by INSEE code. ``rows``: the result of
    :func:`departement_commune_rows` when the caller already has it (else one query).
    """
    if rows is None:
        rows = departement_commune_rows()
    return list(_labelled_communes(tuple((code, name) for code, name, _pk in rows)))


@lru_cache(maxsize=4)
def _labelled_communes(rows):
    """(code, "Name (code)") pairs of ``rows`` ((code, name) pairs), in French order:
    a tuple, computed once per process for a given list (the French sort key of 327
    names cost more than the query)."""
    rows = sorted(rows, key=lambda row: (sort_key(row[1]), row[0]))
    return tuple((code, f"{name} ({code})") for code, name in rows)


def epci_choices():
    """Choices of the EPCI that have a commune in the database: list of (SIREN, name),
    in French order of names (:func:`portal.text.sort_key`), then by SIREN."""
    from portal.models import EPCI

    rows = (EPCI.objects.filter(communes__isnull=False).order_by().distinct()
            .values_list("siren", "name"))
    return sorted(rows, key=lambda row: (sort_key(row[1]), row[0]))
