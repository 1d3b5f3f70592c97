"""Browser test: the portrait de territoire on a desktop screen and a 320 px phone.

The search box is a native combobox (an input tied to a ``<datalist>`` filled by the
server, no script); a person finds a commune by keyboard only (type, Enter; on a choice
list, Tab to a link and Enter); the search page and a portrait pass axe-core and reflow
at 320 px (the indicators' table scrolls in its own focusable region)."""

import re

import pytest

from tests.e2e.conftest import OVERFLOWING, axe_violations, describe, new_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

URL = "/diagnostic/portrait-de-territoire/"

@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800},
                                      {"width": 320, "height": 640}])
def test_search_and_portrait_pass_axe_and_reflow(browser, live_server, viewport):
    page = new_page(browser, live_server.url, viewport=viewport)
    try:
        for path in (URL, URL + "?q=Saint-", URL + "?q=zzzz", URL + "commune/40192/",
                     URL + "epci/244000808/"):
            page.goto(live_server.url + path)
            violations = axe_violations(page)
            assert violations == [], f"{path}:\n{describe(violations)}"
            assert page.evaluate(OVERFLOWING) == [], path
        # The indicators' table region is reachable by keyboard and named by its caption.
        region = page.get_by_role("region", name=re.compile("^Indicateurs de"))
        assert region.get_attribute("tabindex") == "0"
        assert page.csp_violations == []
    finally:
        page.context.close()


def test_find_a_commune_by_keyboard(browser, live_server):
    page = new_page(browser, live_server.url, viewport={"width": 320, "height": 640})
    try:
        page.goto(live_server.url + URL)
        box = page.get_by_role("combobox", name=re.compile("Commune ou intercommunalité"))
        assert box.get_attribute("list") == "territoires-liste"
        options = page.locator("#territoires-liste option")
        assert options.count() == 327 + 18
        # Tab from the top of the page until the search box has the focus.
        for _ in range(30):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.name") == "q":
                break
        assert page.evaluate("document.activeElement.name") == "q"
        page.keyboard.type("mont de marsan")
        page.keyboard.press("Enter")
        page.wait_for_url("**/commune/40192/")
        assert page.get_by_role("heading", level=1).inner_text() == "Mont-de-Marsan"

        # An ambiguous start: the choice list, then a link chosen with Tab and Enter.
        page.goto(live_server.url + URL)
        page.get_by_role("combobox").focus()
        page.keyboard.type("Saint-")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"\?q=Saint-"))
        first = page.locator(".portrait-choices a").first
        href = first.get_attribute("href")
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.getAttribute('href')") == href:
                break
        page.keyboard.press("Enter")
        page.wait_for_url("**" + href)
        assert page.get_by_role("heading", level=1).inner_text().startswith("Saint-")
        assert page.csp_violations == []
    finally:
        page.context.close()
