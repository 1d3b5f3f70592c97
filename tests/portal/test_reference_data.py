"""Reference data of the Landes: 327 communes, 18 EPCI, the controlled list of Themes."""

import pytest
from django.core.management import call_command

from portal.geo import format_point, in_departement, parse_point, InvalidLocation
from portal.models import EPCI, Commune, Theme


@pytest.mark.django_db
def test_landes_has_327_communes_and_18_epci():
    assert Commune.objects.count() == 327
    assert EPCI.objects.count() == 18
    assert Commune.objects.filter(epci__isnull=True).count() == 0


@pytest.mark.django_db
def test_commune_fields_are_real():
    mdm = Commune.objects.get(insee_code="40192")
    assert mdm.name == "Mont-de-Marsan"
    assert mdm.postal_codes == ["40000"]
    assert mdm.population > 25000
    assert abs(mdm.latitude - 43.8935) < 0.01 and abs(mdm.longitude - (-0.4998)) < 0.01
    assert mdm.epci.name == "Mont de Marsan Agglomération"
    # Every reference point lies in the département.
    for commune in Commune.objects.all():
        assert in_departement(commune.latitude, commune.longitude), commune.name


@pytest.mark.django_db
def test_epci_figures_come_from_the_dataset_not_from_loaded_communes():
    aire = EPCI.objects.get(siren="200030435")  # CC d'Aire-sur-l'Adour: 12 Landes + 10 Gers
    assert aire.communes.count() == 12
    assert aire.commune_count == 22
    loaded = sum(c.population for c in aire.communes.all())
    assert aire.population > loaded


@pytest.mark.django_db
def test_reloading_reference_data_changes_nothing():
    ids = dict(Commune.objects.values_list("insee_code", "id"))
    call_command("load_reference_data", verbosity=0)
    assert dict(Commune.objects.values_list("insee_code", "id")) == ids
    assert Commune.objects.count() == 327


@pytest.mark.django_db
def test_themes_are_the_controlled_list():
    assert list(Theme.objects.values_list("slug", flat=True)) == [
        "alimentation", "logement", "emploi", "sante", "isolement", "numerique", "mobilite",
        "education", "garde-enfants", "demarches", "aines", "handicap", "violences",
        "culture-sport",
    ]
    assert Theme.objects.get(slug="garde-enfants").label == "Garde d'enfants"


def test_points_are_parsed_longitude_first_and_never_localised():
    from django.utils import translation

    with translation.override("fr"):
        assert parse_point("SRID=4326;POINT(-0.4997 43.8927)") == (43.8927, -0.4997)
        assert format_point(43.8927, -0.4997) == "SRID=4326;POINT(-0.4997 43.8927)"
    with pytest.raises(InvalidLocation):
        parse_point("SRID=3857;POINT(1 2)")
    with pytest.raises(InvalidLocation):
        parse_point("43,8927 -0,4997")
    assert not in_departement(48.8566, 2.3522)  # Paris
