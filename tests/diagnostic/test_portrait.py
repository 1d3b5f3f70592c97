"""Portrait de territoire: search (with and without JavaScript), one territory's
figures, counts from the other plugins' hooks, 404s and the demo's indicators."""

from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.formats import number_format
from wagtail.models import Page

from consultation.models import Proposal, ProposalPage
from diagnostic.demo import (
    ACTIONS_RATE,
    COMMUNE_COUNT,
    POPULATION,
    create_diagnostic,
    departement_figures,
)
from diagnostic.models import Indicator, IndicatorValue, PortraitPage
from diagnostic.portrait.search import find_territories
from diagnostic.sources import POPULATION_SOURCE, POPULATION_URL, POPULATION_YEAR
from initiatives.models import InitiativeIndexPage, InitiativePage
from portal.models import EPCI, Commune

URL = "/diagnostic/portrait-de-territoire/"
MONT = "40192"
MONT_EPCI = "244000808"  # Mont de Marsan Agglomération
AIRE = "40001"
AIRE_EPCI = "200030435"  # Communauté de communes d'Aire-sur-l'Adour (Landes and Gers)


def text(response):
    return unescape(response.content.decode())


def french(n):
    with translation.override("fr"):
        return number_format(n, force_grouping=True)


def search(client, q):
    return client.get(URL, {"q": q})


# --- Search ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("typed", [
    "Aire-sur-l’Adour", "Aire-sur-l'Adour", "aire sur l adour", "AIRE-SUR-L'ADOUR",
    "Aire sur l’Adour", AIRE, "Aire-sur-l'Adour (40001)",
])
def test_commune_name_variants_redirect_to_its_portrait(client, typed):
    response = search(client, typed)
    assert response.status_code == 302
    assert response["Location"] == f"{URL}commune/{AIRE}/"


@pytest.mark.django_db
def test_no_accents_and_st_abbreviation(client):
    assert search(client, "begaar")["Location"] == f"{URL}commune/40031/"
    assert search(client, "St Sever")["Location"] == f"{URL}commune/40282/"


@pytest.mark.django_db
@pytest.mark.parametrize("typed", [
    "Communauté d’agglomération du Grand Dax", "communaute d'agglomeration du grand dax",
    "244000675", "Communauté d'agglomération du Grand Dax (244000675)",
])
def test_epci_name_variants_redirect_to_its_portrait(client, typed):
    response = search(client, typed)
    assert response.status_code == 302
    assert response["Location"] == f"{URL}epci/244000675/"


@pytest.mark.django_db
def test_epci_words_offer_a_choice():
    lookup = find_territories("grand dax")
    assert lookup.resolved is None
    assert [e.siren for e in lookup.epcis] == ["244000675"]


@pytest.mark.django_db
def test_saint_prefix_gives_a_choice_list_told_apart_by_insee_code(client):
    response = search(client, "Saint-")
    assert response.status_code == 200
    body = text(response)
    assert "Plusieurs territoires correspondent à « Saint- »" in body
    saints = Commune.objects.filter(name__startswith="Saint-")
    assert saints.count() > 5
    for commune in saints:
        assert f'href="{URL}commune/{commune.insee_code}/"' in body
        assert f"code INSEE {commune.insee_code}" in body


@pytest.mark.django_db
def test_shared_postal_code_gives_a_choice(client):
    body = text(search(client, "40990"))
    for insee in ("40003", "40279", "40315"):
        assert f'href="{URL}commune/{insee}/"' in body


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["Paris", "zzzz", "99999", "123456789", "'", "<script>"])
def test_unknown_text_gives_a_message_and_the_form(client, typed):
    response = search(client, typed)
    assert response.status_code == 200
    body = text(response)
    assert "Aucune commune ni intercommunalité des Landes ne correspond" in body
    assert 'name="q"' in body and 'aria-invalid="true"' in body
    # What was typed is shown as text, never as markup.
    assert "<script>" not in response.content.decode()


@pytest.mark.django_db
def test_empty_or_too_long_search_is_refused_politely(client):
    assert search(client, "").status_code == 200
    assert search(client, "x" * 500).status_code == 200


@pytest.mark.django_db
def test_search_page_offers_a_datalist_of_every_territory(client):
    response = client.get(URL)
    assert response.status_code == 200
    body = text(response)
    assert 'list="territoires-liste"' in body
    assert '<datalist id="territoires-liste">' in body
    assert body.count("<option value=") == 327 + 18
    assert '<option value="Mont-de-Marsan (40192)">' in body
    assert '<option value="Mont de Marsan Agglomération (244000808)">' in body
    assert 'method="get"' in body


@pytest.mark.django_db
def test_no_js_flow_get_redirect_portrait(client):
    response = client.get(URL, {"q": "mont de marsan"}, follow=True)
    assert response.redirect_chain == [(f"{URL}commune/{MONT}/", 302)]
    assert response.status_code == 200
    assert "<h1>Mont-de-Marsan</h1>" in text(response)


# --- Portrait --------------------------------------------------------------------------


@pytest.mark.django_db
def test_commune_portrait_basics(client):
    body = text(client.get(f"{URL}commune/{MONT}/"))
    commune = Commune.objects.get(insee_code=MONT)
    assert "<h1>Mont-de-Marsan</h1>" in body
    assert "Commune – code INSEE 40192" in body
    assert f"{french(commune.population)} habitants" in body
    assert POPULATION_SOURCE in body and f'href="{POPULATION_URL}"' in body
    assert f'href="{URL}epci/{MONT_EPCI}/">Mont de Marsan Agglomération</a>' in body


@pytest.mark.django_db
def test_epci_portrait_lists_its_communes_and_dataset_figures(client):
    body = text(client.get(f"{URL}epci/{AIRE_EPCI}/"))
    epci = EPCI.objects.get(siren=AIRE_EPCI)
    assert "Intercommunalité (communauté de communes)" in body
    assert f"{french(epci.population)} habitants" in body
    landes = list(epci.communes.all())
    assert epci.commune_count > len(landes)
    for commune in landes:
        assert f'href="{URL}commune/{commune.insee_code}/">{commune.name}</a>' in body
    outside = epci.commune_count - len(landes)
    assert f"{outside} autres communes de cette intercommunalité sont situées hors du département" in body


@pytest.mark.django_db
@pytest.mark.parametrize("path", [
    "commune/99999/", "commune/33063/", "commune/abc/", "commune/401920/",
    "epci/123456789/", "epci/200066793/", "epci/x/", "autre/40192/",
])
def test_unknown_codes_are_404(client, path):
    assert client.get(URL + path).status_code == 404


@pytest.fixture
def indicators(db):
    """A commune-level and an EPCI-level indicator of the same name and year, one with
    a secret and a missing value, and an unpublished one."""
    rate = Indicator.objects.create(
        name="Taux de pauvreté", unit="%", year=2021, source="INSEE, Filosofi",
        source_url="https://www.insee.fr/fr/metadonnees/source/serie/s1172",
        definition="Part des personnes vivant sous le seuil de pauvreté.",
        method="Ne couvre pas les ménages dont la personne de référence est étudiante.",
        level="commune", decimal_places=1, departement_value=Decimal("11.2"),
        france_value=Decimal("14.5"))
    IndicatorValue.objects.create(indicator=rate, code=MONT, value=Decimal("17.35"))
    IndicatorValue.objects.create(indicator=rate, code=AIRE, status="secret")
    IndicatorValue.objects.create(indicator=rate, code="40088", status="missing")
    rate_epci = Indicator.objects.create(
        name="Taux de pauvreté", unit="%", year=2021, source="INSEE, Filosofi",
        level="epci", decimal_places=1)
    IndicatorValue.objects.create(indicator=rate_epci, code=MONT_EPCI, value=Decimal("13.4"))
    undated = Indicator.objects.create(name="Bénéficiaires", source="CAF", level="commune")
    IndicatorValue.objects.create(indicator=undated, code=MONT, value=1234)
    hidden = Indicator.objects.create(name="Brouillon caché", source="x", level="commune",
                                      published=False)
    IndicatorValue.objects.create(indicator=hidden, code=MONT, value=1)
    return rate


def row_of(body, name):
    start = body.index(f'<th scope="row">{name}')
    return body[start:body.index("</tr>", start)]


@pytest.mark.django_db
def test_portrait_values_with_epci_departement_and_france(client, indicators):
    body = text(client.get(f"{URL}commune/{MONT}/"))
    row = row_of(body, "Taux de pauvreté")
    assert "(%)" in row and "2021" in row
    cells = [c.split("</td>")[0] for c in row.split("<td>")[1:]]
    assert cells[:4] == ["17,4", "13,4", "11,2", "14,5"]
    assert 'href="https://www.insee.fr/fr/metadonnees/source/serie/s1172"' in row
    assert "Brouillon caché" not in body
    undated = row_of(body, "Bénéficiaires")
    assert "millésime non précisé" in undated
    assert "<td>1 234</td>".replace(" ", "\xa0") in undated
    # Definitions below the table, linked from the row.
    assert f'id="definition-{indicators.pk}"' in body
    assert "Part des personnes vivant sous le seuil de pauvreté." in body
    assert "Ne couvre pas les ménages" in body


@pytest.mark.django_db
def test_secret_and_missing_are_words(client, indicators):
    aire = row_of(text(client.get(f"{URL}commune/{AIRE}/")), "Taux de pauvreté")
    cells = [c.split("</td>")[0] for c in aire.split("<td>")[1:]]
    # Secret for the commune; no EPCI value for its EPCI: "non disponible".
    assert cells[:2] == ["secret", "non disponible"]
    dax = row_of(text(client.get(f"{URL}commune/40088/")), "Taux de pauvreté")
    assert [c.split("</td>")[0] for c in dax.split("<td>")[1:]][0] == "non disponible"
    # No value at all for this commune: the indicator is not listed.
    assert '<th scope="row">Taux de pauvreté' not in text(client.get(f"{URL}commune/40031/"))


@pytest.mark.django_db
def test_many_indicators_stay_a_fixed_number_of_queries(client, indicators):
    client.get(f"{URL}commune/{MONT}/")
    with CaptureQueriesContext(connection) as before:
        client.get(f"{URL}commune/{MONT}/?n=1")
    for i in range(30):
        extra = Indicator.objects.create(name=f"Indicateur {i}", source="x", level="commune")
        IndicatorValue.objects.create(indicator=extra, code=MONT, value=i)
    client.get(f"{URL}commune/{MONT}/?n=3")  # the menu, cached per content version
    with CaptureQueriesContext(connection) as after:
        response = client.get(f"{URL}commune/{MONT}/?n=2")
    assert "Indicateur 29" in text(response)
    assert len(after) == len(before)


@pytest.mark.django_db
def test_action_and_proposal_counts_come_from_the_hooks(client):
    commune = Commune.objects.get(insee_code="40046")  # Biscarrosse
    body = text(client.get(f"{URL}commune/40046/"))
    map_page = InitiativeIndexPage.objects.get()
    before_actions = InitiativePage.objects.live().public().filter(commune=commune).count()
    before_proposals = Proposal.objects.published().filter(commune=commune).count()
    action = InitiativePage(title="Épicerie test portrait", summary="Résumé",
                            actor_type="association", commune=commune)
    map_page.add_child(instance=action)
    action.save_revision().publish()
    page = ProposalPage.objects.get()
    Proposal.objects.create(page=page, title="Publiée", description="…", commune=commune,
                            status=Proposal.Status.PUBLISHED)
    Proposal.objects.create(page=page, title="En attente", description="…", commune=commune)
    body = text(client.get(f"{URL}commune/40046/"))
    actions = body.split("Actions solidaires de la carte</dt>")[1].split("</dd>")[0]
    assert f"<dd>{before_actions + 1} " in actions
    assert f'href="{map_page.url}?commune=40046"' in actions
    proposals = body.split("Propositions publiées</dt>")[1].split("</dd>")[0]
    assert f"<dd>{before_proposals + 1} " in proposals
    # The EPCI's portrait counts them too.
    epci_body = text(client.get(f"{URL}epci/{commune.epci.siren}/"))
    assert f'href="{map_page.url}?epci={commune.epci.siren}"' in epci_body


# --- Demo ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_is_idempotent(home_page):
    pages = Page.objects.count()
    indicators = list(Indicator.objects.order_by("pk").values_list("pk", "updated_at"))
    values = IndicatorValue.objects.count()
    create_diagnostic(home_page)
    create_diagnostic(home_page)
    assert Page.objects.count() == pages
    assert list(Indicator.objects.order_by("pk").values_list("pk", "updated_at")) == indicators
    assert IndicatorValue.objects.count() == values
    assert PortraitPage.objects.count() == 1
    assert PortraitPage.objects.get().url == URL


@pytest.mark.django_db
def test_demo_indicators_equal_the_reference_data():
    population = Indicator.objects.get(name=POPULATION, level="commune")
    assert population.year == POPULATION_YEAR and population.source_url == POPULATION_URL
    assert "INSEE" in population.source and "pypi" not in population.source_url
    values = population.values_by_code()
    assert len(values) == 327
    for commune in Commune.objects.all():
        assert values[commune.insee_code].value == commune.population
    total = Commune.objects.aggregate(total=Sum("population"))["total"]
    assert sum(v.value for v in values.values()) == total == population.departement_value
    # The grid shows the same département figure.
    assert departement_figures()[0]["value"] == total
    epci_population = Indicator.objects.get(name=POPULATION, level="epci")
    assert {v.code: v.value for v in epci_population.values.all()} == {
        e.siren: e.population for e in EPCI.objects.all()}
    counts = Indicator.objects.get(name=COMMUNE_COUNT, level="epci")
    assert counts.year is None
    assert {v.code: v.value for v in counts.values.all()} == {
        e.siren: e.commune_count for e in EPCI.objects.all()}


@pytest.mark.django_db
def test_demo_actions_rate_is_the_maps_own_data():
    rate = Indicator.objects.get(name=ACTIONS_RATE, level="epci")
    assert "données propres du portail" in rate.source and "calcul du" in rate.source
    assert rate.decimal_places == 1
    values = rate.values_by_code()
    assert len(values) == 18
    for epci in EPCI.objects.all():
        actions = InitiativePage.objects.live().public().filter(commune__epci=epci).count()
        population = epci.communes.aggregate(total=Sum("population"))["total"]
        expected = (Decimal(actions) * 10000 / population).quantize(Decimal("0.1"))
        assert abs(values[epci.siren].value - expected) <= Decimal("0.05")


@pytest.mark.django_db
def test_demo_portrait_shows_paired_population(client):
    body = text(client.get(f"{URL}commune/{MONT}/"))
    row = row_of(body, POPULATION)
    commune = Commune.objects.get(insee_code=MONT)
    epci = EPCI.objects.get(siren=MONT_EPCI)
    cells = [c.split("</td>")[0] for c in row.split("<td>")[1:]]
    total = Commune.objects.aggregate(total=Sum("population"))["total"]
    assert cells[:4] == [french(commune.population), french(epci.population), french(total),
                         "non disponible"]


@pytest.mark.django_db
def test_index_page_links_the_portrait(client):
    assert f'href="{URL}"' in text(client.get("/diagnostic/"))


@pytest.mark.django_db
def test_portraits_and_choice_lists_come_from_the_page_cache(client):
    for path in (f"{URL}commune/{MONT}/", f"{URL}epci/{MONT_EPCI}/", f"{URL}?q=Saint-", URL):
        assert client.get(path)["X-Page-Cache"] == "miss", path
        assert client.get(path)["X-Page-Cache"] == "hit", path
    # A redirect is never stored; an unknown code is a 404, never stored either.
    assert client.get(URL, {"q": "Dax"}).status_code == 302
    assert "X-Page-Cache" not in client.get(URL, {"q": "Dax"})
    assert client.get(f"{URL}commune/99999/").status_code == 404


@pytest.mark.django_db
def test_a_changed_value_is_shown_at_once(client, indicators):
    path = f"{URL}commune/{MONT}/"
    client.get(path)
    assert client.get(path)["X-Page-Cache"] == "hit"
    value = IndicatorValue.objects.get(indicator=indicators, code=MONT)
    value.status, value.value = "secret", None
    value.save()
    response = client.get(path)
    assert response["X-Page-Cache"] == "miss"
    cells = row_of(text(response), "Taux de pauvreté").split("<td>")
    assert cells[1].startswith("secret")


@pytest.mark.django_db
def test_territory_count_hooks_ignore_other_levels():
    from portal.hooks import TERRITORY_COUNTS, run_hooks

    assert run_hooks(TERRITORY_COUNTS, "departement", "40") == []
    keys = {item["key"] for item in run_hooks(TERRITORY_COUNTS, "commune", MONT)}
    assert keys == {"map_actions", "proposals"}
