"""Browser test: an action whose text holds a very long word (a pasted link, a name
typed without spaces) still reflows at 320 px (RGAA 10.11): neither its page nor the
map's list scrolls horizontally."""

import pytest

from tests.e2e.conftest import new_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LONG_WORD = "MotExtrêmementLongSansEspaceQuiNeDevraitPasCasserLaMiseEnPage" * 2
PAGE_WIDTH = "() => document.documentElement.scrollWidth"


def add_action_with_long_word():
    """Publish one action in Dax whose summary and description hold LONG_WORD; returns
    its URL path (str)."""
    from initiatives.models import InitiativeIndexPage, InitiativePage
    from portal.models import Commune

    index = InitiativeIndexPage.objects.get(slug="carte")
    page = InitiativePage(
        title="Action au mot très long", slug="action-au-mot-tres-long",
        summary=f"Résumé {LONG_WORD}", description=f"<p>Texte {LONG_WORD}</p>",
        actor_type="association", commune=Commune.objects.get(insee_code="40088"),
        location="SRID=4326;POINT(-1.0536 43.7102)",
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page.url


def test_long_word_does_not_widen_the_action_page_or_the_list_at_320_px(browser, live_server):
    path = add_action_with_long_word()
    page = new_page(browser, live_server.url, viewport={"width": 320, "height": 640})
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        live_server.url) else route.abort())
    try:
        page.goto(live_server.url + path)
        assert page.get_by_text("Texte").is_visible()
        assert page.evaluate(PAGE_WIDTH) <= 320, "the action page scrolls sideways"
        page.goto(live_server.url + "/carte/?q=mot+tres+long")
        assert page.get_by_role("link", name="Action au mot très long").first.is_visible()
        assert page.evaluate(PAGE_WIDTH) <= 320, "the map's list scrolls sideways"
    finally:
        page.context.close()
