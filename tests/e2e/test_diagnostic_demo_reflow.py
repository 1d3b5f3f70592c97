"""Browser test: the demo diagnostic's pages reflow at 320 px (RGAA 10.11): no
horizontal scroll of the page, long French words in headings ("intercommunalités")
included; wide tables scroll inside their own region."""

import pytest

from tests.e2e.conftest import new_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_demo_diagnostic_pages_do_not_scroll_sideways_at_320_px(browser, live_server):
    from diagnostic.models import DiagnosticChapterPage, DiagnosticIndexPage

    index = DiagnosticIndexPage.objects.get()
    urls = [index.url] + [chapter.url for chapter in DiagnosticChapterPage.objects.live()]
    assert len(urls) >= 4
    page = new_page(browser, live_server.url, viewport={"width": 320, "height": 640})
    widths = {}
    for url in urls:
        page.goto(live_server.url + url)
        widths[url] = page.evaluate("document.documentElement.scrollWidth")
    assert widths == {url: 320 for url in urls}
