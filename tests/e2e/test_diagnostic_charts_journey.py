"""Browser test: a diagnostic chapter with charts of every kind and a data table, read on
a phone (390 px) and at 320 px: axe-core finds no violation, nothing runs past the
screen (a wide table scrolls in its own region, reached with Tab), every chart is an
image named by its title and description, its data table is open, the CSV link
downloads the table."""

import importlib.util
import json
from decimal import Decimal

import pytest

from tests.e2e.conftest import OVERFLOWING, axe_violations, describe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASTED = ("Territoire\t2015\t2021\n"
          "Communauté d'agglomération du Grand Dax\t11,2\t-2,4\n"
          "Landes\t9,3\ts\n"
          "France\t\t10,1\n")


@pytest.fixture
def chapter(db):
    from diagnostic.indicators.models import Indicator, IndicatorValue, Level
    from diagnostic.models import DiagnosticChapterPage, DiagnosticIndexPage
    from portal.models import EPCI

    indicator = Indicator.objects.create(
        name="Taux de pauvreté", unit="%", year=2021, source="INSEE, Filosofi",
        source_url="https://www.insee.fr/", level=Level.EPCI, decimal_places=1,
        departement_value=Decimal("12.9"), france_value=Decimal("14.5"))
    for number, epci in enumerate(EPCI.objects.all()):
        IndicatorValue.objects.create(indicator=indicator, code=epci.siren,
                                      value=Decimal(10 + number % 7))
    body = [{"type": "chart", "id": f"00000000-0000-4000-8000-00000000000{i}", "value": {
        "title": f"Graphique {kind}", "description": "Deux recensements.", "chart_type": kind,
        "indicator": None, "data": PASTED, "unit": "%", "source": "INSEE", "source_url": "",
        "year": 2021}} for i, kind in enumerate(["bar", "horizontal_bar", "line", "stacked_bar"])]
    body.append({"type": "chart", "id": "00000000-0000-4000-8000-000000000008", "value": {
        "title": "Pauvreté par EPCI", "description": "", "chart_type": "horizontal_bar",
        "indicator": indicator.pk, "data": "", "unit": "", "source": "", "source_url": "",
        "year": None}})
    body.append({"type": "table", "id": "00000000-0000-4000-8000-000000000009", "value": {
        "title": "Tableau par EPCI", "indicator": indicator.pk, "data": "", "unit": "",
        "source": "", "source_url": "", "year": None}})
    index = DiagnosticIndexPage.objects.get(slug="diagnostic")
    page = DiagnosticChapterPage(title="Graphiques", slug="graphiques", body=json.dumps(body))
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.mark.parametrize("width", [390, 320])
def test_chapter_charts_on_a_phone(page, chapter, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(page.base_url + chapter.url)
    images = page.get_by_role("img")
    assert page.get_by_role("img", name="Graphique bar").count() == 1
    assert images.filter(has_text="").count() >= 5
    svg = page.locator("svg[role=img]").first
    assert svg.get_attribute("aria-labelledby").endswith("-desc")
    # Data tables are open by default, with their captions.
    assert page.locator("details.figure-data[open]").count() == 5
    assert page.get_by_role("table", name="Pauvreté par EPCI").count() == 1
    assert page.locator("main").evaluate("(m) => m.innerText").count("secret") >= 4
    # Nothing past the screen but inside a scroll region.
    assert page.evaluate(OVERFLOWING) == []
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_keyboard_reaches_the_table_and_downloads_the_csv(page, chapter):
    page.goto(page.base_url + chapter.url)
    region = page.get_by_role("region", name="Tableau : Tableau par EPCI")
    for _ in range(60):
        page.keyboard.press("Tab")
        if region.evaluate("(el) => el === document.activeElement"):
            break
    else:
        pytest.fail("the table's region is never focused with Tab")
    link = page.get_by_role("link", name="Télécharger les données (CSV) : Tableau par EPCI")
    href = link.get_attribute("href")
    assert href == f"{chapter.url}donnees/00000000-0000-4000-8000-000000000009.csv"
    if importlib.util.find_spec("diagnostic.urls") is None:
        pytest.skip("a dotted chapter route needs the public URL pattern of diagnostic.urls")
    response = page.request.get(page.base_url + href)
    assert response.status == 200
    content = response.body().decode("utf-8-sig")
    assert content.splitlines()[0] == "Code SIREN,EPCI,Taux de pauvreté (%)"
    assert "40,Landes,12.9" in content and "FR,France,14.5" in content
