"""Commune lists for forms: one place that orders and labels the département's communes."""

from anyascii import anyascii
from django.conf import settings


def folded(text):
    """Sort key for French names (str -> str): accents and case folded ("Bégaar" ~ "begaar")."""
    return anyascii(text).lower()


def commune_choices():
    """Choices of the département's communes: list of (INSEE code, "Name (INSEE)").

    The INSEE code is the 5-character str stored in answers; the label tells homonyms
    apart. Only communes of ``settings.PORTAL_DEPARTEMENT`` are offered, in French
    alphabetical order with accents folded (Bégaar before Belhade, Léon before Lesgor).
    """
    from portal.models import Commune

    rows = Commune.objects.filter(
        insee_code__startswith=settings.PORTAL_DEPARTEMENT
    ).values_list("insee_code", "name")
    rows = sorted(rows, key=lambda row: (folded(row[1]), row[0]))
    return [(code, f"{name} ({code})") for code, name in rows]
