"""Browser journeys: the marker images of the three maps (public map /carte/, the point
picker of /carte/ajouter/, the admin's LeafletPanel) load with production's static files,
renamed by collectstatic's manifest storage (``marker-icon.<hash>.png``).

The pages render their static URLs from a real manifest (``manifest_static``) and the
browser gets /static/ from that STATIC_ROOT only, as WhiteNoise serves it in production.
Every other request outside the live server is aborted (no tiles).
"""

from pathlib import Path

import pytest

from tests.e2e.conftest import assert_marker_images_load, sign_in_to_admin, zoom_into_clusters

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MAP = "#carte-actions"
PASSWORD = "mot-de-passe-long-42"


@pytest.fixture
def production_static(page, manifest_static):
    """The ``page`` fixture whose /static/ requests are answered from the collected
    STATIC_ROOT (404 for a name collectstatic did not write); other hosts aborted."""
    root = Path(manifest_static)
    static = page.base_url + "/static/"

    def route(route):
        url = route.request.url.split("?", 1)[0]
        if url.startswith(static):
            path = root / url[len(static):]
            if path.is_file():
                route.fulfill(path=str(path))
            else:
                route.fulfill(status=404, body="not collected")
        elif url.startswith(page.base_url):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", route)
    return page


def test_action_page_marker_loads_after_opening_it_from_the_public_map(production_static):
    page = production_static
    page.goto(page.base_url + "/carte/")
    page.wait_for_function(f"() => document.querySelector('{MAP}').dataset.ready")
    assert page.locator(MAP).get_attribute("data-ready") == "true"
    zoom_into_clusters(page, MAP)
    # The public map draws each action in its theme's style (an SVG, no image to load).
    assert page.locator(f"{MAP} .map-marker svg").count() >= 1

    # The one-point map of an action page.
    page.locator(f"{MAP} .map-marker").first.focus()
    page.keyboard.press("Enter")
    page.locator(f"{MAP} .leaflet-popup-content a").first.click()
    page.wait_for_selector("[data-initiatives-map=point] img.leaflet-marker-icon")
    assert_marker_images_load(page, "[data-initiatives-map=point]")


def test_point_picker_marker_loads(production_static):
    page = production_static
    page.goto(page.base_url + "/carte/ajouter/")
    picker = page.locator("[data-point-picker]")
    picker.wait_for(state="visible")
    page.get_by_role("button", name="Placer le point au centre de la carte").click()
    assert_marker_images_load(page, "[data-point-picker]")


def test_admin_map_panel_marker_loads(production_static, make_user):
    from initiatives.models import InitiativePage

    page = production_static
    make_user("redaction@departement.example", is_superuser=True, is_staff=True,
              password=PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in_to_admin(page, "redaction@departement.example", PASSWORD)
    action = InitiativePage.objects.live().first()
    page.goto(f"{page.base_url}/admin/pages/{action.pk}/edit/")
    page.locator(".leaflet-container img.leaflet-marker-icon").first.wait_for()
    assert_marker_images_load(page, ".leaflet-container")
