"""Browser journey on a chapter with a commune map: accessible, CSP-clean, sortable table."""

import pytest

from diagnostic.indicators.models import Level
from tests.diagnostic.test_choropleth import make_chapter, make_indicator
from tests.e2e.conftest import axe_violations, describe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_commune_map_is_accessible_and_its_table_sorts(page):
    indicator = make_indicator(level=Level.COMMUNE, secret={"40192"}, missing={"40001"})
    chapter, _block_id = make_chapter(indicator)
    page.set_viewport_size({"width": 1100, "height": 900})
    page.goto(page.base_url + chapter.url)
    svg = page.locator("svg.choropleth-svg")
    assert svg.get_attribute("role") == "img"
    assert svg.locator("path").count() == 327 + 2
    page.locator("details.choropleth-data summary").click()
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    page.screenshot(path="/tmp/geo_chapter.png", full_page=False)
    # The value column sorts descending on a second activation, numbers first.
    header = page.locator("table.data-table thead th").nth(2)
    button = header.get_by_role("button")
    button.focus()
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "ascending"
    first = page.locator("table.data-table tbody tr").first.locator("td.num")
    assert first.inner_text() == "10,5"  # 40001 (10.0) is missing; 40002 is next
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "descending"
    assert first.inner_text() == "173,0"
    last = page.locator("table.data-table tbody tr").last.locator("td.num")
    assert last.inner_text() in ("secret", "n.d.")
    # Reflow at 320 px: nothing wider than the viewport but the table's own scroller.
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
