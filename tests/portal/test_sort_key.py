"""The French sort key of every list shown to people (portal.text)."""

import pytest

from portal.text import folded_key, sort_key, sorted_by_text


def test_case_and_accents_are_ignored_at_first():
    words = ["Transport", "Épicerie", "écoute", "CV", "covoiturage", "démarches", "vélo"]
    assert sorted_by_text(words) == [
        "covoiturage", "CV", "démarches", "écoute", "Épicerie", "Transport", "vélo",
    ]
    assert sorted(["Buanes", "Bégaar", "Belhade"], key=sort_key) == ["Bégaar", "Belhade", "Buanes"]


def test_ligatures_leading_quotes_and_words():
    assert folded_key("Œuvre") == "oeuvre"
    assert folded_key("  «'Sainte-Foy»") == "sainte foy"
    assert folded_key("’Aire-sur-l’Adour") == folded_key("Aire sur l'Adour") == "aire sur l adour"
    assert sorted_by_text(["Ouvroir", "Œuvre", "Oeuf"]) == ["Oeuf", "Œuvre", "Ouvroir"]
    # Word by word, as in a dictionary.
    assert sorted_by_text(["Sainte-Colombe", "Saint-Yaguen"]) == ["Saint-Yaguen", "Sainte-Colombe"]
    assert sorted_by_text(["Coteaux", "Côte Landes"]) == ["Côte Landes", "Coteaux"]


def test_order_is_total_and_stable():
    words = ["écoute", "Ecoute", "Écoute", "ecoute"]
    assert sorted_by_text(words) == sorted_by_text(list(reversed(words)))
    assert sort_key(None) == sort_key("") == ("", "")


@pytest.mark.django_db
def test_communes_and_epci_default_order_is_french_on_this_database():
    """``Commune``/``EPCI`` querysets (admin choosers, forms) follow the key in SQL."""
    from portal.models import EPCI, Commune

    names = list(Commune.objects.values_list("name", flat=True))
    assert names == sorted_by_text(names)
    assert names.index("Bégaar") < names.index("Buanes")
    epcis = list(EPCI.objects.values_list("name", flat=True))
    assert epcis == sorted_by_text(epcis)


@pytest.mark.django_db
def test_renamed_commune_keeps_its_key():
    from portal.models import Commune

    commune = Commune.objects.get(insee_code="40031")
    commune.name = "Ébène"
    commune.save(update_fields=["name"])
    commune.refresh_from_db()
    assert commune.sort_name == "ebene"
