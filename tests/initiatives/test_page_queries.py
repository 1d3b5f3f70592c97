"""Public pages of the map cost a fixed number of queries: the list of actions, an
action's page and the home page do not run one query per action, theme or tag."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def queries(client, url):
    """Number of queries of ``GET url`` (after a warm-up request: Wagtail's site and
    content-type caches are per process)."""
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.fixture
def small_map(home_page):
    from initiatives.models import InitiativeIndexPage

    index = InitiativeIndexPage(title="Carte de comptage", slug="carte-comptage")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index


def test_list_and_home_do_not_grow_with_actions(client, small_map, make_action):
    for i in range(2):
        make_action(small_map, f"Action {i}", themes=("sante",), tags=("a",))
    few = {url: queries(client, url) for url in ("/carte-comptage/", "/")}
    for i in range(2, 14):
        make_action(small_map, f"Action {i}", themes=("sante", "logement", "emploi"),
                    tags=(f"t{i}", "commun", "autre"), insee=("40192", "40088")[i % 2])
    many = {url: queries(client, url) for url in ("/carte-comptage/", "/")}
    listing = client.get("/carte-comptage/").content.decode()
    assert "Action 13" in listing and "Action 0" in listing
    assert many == few


def test_action_page_does_not_grow_with_themes_and_tags(client, small_map, make_action):
    one = make_action(small_map, "Un thème", themes=("sante",), tags=("a",))
    three = make_action(small_map, "Trois thèmes", themes=("sante", "logement", "emploi"),
                        tags=("a", "b", "c"))
    assert queries(client, three.url) == queries(client, one.url)
