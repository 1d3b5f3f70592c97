"""Browser checks of the map page's filter form: accessible (axe-core), usable without
JavaScript, filters in the URL and the back button restoring the previous list."""

import re

import pytest

from tests.e2e.conftest import assert_no_csp_violations, axe_violations, describe, new_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]



@pytest.fixture(autouse=True)
def demo_site(live_server):
    """The demo site, loaded again when an earlier transactional test flushed it.

    The snapshot of tests/conftest.py is kept on the main thread's connection object;
    once Playwright's event loop runs, Django hands this thread another connection object
    without it, so a second transactional test after non-transactional ones starts empty.
    """
    from django.core.management import call_command
    from wagtail.models import Locale, Page

    from initiatives.models import InitiativeIndexPage
    from portal.models import Theme
    from portal.themes import THEMES

    if not InitiativeIndexPage.objects.filter(slug="carte").exists():
        # What Wagtail's and portal's migrations create, then the quick start's data.
        locale, _ = Locale.objects.get_or_create(language_code="fr")
        if Page.get_first_root_node() is None:
            Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
        for order, (slug, label) in enumerate(THEMES):
            Theme.objects.get_or_create(slug=slug, defaults={"label": label, "sort_order": order})
        call_command("load_reference_data", verbosity=0)
        call_command("load_demo_content", verbosity=0)


# The filter form and the list; the map itself is checked by the map's own tests.
FILTERS_AND_LIST = {"include": [["section.initiatives-filters"], ["#liste-actions"]]}


@pytest.mark.parametrize("query", [
    "?commune=40192&theme=alimentation",
    "?commune=99999&acteur=pirate",  # with the error summary shown
])
def test_filter_form_and_list_have_no_axe_violation(page, query):
    response = page.goto(page.base_url + "/carte/" + query)
    assert response.status == 200, page.content()[:3000]
    assert page.locator("#filtres-titre").inner_text() == "Trouver une action"
    violations = axe_violations(page, FILTERS_AND_LIST)
    assert violations == [], describe(violations)


def test_filters_work_without_javascript_and_back_restores_the_list(browser, live_server):
    page = new_page(browser, live_server.url, java_script_enabled=False)
    try:
        page.goto(live_server.url + "/carte/")
        count_all = page.locator("#nombre-actions").inner_text()
        assert re.fullmatch(r"\d+ actions", count_all)

        page.get_by_label("Commune", exact=True).fill("40192")
        page.get_by_label("Alimentation").check()
        page.get_by_role("button", name="Afficher les actions").click()
        page.wait_for_url(re.compile(r".*commune=40192.*"))
        assert "theme=alimentation" in page.url
        assert "correspond" in page.locator("#nombre-actions").inner_text()
        titles = page.locator("#liste-actions h3").all_inner_texts()
        assert "Distribution alimentaire au quartier du Peyrouat" in titles
        assert "Courses pour les personnes isolées à Dax" not in titles
        geojson_url = page.locator("#carte-actions").get_attribute("data-geojson-url")
        assert geojson_url == "/carte/geojson/?theme=alimentation&commune=40192"

        page.go_back()
        page.wait_for_url(live_server.url + "/carte/")
        assert page.locator("#nombre-actions").inner_text() == count_all
    finally:
        page.context.close()
    assert_no_csp_violations(page)
