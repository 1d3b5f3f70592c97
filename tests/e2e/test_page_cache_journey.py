"""A visitor's browser on pages served from the page cache: the map and an action page
loaded twice (the second time from the cache) draw their maps under the
Content-Security-Policy with no violation (the ``page`` fixture fails on any), and a
publication shows on the next load."""

import pytest

from portal.page_cache import STATUS_HEADER

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MAP = "#carte-actions"
READY = f"() => document.querySelector('{MAP}').dataset.ready === 'true'"


@pytest.fixture
def offline(page):
    """The ``page`` fixture with every request outside the live server aborted (no tiles)."""
    base = page.base_url
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
               else route.abort())
    return page


def load(page, path, ready):
    response = page.goto(page.base_url + path)
    assert response.status == 200
    page.wait_for_function(ready)
    return response.headers.get(STATUS_HEADER.lower())


def test_cached_map_and_action_pages_work_under_the_csp(offline):
    from initiatives.models import InitiativeIndexPage, InitiativePage
    from portal.models import Commune

    page = offline
    assert load(page, "/carte/", READY) == "miss"
    assert load(page, "/carte/", READY) == "hit"
    markers = "() => document.querySelectorAll('#carte-actions .leaflet-marker-icon').length > 0"
    page.wait_for_function(markers)

    action = InitiativePage.objects.live().order_by("pk").first()
    small_map = "() => !!document.querySelector('.initiatives-map--small.leaflet-container .leaflet-marker-icon')"
    assert load(page, action.url, small_map) == "miss"
    assert load(page, action.url, small_map) == "hit"

    index = InitiativeIndexPage.objects.get(slug="carte")
    new = InitiativePage(title="Vestiaire solidaire de Morcenx", summary="Vêtements.",
                         actor_type="association",
                         commune=Commune.objects.get(insee_code="40192"))
    index.add_child(instance=new)
    new.save_revision().publish()
    assert load(page, "/carte/", READY) == "miss"
    assert page.get_by_role("link", name="Vestiaire solidaire de Morcenx").count() == 1
