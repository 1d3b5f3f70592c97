"""Browser tests of the site's default look on the pages it restyles (home, map, an
action, questionnaire, a diagnostic chapter, proposals), at 1280x800 and 390x844:
no axe-core violation, no sideways scroll (RGAA 10.11), key figures side by side on a
wide screen and stacked on a phone, the questionnaire's choices at least 44 px high on a
phone (WCAG 2.5.5), and a print rendering without navigation or map controls that
writes where links lead."""

import pytest

from tests.e2e.conftest import OVERFLOWING, axe_violations, describe, new_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

#: conftest's OVERFLOWING, except inside a Leaflet map: its tiles and layers run past
#: the map's edge inside its clipped box (the map itself is exempt from reflow).
OVERFLOWING_OUTSIDE_MAPS = OVERFLOWING.replace(
    "if (box.width === 0", "if (el.closest('.leaflet-container')) continue;\n    if (box.width === 0")
assert OVERFLOWING_OUTSIDE_MAPS != OVERFLOWING
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def public_urls():
    """Paths of the restyled pages in the demo content (list of str)."""
    from diagnostic.models import DiagnosticChapterPage
    from initiatives.models import InitiativePage

    action = InitiativePage.objects.live().order_by("title").first()
    chapter = DiagnosticChapterPage.objects.live().order_by("path").first()
    return ["/", "/carte/", action.url, "/consultation/", chapter.url, "/propositions/"]


def offline(page, live_server):
    """Abort every request that leaves the live server (map tiles): no network in tests."""
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        live_server.url) else route.abort())


@pytest.mark.parametrize("size", sorted(SIZES))
def test_restyled_pages_pass_axe_and_reflow(browser, live_server, size):
    page = new_page(browser, live_server.url, viewport=SIZES[size])
    offline(page, live_server)
    try:
        for url in public_urls():
            page.goto(live_server.url + url)
            violations = axe_violations(page)
            assert violations == [], f"{url} ({size}):\n{describe(violations)}"
            assert page.evaluate(OVERFLOWING_OUTSIDE_MAPS) == [], url
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width == SIZES[size]["width"], url
    finally:
        page.context.close()


@pytest.mark.parametrize("size", sorted(SIZES))
def test_key_figures_side_by_side_on_a_wide_screen_stacked_on_a_phone(browser, live_server, size):
    from diagnostic.models import DiagnosticChapterPage

    chapter = DiagnosticChapterPage.objects.live().order_by("path").first()
    page = new_page(browser, live_server.url, viewport=SIZES[size])
    offline(page, live_server)
    try:
        page.goto(live_server.url + chapter.url)
        boxes = [box for box in (figure.bounding_box() for figure in
                                 page.locator(".key-figures-grid .key-figure").all())]
        assert len(boxes) >= 3
        tops = {round(box["y"]) for box in boxes[:3]}
        if size == "desktop":
            assert len(tops) == 1, boxes  # one row
        else:
            assert len(tops) == 3, boxes  # one under the other
            assert all(box["width"] >= 300 for box in boxes)
        # The number is the figure's largest text, in the site's colour.
        number = page.locator(".key-figure-value strong").first
        assert float(number.evaluate("(el) => parseFloat(getComputedStyle(el).fontSize)")) >= 28
    finally:
        page.context.close()


def test_questionnaire_choices_are_comfortable_touch_targets_on_a_phone(browser, live_server):
    page = new_page(browser, live_server.url, viewport=SIZES["phone"])
    try:
        page.goto(live_server.url + "/consultation/")
        choices = page.locator("[data-consultation-form] .form-field ul li:visible")
        assert choices.count() >= 10
        heights = [choice.bounding_box()["height"] for choice in choices.all()]
        assert min(heights) >= 44, heights
        # A tap on the box, beside the words, picks the answer.
        first = choices.first
        first.scroll_into_view_if_needed()  # the mouse only reaches what is on the screen
        box = first.bounding_box()
        page.mouse.click(box["x"] + box["width"] - 10, box["y"] + box["height"] / 2)
        assert first.locator("input").is_checked()
        inputs = page.locator("[data-consultation-form] select, [data-consultation-form] textarea")
        assert all(field.bounding_box()["height"] >= 44 for field in inputs.all())
        assert page.get_by_role("button", name="Envoyer").bounding_box()["height"] >= 44
    finally:
        page.context.close()


def test_map_page_prints_without_navigation_controls_or_filters(browser, live_server):
    page = new_page(browser, live_server.url, viewport=SIZES["desktop"])
    offline(page, live_server)
    try:
        page.goto(live_server.url + "/carte/")
        page.wait_for_selector("#carte-actions .leaflet-control-zoom")
        assert page.locator(".site-header nav").is_visible()
        page.emulate_media(media="print")
        for selector in (".site-header nav", ".site-footer", ".initiatives-filters",
                         ".leaflet-control-container", ".map-page-links", ".pagination"):
            shown = page.locator(selector)
            assert all(not element.is_visible() for element in shown.all()), selector
        assert page.locator("h1").is_visible()
        assert page.locator(".initiative-item").first.is_visible()
        # A link in the text shows where it leads; a list item's title does not repeat it.
        resend = page.evaluate("""() => getComputedStyle(
            document.querySelector('main .lead a, main p a[href^="/"]'), '::after').content""")
        assert "/carte/" in resend
        title = page.evaluate("""() => getComputedStyle(
            document.querySelector('.initiative-item h3 a'), '::after').content""")
        assert title == "none"
        color = page.evaluate("getComputedStyle(document.querySelector('.initiative-item h3 a')).color")
        assert color == "rgb(0, 0, 0)"
    finally:
        page.context.close()
