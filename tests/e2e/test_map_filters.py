"""Browser checks of the map page's filter form: accessible (axe-core), usable without
JavaScript, filters in the URL and the back button restoring the previous list."""

import re

import pytest

from tests.e2e.conftest import assert_no_csp_violations, axe_violations, describe, new_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True),
              pytest.mark.usefixtures("demo_site")]


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
