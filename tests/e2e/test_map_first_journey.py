"""Browser journeys on the map-first page ``/carte/``: the map in the first screen (a
compact filter panel beside it on a desktop, behind a "Filtres" button on a phone), a
short keyboard path to the list, filtering by theme toggle and by typed tag with the
keyboard alone, without reloading (URL, list, map and count updated; Back and Forward
restoring filters and results), the GET form without JavaScript, axe-core and reflow.
"""

import re

import pytest

from tests.e2e.conftest import assert_no_csp_violations, axe_violations, describe, new_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True),
              pytest.mark.usefixtures("demo_site")]

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
MAP = "#carte-actions"
PEYROUAT = "Distribution alimentaire au quartier du Peyrouat"  # alimentation, tag "colis"
DAX = "Courses pour les personnes isolées à Dax"  # alimentation, no "colis"
BISCARROSSE = "Atelier de couture de masques à Biscarrosse"  # santé

MAP_READY = "() => document.querySelector('#carte-actions').dataset.ready === 'true'"
# Top of an element in CSS pixels from the top of the page (not of the viewport).
TOP = "(sel) => document.querySelector(sel).getBoundingClientRect().top + window.scrollY"
# Elements of <main> outside the map whose box goes past the viewport's right edge.
OVERFLOWING_OUTSIDE_MAP = """() => {
  const width = document.documentElement.clientWidth;
  return Array.from(document.querySelectorAll('main *'))
    .filter((el) => !el.closest('#carte-actions'))
    .filter((el) => { const box = el.getBoundingClientRect(); return box.width > 0 && box.right > width + 1; })
    .map((el) => el.tagName.toLowerCase() + '#' + el.id);
}"""
# Number of actions the drawn markers and clusters stand for.
SHOWN = """() => Array.from(document.querySelectorAll('#carte-actions .leaflet-marker-icon'))
  .reduce((n, el) => n + (el.classList.contains('marker-cluster')
    ? parseInt(el.getAttribute('aria-label'), 10) : 1), 0)"""


def offline_page(browser, live_server, viewport, **options):
    """A new page at ``viewport`` whose requests outside the live server are aborted."""
    page = new_page(browser, live_server.url, viewport=viewport, **options)
    base = live_server.url
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
               else route.abort())
    return page


def open_map(page, query=""):
    page.goto(page.base_url + "/carte/" + query)
    page.wait_for_function(MAP_READY)


def titles(page):
    return page.locator("#liste-actions h3").all_inner_texts()


def count_text(page):
    return page.locator("#nombre-actions").inner_text()


def wait_applied(page, url_part):
    """Wait until the URL holds ``url_part``, the list is swapped and the map redrawn."""
    page.wait_for_url(re.compile(r".*" + re.escape(url_part) + r".*"))
    page.wait_for_function("() => !document.querySelector('#filtres-actions[aria-busy]')")
    page.wait_for_function(MAP_READY)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_map_is_in_the_first_screen_and_the_list_a_few_tabs_away(browser, live_server, viewport):
    page = offline_page(browser, live_server, viewport)
    try:
        open_map(page)
        top = page.evaluate(TOP, MAP)
        toggle = page.get_by_role("button", name="Filtres")
        if viewport is DESKTOP:
            assert top <= 600, top
            # The filter panel is beside the map, not above it.
            panel = page.locator("#filtres-panneau").bounding_box()
            carte = page.locator(MAP).bounding_box()
            assert panel["x"] + panel["width"] <= carte["x"] and panel["y"] < carte["y"] + carte["height"]
            assert not toggle.is_visible()
        else:
            # On a phone the filters are behind the "Filtres" button: the map comes first.
            assert top + 150 <= viewport["height"], top
            assert toggle.get_attribute("aria-expanded") == "false"
            assert toggle.get_attribute("aria-controls") == "filtres-panneau"
            assert not page.locator("#filtres-panneau").is_visible()
            toggle.focus()
            page.keyboard.press("Enter")
            assert toggle.get_attribute("aria-expanded") == "true"
            assert page.locator("#filtres-panneau").is_visible()
            assert page.evaluate("document.activeElement.id") == "id_q"
            page.keyboard.press("Shift+Tab")
            page.keyboard.press("Enter")
            assert toggle.get_attribute("aria-expanded") == "false"
        # The skip link to the list comes within a few Tab presses from the top.
        open_map(page)  # Tab from the top of a fresh page
        presses, seen = 0, []
        for presses in range(1, 16):
            page.keyboard.press("Tab")
            seen.append(page.evaluate("document.activeElement.textContent.trim()"))
            if seen[-1] == "Aller à la liste des actions":
                break
        else:
            pytest.fail(f"no link to the list in the first 15 Tab presses: {seen}")
        assert presses <= 12, presses
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r".*#liste-actions$"))
        assert page.evaluate("document.activeElement.id") == "liste-actions"
    finally:
        page.context.close()
    assert_no_csp_violations(page)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_filter_by_theme_and_typed_tag_with_the_keyboard_then_back_and_forward(
    browser, live_server, viewport
):
    page = offline_page(browser, live_server, viewport)
    try:
        open_map(page)
        all_count = count_text(page)
        all_titles = titles(page)
        all_shown = page.evaluate(SHOWN)
        page.evaluate("() => { window.__sameDocument = true; }")
        if viewport is PHONE:
            page.get_by_role("button", name="Filtres").click()

        # A theme toggle, with the keyboard: Space on the focused checkbox.
        page.locator("#filtres-panneau").get_by_text("Alimentation", exact=True).wait_for()
        toggle = page.get_by_role("checkbox", name="Alimentation")
        toggle.focus()
        page.keyboard.press("Space")
        wait_applied(page, "theme=alimentation")
        theme_titles = titles(page)
        assert PEYROUAT in theme_titles and DAX in theme_titles
        assert BISCARROSSE not in theme_titles
        theme_count = count_text(page)
        assert re.fullmatch(r"\d+ actions? correspond(ent)? aux filtres", theme_count)
        assert page.locator("#compte-carte").inner_text() == theme_count
        assert page.locator("#compte-carte").get_attribute("role") == "status"
        assert page.evaluate(SHOWN) == int(theme_count.split()[0]) < all_shown
        assert page.get_by_role("checkbox", name="Alimentation").is_checked()

        # A tag typed (any case) then Enter: a removable chip, the list and map narrowed.
        tag_input = page.get_by_role("combobox", name="Mot-clé")
        tag_input.focus()
        page.keyboard.type("Colis")
        page.keyboard.press("Enter")
        wait_applied(page, "etiquette=colis")
        assert "theme=alimentation" in page.url
        # "Près de chez moi" was not used: its radius is not in the URL.
        assert "rayon" not in page.url
        assert titles(page) == [PEYROUAT]
        assert page.locator("#compte-carte").inner_text() == "1 action correspond aux filtres"
        assert page.evaluate(SHOWN) == 1
        remove = page.get_by_role("button", name="Retirer le mot-clé « colis »")
        assert remove.is_visible()
        assert page.locator(MAP).get_attribute("data-geojson-url") == (
            "/carte/geojson/?theme=alimentation&etiquette=colis")
        assert page.evaluate("window.__sameDocument") is True  # no reload

        # Back: the theme only, in the form and in the results; Back again: nothing.
        page.go_back()
        wait_applied(page, "theme=alimentation")
        assert "etiquette" not in page.url
        assert titles(page) == theme_titles and count_text(page) == theme_count
        assert page.get_by_role("checkbox", name="Alimentation").is_checked()
        assert page.get_by_role("button", name=re.compile("Retirer le mot-clé")).count() == 0
        page.go_back()
        page.wait_for_url(live_server.url + "/carte/")
        page.wait_for_function("() => !document.querySelector('#filtres-actions[aria-busy]')")
        page.wait_for_function(MAP_READY)
        assert titles(page) == all_titles and count_text(page) == all_count
        assert not page.get_by_role("checkbox", name="Alimentation").is_checked()
        assert page.evaluate(SHOWN) == all_shown
        page.go_forward()
        wait_applied(page, "theme=alimentation")
        assert titles(page) == theme_titles
        assert page.get_by_role("checkbox", name="Alimentation").is_checked()
        page.go_forward()
        wait_applied(page, "etiquette=colis")
        assert titles(page) == [PEYROUAT]

        # Removing the chip with the keyboard widens the list again.
        page.get_by_role("button", name="Retirer le mot-clé « colis »").focus()
        page.keyboard.press("Enter")
        page.wait_for_function("() => !location.search.includes('etiquette')")
        page.wait_for_function("() => !document.querySelector('#filtres-actions[aria-busy]')")
        assert titles(page) == theme_titles
        assert page.evaluate("window.__sameDocument") is True
    finally:
        page.context.close()
    assert_no_csp_violations(page)


def test_typed_commune_and_unknown_names_without_reload(browser, live_server):
    page = offline_page(browser, live_server, DESKTOP)
    try:
        open_map(page)
        commune = page.get_by_role("combobox", name="Commune", exact=True)
        commune.fill("mont de marsan")
        commune.press("Enter")
        wait_applied(page, "commune=40192")
        assert page.get_by_role("combobox", name="Commune", exact=True).input_value() == "Mont-de-Marsan (40192)"
        assert PEYROUAT in titles(page) and DAX not in titles(page)
        assert page.title().startswith("Carte des solidarités")
        # The swapped fields keep their enhancements ("Près de chez moi"'s button).
        assert page.get_by_role("button", name="Utiliser ma position").is_visible()
        commune = page.get_by_role("combobox", name="Commune", exact=True)
        commune.fill("Saint-Vincent")
        commune.press("Enter")
        page.wait_for_selector("#filtres-erreurs")
        summary = page.locator("#filtres-erreurs").inner_text()
        assert "« Saint-Vincent » peut désigner plusieurs communes" in summary, summary
        # The title says so, as the page served without JavaScript does (RGAA 8.6).
        assert page.title().startswith("Erreur – Carte des solidarités")
        assert page.get_by_role("combobox", name="Commune", exact=True).get_attribute("aria-invalid") == "true"
        # The refused commune is ignored by the map too, without a map error.
        page.wait_for_function("() => document.querySelector('#carte-actions').dataset.geojsonUrl === '/carte/geojson/'")
        page.wait_for_function(MAP_READY)
        assert page.locator(".map-error").count() == 0
        assert page.evaluate(SHOWN) == 33
        violations = axe_violations(page)
        assert violations == [], describe(violations)
    finally:
        page.context.close()
    assert_no_csp_violations(page)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_get_form_filters_without_javascript(browser, live_server, viewport):
    page = new_page(browser, live_server.url, viewport=viewport, java_script_enabled=False)
    try:
        page.goto(live_server.url + "/carte/")
        # Without JavaScript the filters are shown (no disclosure to open).
        assert page.locator("#filtres-panneau").is_visible()
        page.get_by_label("Alimentation").check()
        page.get_by_label("Mot-clé", exact=True).fill("COLIS")
        page.get_by_label("Commune", exact=True).fill("Mont-de-Marsan")
        page.get_by_role("button", name="Afficher les actions").click()
        page.wait_for_url(re.compile(r".*theme=alimentation.*"))
        assert titles(page) == [PEYROUAT]
        assert page.locator("#nombre-actions").inner_text() == "1 action correspond aux filtres"
        assert page.locator(MAP).get_attribute("data-geojson-url") == (
            "/carte/geojson/?theme=alimentation&etiquette=colis&commune=40192")
        # The chosen tag is a ticked box: untick it and send to remove it.
        chip = page.get_by_role("checkbox", name="colis")
        assert chip.is_checked()
        chip.uncheck()
        page.get_by_label("Commune", exact=True).fill("")
        page.get_by_role("button", name="Afficher les actions").click()
        page.wait_for_url(re.compile(r"^(?!.*etiquette=colis).*$"))
        assert DAX in titles(page) and PEYROUAT in titles(page)
        assert BISCARROSSE not in titles(page)
        assert page.get_by_role("checkbox", name="colis").count() == 0
        # An unknown tag: the error summary in French, every action still listed.
        page.get_by_label("Mot-clé", exact=True).fill("zorglub")
        page.get_by_role("button", name="Afficher les actions").click()
        page.wait_for_selector("#filtres-erreurs")
        assert "Mots-clés : Aucune action publiée n’a le mot-clé « zorglub »." in (
            page.locator("#filtres-erreurs").inner_text())
    finally:
        page.context.close()
    assert_no_csp_violations(page)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE, {"width": 320, "height": 640}],
                         ids=["desktop", "phone", "320"])
def test_map_page_passes_axe_and_reflows(browser, live_server, viewport):
    page = offline_page(browser, live_server, viewport)
    try:
        open_map(page, "?theme=alimentation&etiquette=colis&commune=40192")
        violations = axe_violations(page)
        assert violations == [], describe(violations)
        toggle = page.get_by_role("button", name=re.compile("^Filtres"))
        if toggle.is_visible():
            toggle.click()
            violations = axe_violations(page)
            assert violations == [], describe(violations)
        # Map tiles, panes and drawn boundaries overflow inside the map, which clips them.
        assert page.evaluate(OVERFLOWING_OUTSIDE_MAP) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    finally:
        page.context.close()
    assert_no_csp_violations(page)
