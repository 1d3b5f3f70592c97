"""Browser journeys on the public map ``/carte/``: markers, list, keyboard, many actions at
one address, feed failure, accessibility (the 40 actions of one address open as a readable
list; each marker is a button named after its action; focus goes into its popup and back).

No tile server in tests: every request that does not go to the live server is aborted, so
these journeys also prove that the map works without tiles.
"""

import re

import pytest

from tests.e2e.conftest import axe_violations, describe, zoom_into_clusters

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MAP = "#carte-actions"
# Three demo actions far apart (Mont-de-Marsan, Biscarrosse, Dax): never clustered together.
THREE = {
    "Accueil des sans-abri pendant le confinement",
    "Atelier de couture de masques à Biscarrosse",
    "Courses pour les personnes isolées à Dax",
}
MDS_POINT = "SRID=4326;POINT(-0.5012 43.8921)"  # one address in Mont-de-Marsan
MDS_TITLES = [f"Action {n:02d} de la Maison départementale des solidarités" for n in range(1, 41)]

# Focused element as the accessibility tree sees it: role, name, tag, text, href.
ACTIVE = """() => {
  const el = document.activeElement;
  return {
    role: el.getAttribute('role') || el.tagName.toLowerCase(),
    name: el.getAttribute('aria-label') || el.getAttribute('alt') || el.textContent.trim(),
    tag: el.tagName, href: el.getAttribute('href'),
    inPopup: !!el.closest('.leaflet-popup'), inMap: !!el.closest('#carte-actions'),
  };
}"""
# Number of actions the drawn markers and clusters stand for.
SHOWN = """() => Array.from(document.querySelectorAll('#carte-actions .leaflet-marker-icon'))
  .reduce((n, el) => n + (el.classList.contains('marker-cluster')
    ? parseInt(el.getAttribute('aria-label'), 10) : 1), 0)"""
# Predicates of wait_for_function are arrow functions: Playwright evaluates a bare
# expression with eval in the page, which the Content-Security-Policy blocks.
NO_POPUP = "() => !document.querySelector('#carte-actions .leaflet-popup')"
# The popup has faded in (axe measures contrast with the opacity of the moment).
POPUP_SHOWN = "() => getComputedStyle(document.querySelector('#carte-actions .leaflet-popup')).opacity === '1'"


@pytest.fixture
def offline(page):
    """The ``page`` fixture with every request outside the live server aborted (no tiles)."""
    base = page.base_url

    def route(route):
        if route.request.url.startswith(base):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", route)
    return page


def open_map(page):
    """Open /carte/ and wait until map.js says its markers are drawn."""
    page.goto(page.base_url + "/carte/")
    page.wait_for_function(f"() => document.querySelector('{MAP}').dataset.ready")
    assert page.locator(MAP).get_attribute("data-ready") == "true"


def live_count():
    from initiatives.models import InitiativePage

    return InitiativePage.objects.live().count()


def keep_only_live(titles):
    from initiatives.models import InitiativePage

    from initiatives.feed_state import bump_feed_version

    InitiativePage.objects.exclude(title__in=titles).update(live=False)
    bump_feed_version()  # a bulk update sends no signal: tell the feed's cache
    assert set(InitiativePage.objects.live().values_list("title", flat=True)) == set(titles)


def add_actions_at_one_address(titles, location=MDS_POINT):
    from django.utils.text import slugify

    from initiatives.models import InitiativeIndexPage, InitiativePage
    from portal.models import Commune

    index = InitiativeIndexPage.objects.get(slug="carte")
    commune = Commune.objects.get(insee_code="40192")
    for title in titles:
        page = InitiativePage(
            title=title, slug=slugify(title), summary="Permanence à la MDS.",
            actor_type="service-public", commune=commune, location=location,
            address="Maison départementale des solidarités",
        )
        index.add_child(instance=page)
        page.save_revision().publish()


def wait_for_cluster_action(page, handle):
    """After clicking a cluster: wait until a popup is open or the zoom animation is over."""
    page.wait_for_function(
        """(el) => document.querySelector('#carte-actions .leaflet-popup')
              || (!el.isConnected && !document.querySelector('.leaflet-cluster-anim'))""",
        arg=handle,
    )
    page.wait_for_timeout(100)


def test_visitor_sees_every_action_on_the_map_and_opens_one_from_the_list(offline):
    page = offline
    open_map(page)
    expected = live_count()
    assert expected == 33  # the demo content
    assert page.evaluate(SHOWN) == expected
    # Numbers in data attributes are never localised (LANGUAGE_CODE is "fr").
    for name in ("data-center-lat", "data-center-lng"):
        assert re.fullmatch(r"-?\d+\.\d+", page.locator(MAP).get_attribute(name))
    # Every marker is a button named after its action, every cluster "N actions".
    markers = page.locator(f"{MAP} .map-marker")
    for i in range(markers.count()):
        assert markers.nth(i).get_attribute("role") == "button"
        assert markers.nth(i).get_attribute("aria-label") not in ("", "Marker", None)
    clusters = page.locator(f"{MAP} .marker-cluster")
    for i in range(clusters.count()):
        assert re.fullmatch(r"\d+ actions", clusters.nth(i).get_attribute("aria-label"))
    assert page.get_by_role("button", name="Zoom avant").count() == 1
    assert page.get_by_role("button", name="Zoom arrière").count() == 1

    page.get_by_role("link", name="Aller à la liste des actions").click()
    first = page.locator("#liste-actions .initiative-item h3 a").first
    title = first.inner_text()
    first.click()
    assert page.locator("h1").inner_text() == title
    assert re.fullmatch(r"-?\d+\.\d+", page.locator("[data-initiatives-map=point]").get_attribute("data-lat"))


def test_keyboard_journey_through_markers_and_popups_c11(offline):
    page = offline
    keep_only_live(THREE)
    open_map(page)
    assert page.locator(f"{MAP} .map-marker").count() == 3
    page.locator(MAP).focus()
    seen = set()
    for key in ("Enter", "Enter", "Space"):  # a button answers both keys
        page.keyboard.press("Tab")
        marker = page.evaluate(ACTIVE)
        assert marker["role"] == "button" and marker["inMap"]
        assert marker["name"] in THREE and marker["name"] not in seen
        seen.add(marker["name"])
        page.keyboard.press(key)
        link = page.evaluate(ACTIVE)
        # Focus is in the popup, on the link to the action.
        assert link["inPopup"] and link["tag"] == "A" and link["name"] == marker["name"]
        assert link["href"].startswith(page.base_url + "/carte/")  # the feed's absolute URL
        close = page.locator(f"{MAP} .leaflet-popup-close-button")
        assert close.get_attribute("aria-label") == "Fermer cette fenêtre"
        page.keyboard.press("Escape")
        assert page.evaluate(ACTIVE)["name"] == marker["name"]
        page.wait_for_function(NO_POPUP)  # gone after its fade-out
        assert page.evaluate(ACTIVE)["name"] == marker["name"]
    assert seen == THREE

    # The close button, reached with Tab and pressed with Enter, also gives focus back.
    name = page.evaluate(ACTIVE)["name"]
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate(ACTIVE) | {"href": None} == {
        "role": "button", "name": "Fermer cette fenêtre", "tag": "A", "href": None,
        "inPopup": True, "inMap": True,
    }
    page.keyboard.press("Enter")
    page.wait_for_function(NO_POPUP)
    assert page.evaluate(ACTIVE)["name"] == name

    # Enter on the popup's link opens the action page.
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/carte/[^/]+/$"))
    assert page.locator("h1").inner_text() == name


def test_cluster_is_a_named_button_that_zooms_in_with_enter(offline):
    page = offline
    open_map(page)
    cluster = page.locator(f"{MAP} .marker-cluster").first
    label = cluster.get_attribute("aria-label")
    count = int(label.split()[0])
    assert label == f"{count} actions" and count >= 2
    assert cluster.get_attribute("role") == "button" and cluster.get_attribute("tabindex") == "0"
    zoom = page.evaluate("document.querySelector('#carte-actions .leaflet-proxy').style.transform")
    cluster.focus()
    page.keyboard.press("Enter")
    # Zoomed in, focus on what the cluster held (a marker or a smaller cluster).
    page.wait_for_function(
        "(z) => document.querySelector('#carte-actions .leaflet-proxy').style.transform !== z"
        " && document.activeElement.classList.contains('leaflet-marker-icon')",
        arg=zoom,
    )
    assert page.locator(f"{MAP} .leaflet-popup").count() == 0
    # Zoomed in past the clusters, every marker is its theme's drawing.
    zoom_into_clusters(page, MAP)
    assert page.locator(f"{MAP} .map-marker svg path").count() >= 1
    assert page.locator(f"{MAP} img.leaflet-marker-icon").count() == 0


def test_forty_actions_at_one_address_open_as_a_list_c10(offline):
    page = offline
    add_actions_at_one_address(MDS_TITLES)
    open_map(page)
    assert page.evaluate(SHOWN) == 33 + 40
    # Click the biggest cluster until the 40 open as a list (never a spider).
    for _ in range(20):
        if page.locator(f"{MAP} .leaflet-popup").count():
            break
        biggest = page.evaluate_handle(
            """() => Array.from(document.querySelectorAll('#carte-actions .marker-cluster'))
                 .sort((a, b) => parseInt(b.getAttribute('aria-label')) - parseInt(a.getAttribute('aria-label')))[0]"""
        )
        biggest.as_element().click()
        wait_for_cluster_action(page, biggest)
    popup = page.locator(f"{MAP} .leaflet-popup")
    assert popup.count() == 1
    assert popup.locator(".map-popup__title").inner_text() == "40 actions à cet endroit"
    links = popup.locator(".map-popup__list a")
    assert links.all_inner_texts() == MDS_TITLES  # sorted, readable titles
    assert links.first.get_attribute("href") == (
        page.base_url + "/carte/action-01-de-la-maison-departementale-des-solidarites/")
    assert page.locator(f"{MAP} .leaflet-overlay-pane path").count() == 0
    # The list scrolls inside the popup, which stays inside the map.
    box = page.evaluate(
        """() => { const l = document.querySelector('.map-popup__list');
                   const p = document.querySelector('.leaflet-popup').getBoundingClientRect();
                   const m = document.querySelector('#carte-actions').getBoundingClientRect();
                   return {scroll: l.scrollHeight > l.clientHeight, overflow: getComputedStyle(l).overflowY,
                           inside: p.height <= m.height}; }"""
    )
    assert box == {"scroll": True, "overflow": "auto", "inside": True}
    links.last.scroll_into_view_if_needed()
    assert links.last.is_visible()
    # Focus went to the first link; Escape goes back to the cluster, Enter reopens the list.
    assert page.evaluate(ACTIVE)["name"] == MDS_TITLES[0]
    page.keyboard.press("Escape")
    assert page.evaluate(ACTIVE) | {"href": None} == {
        "role": "button", "name": "40 actions", "tag": "DIV", "href": None,
        "inPopup": False, "inMap": True,
    }
    page.wait_for_function(NO_POPUP)
    page.keyboard.press("Enter")
    assert page.locator(f"{MAP} .map-popup__list a").count() == 40
    assert page.evaluate(ACTIVE)["name"] == MDS_TITLES[0]
    page.wait_for_function(POPUP_SHOWN)
    violations = axe_violations(page, MAP)
    assert violations == [], describe(violations)


def test_map_shows_a_message_and_keeps_the_list_when_the_feed_fails(offline):
    page = offline
    page.route("**/carte/geojson/**", lambda route: route.fulfill(status=500, body="boom"))
    page.goto(page.base_url + "/carte/")
    page.wait_for_function(f"() => document.querySelector('{MAP}').dataset.ready")
    assert page.locator(MAP).get_attribute("data-ready") == "error"
    alert = page.get_by_role("alert")
    assert alert.inner_text() == (
        "La carte n'a pas pu être chargée : utilisez la liste des actions ci-dessous."
    )
    assert page.locator("#liste-actions .initiative-item").count() == 33


def test_map_works_without_a_tile_url(offline, settings):
    settings.PORTAL_MAP_TILE_URL = ""
    page = offline
    open_map(page)
    assert page.locator(f"{MAP} .leaflet-tile").count() == 0
    assert page.evaluate(SHOWN) == 33


def test_map_list_and_action_page_have_no_axe_violation(offline):
    page = offline
    open_map(page)
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    # With a popup open too.
    keep_only_live(THREE)
    open_map(page)
    page.locator(f"{MAP} .map-marker").first.focus()
    page.keyboard.press("Enter")
    assert page.locator(f"{MAP} .leaflet-popup").count() == 1
    page.wait_for_function(POPUP_SHOWN)
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    page.goto(page.base_url + "/carte/accueil-des-sans-abri-pendant-le-confinement/")
    page.wait_for_selector("[data-initiatives-map=point] .leaflet-marker-icon")
    assert page.get_by_role("button", name="Zoom avant").count() == 1
    violations = axe_violations(page)
    assert violations == [], describe(violations)
