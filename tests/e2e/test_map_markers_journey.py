"""Browser journeys of the map's theme markers, legend, lazy popups and boundaries, and of
the point picker's commune check. Every request outside the live server is aborted (no
tiles): the boundaries are what the map shows of the territory."""

import pytest

from tests.e2e.conftest import axe_violations, describe
from tests.e2e.test_map_journey import MAP, POPUP_SHOWN, THREE, keep_only_live, open_map

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LEGEND = "#carte-legende"
# The marker's drawing, read from the page: class, path, fill and glyph of its SVG.
DRAWING = """(el) => { const svg = el.querySelector('svg'); return {
  theme: Array.from(el.classList).find((c) => c.startsWith('map-marker--')),
  path: svg.querySelector('path').getAttribute('d'),
  fill: svg.querySelector('path').getAttribute('fill'),
  glyph: svg.querySelector('text').textContent,
  hidden: svg.getAttribute('aria-hidden') }; }"""


@pytest.fixture
def offline(page):
    base = page.base_url
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
               else route.abort())
    return page


def main_theme_of(title):
    from initiatives.markers import THEME_ORDER
    from initiatives.models import InitiativePage

    page = InitiativePage.objects.get(title=title)
    first = page.themes.order_by(*THEME_ORDER).first()
    return first.slug if first else ""


def test_legend_lists_every_theme_and_each_marker_wears_its_main_themes_drawing(offline):
    from portal.models import Theme

    page = offline
    keep_only_live(THREE)
    open_map(page)
    legend = page.locator(LEGEND)
    assert legend.get_by_role("heading").inner_text() == "Légende de la carte"
    items = legend.get_by_role("list").get_by_role("listitem")
    labels = [text.strip() for text in items.locator("span").all_inner_texts()]
    themes = list(Theme.objects.order_by("sort_order", "label").values_list("label", flat=True))
    assert labels == [*themes, "Sans thématique", "Limite du département",
                      "Limites des intercommunalités (EPCI)"]
    # Each drawing is hidden from assistive technologies: the label says it.
    assert legend.locator("svg[aria-hidden=true]").count() == len(labels)

    markers = page.locator(f"{MAP} .map-marker")
    assert markers.count() == 3
    for i in range(3):
        marker = markers.nth(i)
        title = marker.get_attribute("aria-label")
        assert title in THREE and marker.get_attribute("role") == "button"
        assert marker.get_attribute("tabindex") == "0"
        slug = main_theme_of(title)
        drawing = marker.evaluate(DRAWING)
        assert drawing["theme"] == f"map-marker--{slug or 'sans-theme'}"
        assert drawing["hidden"] == "true"
        item = legend.locator(f"li[data-theme='{slug}'] svg")
        assert drawing["path"] == item.locator("path").get_attribute("d")
        assert drawing["fill"] == item.locator("path").get_attribute("fill")
        assert drawing["glyph"] == item.locator("text").text_content()


def test_popup_opened_with_the_keyboard_shows_summary_themes_commune_and_link(
        offline, settings, tmp_path):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    from initiatives.markers import THEME_ORDER
    from initiatives.models import InitiativePage

    settings.MEDIA_ROOT = str(tmp_path)
    page = offline
    title = "Courses pour les personnes isolées à Dax"
    action = InitiativePage.objects.get(title=title)
    action.image = get_image_model().objects.create(
        title="Courses", file=get_test_image_file(size=(480, 320)),
        description="Une bénévole porte deux sacs de courses")
    action.save_revision().publish()
    labels = list(action.themes.order_by(*THEME_ORDER).values_list("label", flat=True))
    assert labels
    keep_only_live(THREE)
    open_map(page)
    page.locator(MAP).focus()
    for _ in range(3):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('aria-label')") == title:
            break
    page.keyboard.press("Enter")
    popup = page.locator(f"{MAP} .leaflet-popup .map-popup")
    page.wait_for_function(
        "() => document.querySelector('#carte-actions .map-popup').dataset.loaded === 'true'")
    link = popup.get_by_role("link", name=title)
    assert link.get_attribute("href") == page.base_url + action.url
    # Focus stays on the link while the details arrive below it.
    assert page.evaluate("document.activeElement.textContent") == title
    assert popup.locator(".map-popup__summary").inner_text() == action.summary
    assert popup.locator(".map-popup__place").inner_text() == "Dax"
    assert popup.locator(".map-popup__themes .tag").all_inner_texts() == labels
    photo = popup.get_by_role("img", name="Une bénévole porte deux sacs de courses")
    assert "fill-240x160" in photo.get_attribute("src")
    assert (photo.get_attribute("width"), photo.get_attribute("height")) == ("240", "160")
    assert popup.get_attribute("aria-busy") is None
    page.wait_for_function(POPUP_SHOWN)
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_outline_and_epci_are_drawn_under_the_markers_with_tiles_off(offline, settings):
    settings.PORTAL_MAP_TILE_URL = ""
    page = offline
    open_map(page)
    page.wait_for_function(
        "() => document.querySelector('#carte-actions').dataset.boundaries === 'drawn'")
    assert page.locator(f"{MAP} .leaflet-tile").count() == 0
    pane = page.locator(f"{MAP} .leaflet-initiatives-boundaries-pane")
    assert pane.get_attribute("aria-hidden") == "true"
    assert pane.locator("path.map-boundary--departement").count() == 1
    assert pane.locator("path.map-boundary--epci").count() == 18
    # Drawn (a real outline on screen), never focusable nor clickable.
    box = pane.locator("path.map-boundary--departement").bounding_box()
    assert box["width"] > 100 and box["height"] > 100
    assert pane.locator("[tabindex]").count() == 0
    assert pane.locator("path.leaflet-interactive").count() == 0
    z = page.evaluate("""() => [getComputedStyle(document.querySelector(
        '#carte-actions .leaflet-initiatives-boundaries-pane')).zIndex,
        getComputedStyle(document.querySelector('#carte-actions .leaflet-marker-pane')).zIndex]""")
    assert int(z[0]) < int(z[1])
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_point_picker_centres_on_the_commune_and_warns_outside_it(offline):
    page = offline
    page.goto(page.base_url + "/carte/ajouter/")
    picker = page.locator("[data-point-picker]")
    picker.wait_for(state="visible")
    warning = page.locator("#point-hors-commune")
    assert warning.get_attribute("aria-live") == "polite" and warning.inner_text() == ""

    page.locator("#id_commune").fill("Mont-de-Marsan (40192)")
    page.locator("#id_commune").press("Tab")  # "change"
    page.wait_for_function("() => document.querySelector('[data-point-picker]').dataset.commune === '40192'")
    outline = picker.locator(".leaflet-overlay-pane path")
    assert outline.count() == 1 and "leaflet-interactive" not in (outline.get_attribute("class") or "")

    # The centre of the fitted map lies in the commune: no warning.
    page.get_by_role("button", name="Placer le point au centre de la carte").click()
    lat = float(page.locator("#id_latitude").input_value())
    lng = float(page.locator("#id_longitude").input_value())
    assert 43.85 < lat < 43.95 and -0.55 < lng < -0.42  # Mont-de-Marsan
    assert warning.inner_text() == ""

    # A click in the map's corner, beyond the commune's outline: a warning, point kept.
    box = picker.bounding_box()
    page.mouse.click(box["x"] + 6, box["y"] + box["height"] - 6)
    assert warning.inner_text() == (
        "Ce point est en dehors des limites de Mont-de-Marsan. Vérifiez-le ; il sera tout de "
        "même accepté, car les limites sont tracées à environ 100 m près.")
    assert page.locator("#id_latitude").input_value() != str(lat)
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    # Removing the point removes the warning; another commune (by its name) moves the map.
    page.get_by_role("button", name="Retirer le point").click()
    assert warning.inner_text() == ""
    page.locator("#id_commune").fill("dax")
    page.locator("#id_commune").press("Tab")
    page.wait_for_function("() => document.querySelector('[data-point-picker]').dataset.commune === '40088'")
