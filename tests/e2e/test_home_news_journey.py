"""Browser checks of the home page, the news index and a news page: no axe-core
violation on a desktop and a phone screen, reflow at 320 px (RGAA 10.11: no horizontal
scrolling), and a visible keyboard focus on the home page's links (RGAA 10.7)."""

import pytest

from tests.e2e.conftest import OVERFLOWING, axe_violations, describe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PATHS = ["/", "/actualites/", "/actualites/installation-du-comite/"]
PAGE_WIDTH = "() => document.documentElement.scrollWidth"
#: The focused element's outline: [style, width in px].
FOCUS_OUTLINE = """() => { const s = getComputedStyle(document.activeElement);
  return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"""


def test_home_and_news_pages_pass_axe_and_reflow(page):
    for width, height in [(1280, 800), (390, 844)]:
        page.set_viewport_size({"width": width, "height": height})
        for path in PATHS:
            page.goto(page.base_url + path)
            violations = axe_violations(page)
            assert violations == [], f"{path} at {width} px:\n{describe(violations)}"
    page.set_viewport_size({"width": 320, "height": 640})
    for path in PATHS:
        page.goto(page.base_url + path)
        assert page.evaluate(PAGE_WIDTH) <= 320, f"{path} scrolls sideways at 320 px"
        assert page.evaluate(OVERFLOWING) == [], path


def test_home_links_show_the_keyboard_focus(page):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(page.base_url + "/")
    for selector in [".hero-button", ".home-card a", ".home-counter a", ".news-card a"]:
        page.locator(selector).first.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # focus reached by the keyboard (:focus-visible)
        style, width = page.evaluate(FOCUS_OUTLINE)
        assert style != "none" and width >= 2, selector
