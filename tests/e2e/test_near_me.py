"""Browser checks of "Près de chez moi": with the keyboard alone, with the geolocation
button (a fixed position granted to the browser context), a refused position told in
French, and no axe-core violation in the fieldset, its errors included."""

import re

import pytest

from tests.e2e.conftest import assert_no_csp_violations, axe_violations, describe, new_page
from tests.e2e.test_map_filters import FILTERS_AND_LIST

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True),
              pytest.mark.usefixtures("demo_site")]

#: Dax's town hall (WGS84 degrees), more precise than the filter keeps.
DAX = {"latitude": 43.7074541, "longitude": -1.0505492}


def listed(page):
    """``[(title, distance km as float)]`` of the list, in its order, read from the
    French text ("à 3,4 km"), once the list shows distances: the URL changes before
    the refreshed list is drawn, and a busy machine may read the list in between."""
    items = page.locator("#liste-actions li.initiative-item")
    items.locator(".initiative-distance").first.wait_for(state="visible", timeout=15000)
    rows = []
    for i in range(items.count()):
        text = items.nth(i).locator(".initiative-distance").inner_text()
        match = re.fullmatch(r"à (\d+),(\d)\xa0km", text)
        assert match, text
        rows.append((items.nth(i).locator("h3").inner_text(),
                     float(f"{match[1]}.{match[2]}")))
    return rows


def assert_nearest_first(rows, radius_km):
    distances = [km for _title, km in rows]
    assert rows and distances == sorted(distances) and distances[-1] <= radius_km, rows


def test_near_a_commune_with_the_keyboard_alone(page):
    page.goto(page.base_url + "/carte/")
    # On a phone the filters are behind the "Filtres" button.
    page.get_by_role("button", name=re.compile("^Filtres")).click()
    field = page.get_by_label("Près de la commune")
    field.focus()
    page.keyboard.type("Dax")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "rayon"
    page.keyboard.type("2")  # select type-ahead: "20 km"
    assert page.locator('select[name="rayon"]').input_value() == "20"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Utiliser ma position"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # sends the form from the commune field
    # Filtered without reload: the canonical URL names the commune by its INSEE code.
    page.wait_for_url(re.compile(r".*pres_de=40088.*rayon=20.*"))
    rows = listed(page)
    assert_nearest_first(rows, 20)
    titles = [title for title, _km in rows]
    assert "Courses pour les personnes isolées à Dax" in titles
    assert "Soutien scolaire à distance" in titles  # Saint-Paul-lès-Dax
    assert not any("Mont-de-Marsan" in title or "Peyrouat" in title for title in titles)
    count = page.locator("#nombre-actions").inner_text()
    assert re.fullmatch(r"\d+ actions? correspond(ent)? aux filtres", count)
    geojson_url = page.locator("#carte-actions").get_attribute("data-geojson-url")
    assert geojson_url == "/carte/geojson/?pres_de=40088&rayon=20"


def test_the_position_button_fills_the_query_with_a_rounded_position(browser, live_server):
    page = new_page(browser, live_server.url, geolocation=DAX, permissions=["geolocation"])
    try:
        page.goto(live_server.url + "/carte/?rayon=5")
        button = page.get_by_role("button", name="Utiliser ma position")
        button.focus()
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r".*lat=43\.707.*"))
        assert "lng=-1.051" in page.url and "4.7074541" not in page.url
        assert "rayon=5" in page.url
        rows = listed(page)
        assert_nearest_first(rows, 5)
        assert rows[0][1] < 1 and "Dax" in rows[0][0]
        assert "Autour de votre position" in page.locator(".filter-proximity").inner_text()
        # Another filter keeps the position (hidden fields of the form).
        page.get_by_label("Alimentation").check()
        page.get_by_role("button", name="Afficher les actions").click()
        page.wait_for_url(re.compile(r".*theme=alimentation.*"))
        assert "lat=43.707" in page.url and "lng=-1.051" in page.url
    finally:
        page.context.close()
    assert_no_csp_violations(page)


def test_a_refused_position_is_told_in_french(browser, live_server):
    page = new_page(browser, live_server.url)  # no geolocation permission: refused
    try:
        page.goto(live_server.url + "/carte/")
        page.get_by_role("button", name="Utiliser ma position").click()
        # The status first says "Recherche de votre position…", then the refusal.
        status = page.locator("[data-near-me-status]", has_text="saisissez plutôt une commune")
        status.wait_for()
        assert status.inner_text() == (
            "Votre position n’a pas été partagée : saisissez plutôt une commune.")
        assert page.url == live_server.url + "/carte/"
    finally:
        page.context.close()


@pytest.mark.parametrize("query", ["?pres_de=Dax&rayon=20", "?pres_de=Paris&lat=95"])
def test_proximity_fieldset_has_no_axe_violation(page, query):
    response = page.goto(page.base_url + "/carte/" + query)
    assert response.status == 200, page.content()[:2000]
    assert page.locator(".filter-proximity legend").inner_text() == "Près de chez moi"
    violations = axe_violations(page, FILTERS_AND_LIST)
    assert violations == [], describe(violations)
