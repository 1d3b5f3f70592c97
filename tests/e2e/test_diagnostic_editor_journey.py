"""Browser journey of a staff member writing a diagnostic chapter in the admin: an
indicator by commune imported from a CSV file (upload, preview, confirmation), a new
chapter under /diagnostic/ with a map of that indicator chosen through the snippet
chooser and a chart of a table pasted from a spreadsheet (tabs, decimal commas, a
source), published; the public chapter shows the map (a commune's value from the file in
its title text), its legend, the chart and its table, and the CSV downloads give the same
figures. Then the demo's chapters and the portrait page pass axe-core on a desktop screen
and at 320 px. The ``page`` fixture fails the journey on any CSP violation."""

import pytest

from tests.e2e.conftest import (
    axe_violations,
    describe,
    new_page,
    sign_in_to_admin,
    upload_indicator_file,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "mot-de-passe-long-42"
INDICATOR = "Part des familles monoparentales"
CSV = (
    f"Code;Commune;{INDICATOR} (%)\n"
    "40192;Mont-de-Marsan;23,7\n"
    "40088;Dax;26,1\n"
    "40046;Biscarrosse;15,4\n"
    "40312;Tarnos;18,9\n"
    "40279;Saint-Paul-lès-Dax;17,2\n"
    "40001;Aire-sur-l'Adour;s\n"
    "40;Landes;16,8\n"
    "FR;France;16,3\n"
)
PASTED = ("Territoire\t2015\t2021\n"
          "Mont-de-Marsan\t21,4\t23,7\n"
          "Dax\t24,9\t26,1\n"
          "Landes\t15,2\t16,8\n")


def insert_block(page, label):
    """Open the last "Insérer un bloc" menu of the body and choose the block ``label``
    (its French label); wait until the new block's title field shows. Output: the
    index (int) of the new block in the body."""
    fields = page.locator("input[name^='body-'][name$='-value-title']")
    before = fields.count()
    page.get_by_role("button", name="Insérer un bloc").last.click()
    page.get_by_role("option", name=label, exact=True).click()
    page.wait_for_function(
        "(n) => document.querySelectorAll(\"input[name^='body-'][name$='-value-title']\")"
        ".length > n", arg=before)
    name = fields.nth(before).get_attribute("name")
    return int(name.split("-")[1])


def test_staff_member_imports_an_indicator_and_publishes_a_chapter(page, make_user, tmp_path):
    from diagnostic.indicators.models import Indicator
    from diagnostic.models import DiagnosticChapterPage, DiagnosticIndexPage

    make_user("diagnostic@departement.example", is_superuser=True, is_staff=True,
              password=PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in_to_admin(page, "diagnostic@departement.example", PASSWORD)

    # (1) The indicator by commune, imported from a CSV file: upload, preview, confirm.
    path = tmp_path / "familles.csv"
    path.write_text(CSV, encoding="utf-8")
    upload_indicator_file(page, path, "2021", "INSEE, recensement de la population")
    page.get_by_role("heading", name=f"{INDICATOR} (%)").wait_for()
    assert "Nouvel indicateur." in page.locator("main").inner_text()
    page.get_by_role("button", name="Confirmer l’import").click()
    page.wait_for_url("**/admin/snippets/diagnostic/indicator/")
    indicator = Indicator.objects.get(name=INDICATOR, year=2021)
    assert indicator.values.count() == 6

    # (2) A new chapter under /diagnostic/, with a map and a chart.
    index = DiagnosticIndexPage.objects.get(slug="diagnostic")
    page.goto(f"{page.base_url}/admin/pages/add/diagnostic/diagnosticchapterpage/{index.pk}/")
    page.locator("#id_title").fill("Les familles")
    page.locator("#id_summary").fill("Les familles monoparentales dans les Landes.")

    map_index = insert_block(page, "Carte par commune ou par EPCI")
    prefix = f"body-{map_index}-value"
    page.locator(f"input[name='{prefix}-title']").fill("Familles monoparentales par commune")
    field_id = page.locator(f"input[name='{prefix}-indicator']").get_attribute("id")
    page.locator(f"[id='{field_id}-chooser'] .unchosen button").click()
    modal = page.locator(".modal.show, [role=dialog]:visible").first
    modal.get_by_role("link", name=INDICATOR).first.click()
    page.wait_for_function(
        "(name) => document.querySelector(`input[name='${name}']`).value !== ''",
        arg=f"{prefix}-indicator")
    assert page.locator(f"input[name='{prefix}-indicator']").input_value() == str(indicator.pk)

    chart_index = insert_block(page, "Graphique")
    prefix = f"body-{chart_index}-value"
    page.locator(f"input[name='{prefix}-title']").fill("Évolution des familles monoparentales")
    page.locator(f"textarea[name='{prefix}-data']").fill(PASTED)
    page.locator(f"input[name='{prefix}-unit']").fill("%")
    page.locator(f"input[name='{prefix}-source']").fill("INSEE, recensements 2015 et 2021")

    # (3) Published from the footer's action menu.
    publish = page.locator("button[name='action-publish']")
    if not publish.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    publish.click()
    page.wait_for_url(f"**/admin/pages/{index.pk}/")
    chapter = DiagnosticChapterPage.objects.get(slug="les-familles")
    assert chapter.live
    blocks = {block.block_type: block.id for block in chapter.body}
    assert set(blocks) == {"choropleth", "chart"}

    # (4) The public chapter: the map with a commune's value, its legend, the chart and
    # its table, and the CSV files with the same figures.
    page.goto(page.base_url + chapter.url)
    figure = page.locator(f"#bloc-{blocks['choropleth']}")
    svg = figure.locator("svg.choropleth-svg")
    svg.wait_for()
    # French typography: a no-break space before the colon and the percent sign.
    titles = [t.replace("\xa0", " ") for t in svg.locator("path > title").all_text_contents()]
    assert "Mont-de-Marsan : 23,7 %" in titles
    legend = figure.locator(".choropleth-legend")
    assert legend.locator("li").count() >= 2
    assert "Légende" in legend.inner_text()
    response = page.request.get(
        page.base_url + figure.get_by_role("link", name="Télécharger les données (CSV)")
        .get_attribute("href"))
    assert response.status == 200
    lines = response.body().decode("utf-8-sig").splitlines()
    assert "40192,Mont-de-Marsan,23.7" in lines
    assert "40088,Dax,26.1" in lines

    chart = page.locator("figure.diagnostic-chart")
    assert chart.locator("svg[role=img]").count() == 1
    table = chart.locator("table")
    cells = table.locator("tbody").inner_text()
    for value in ("21,4", "23,7", "24,9", "26,1", "15,2", "16,8"):
        assert value in cells
    assert "INSEE, recensements 2015 et 2021" in chart.inner_text()
    link = chart.get_by_role("link", name="Télécharger les données (CSV)")
    assert link.get_attribute("href") == f"{chapter.url}donnees/{blocks['chart']}.csv"
    response = page.request.get(page.base_url + link.get_attribute("href"))
    assert response.status == 200
    content = response.body().decode("utf-8-sig")
    for row in ("Mont-de-Marsan,21.4,23.7", "Dax,24.9,26.1", "Landes,15.2,16.8"):
        assert row in content, content


DEMO_PAGES = [
    "/diagnostic/territoire-et-population/",
    "/diagnostic/intercommunalites/",
    "/diagnostic/solidarites-recensees/",
    "/diagnostic/portrait-de-territoire/",
]


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900},
                                      {"width": 320, "height": 640}], ids=["desktop", "phone"])
def test_demo_chapters_and_portrait_pass_axe(browser, live_server, viewport):
    page = new_page(browser, live_server.url, viewport=viewport)
    try:
        for path in DEMO_PAGES:
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            violations = axe_violations(page)
            assert violations == [], f"{path}:\n{describe(violations)}"
        assert page.csp_violations == []
    finally:
        page.context.close()
