"""Browser checks of every public page and of every form's error state (enumerated from
the demo content by tests/public_pages.py, so that pages added later are covered):
axe-core finds no violation at 1280x800 and at 390x844, no map attribution is left in
English (RGAA 8.7), and nothing but the map and the
data tables' own scrolling regions is wider than a 320 px window (RGAA 10.11). One
browser context per viewport, the pages loaded in a loop. The checks on the served HTML
(vnu, titles, autocomplete) are in tests/portal/test_public_pages_conformance.py."""

import pytest

from tests.e2e.conftest import axe_violations, describe, new_page
from tests.public_pages import states

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True),
              pytest.mark.usefixtures("demo_site")]

#: Elements of <main> past the window's right edge (as in conftest.OVERFLOWING), except
#: inside a horizontally scrolling region (a data table's) or the map, which pans.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  const out = [];
  for (const el of document.querySelectorAll('main *')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1 || el.closest('.leaflet-container')) continue;
    let inRegion = false;
    for (let p = el.parentElement; p; p = p.parentElement) {
      if (scrolls(p)) { inRegion = true; break; }
    }
    if (!inRegion) out.push(`${el.tagName.toLowerCase()}#${el.id}.${el.className} (${Math.round(box.right)} px)`);
  }
  if (document.documentElement.scrollWidth > width) out.push(`page ${document.documentElement.scrollWidth} px`);
  return out.slice(0, 5);
}"""


def visit_every_state(browser, live_server, viewport, check):
    """Load every state in one browser context of ``viewport`` (dict width, height) and
    call ``check(page)`` (-> list of problems) on each. Output: dict label -> problems,
    only for states with problems. Requests outside the live server (map tiles) are
    refused: no network at run time."""
    from django.test import Client

    page = new_page(browser, live_server.url, viewport=viewport)
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        live_server.url) else route.abort())
    found, visited = {}, states(Client())
    assert len(visited) > 20, "the demo content is missing"
    try:
        for state in visited:
            page.goto(live_server.url + state["path"])
            if state["method"] == "post":
                with page.expect_navigation():
                    page.evaluate("(i) => document.querySelectorAll('main form[method=post]')[i]"
                                  ".requestSubmit()", state["form"])
                page.wait_for_load_state()
            problems = check(page)
            if problems:
                found[state["label"]] = problems
    finally:
        page.context.close()
    return found


#: Texts of every map's attribution and their links' titles: [{text, titles}].
ATTRIBUTIONS = """() => [...document.querySelectorAll('.leaflet-control-attribution')].map((el) => ({
  text: el.textContent, titles: [...el.querySelectorAll('[title]')].map((a) => a.title)}))"""


def axe_and_language(page):
    """axe-core's violations (text) and any map attribution left in English (RGAA 8.7:
    Leaflet's own prefix says "A JavaScript library for interactive maps")."""
    problems = describe(axe_violations(page))
    for attribution in page.evaluate(ATTRIBUTIONS):
        if any("JavaScript library" in title for title in attribution["titles"]):
            problems += f"\nEnglish map attribution: {attribution}"
    return problems


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, {"width": 390, "height": 844}],
                         ids=["1280x800", "390x844"])
def test_axe_finds_no_violation_on_any_public_page(browser, live_server, viewport):
    found = visit_every_state(browser, live_server, viewport, axe_and_language)
    assert found == {}, "\n".join(f"{label}:\n{text}" for label, text in found.items())


def test_no_public_page_scrolls_sideways_at_320_px(browser, live_server):
    found = visit_every_state(browser, live_server, {"width": 320, "height": 640},
                              lambda page: page.evaluate(OVERFLOWING))
    assert found == {}


LONG_URL = "https://www.exemple-d-association-landaise.fr/" + "chemin-tres-long/" * 6 + "page.html"


def test_long_urls_do_not_widen_the_pages_at_320_px(browser, live_server):
    """A pasted link (one word of 150 characters) in an action's text and public contact,
    and in a published proposal and its answer, wraps: the action page, the map's list
    and the proposals' cards fit a 320 px window (RGAA 10.11)."""
    from consultation.models import Proposal, ProposalPage
    from initiatives.models import InitiativeIndexPage, InitiativePage
    from portal.models import Commune

    index = InitiativeIndexPage.objects.get(slug="carte")
    action = InitiativePage(
        title="Action au lien très long", slug="action-au-lien-tres-long",
        summary=f"Voir {LONG_URL}", description=f'<p>Voir <a href="{LONG_URL}">{LONG_URL}</a></p>',
        actor_type="association", commune=Commune.objects.get(insee_code="40088"),
        public_contact=LONG_URL, location="SRID=4326;POINT(-1.0536 43.7102)",
    )
    index.add_child(instance=action)
    action.save_revision().publish()
    Proposal.objects.create(
        page=ProposalPage.objects.get(), title="Une proposition avec un lien",
        description=f"Voir {LONG_URL}", status=Proposal.Status.PUBLISHED,
        response_status=Proposal.ResponseStatus.choices[0][0], response_text=LONG_URL,
    )
    page = new_page(browser, live_server.url, viewport={"width": 320, "height": 640})
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        live_server.url) else route.abort())
    found = {}
    try:
        for path in (action.url, "/carte/?q=lien+tres+long", "/propositions/"):
            page.goto(live_server.url + path)
            assert page.get_by_text("chemin-tres-long", exact=False).first.is_visible(), path
            found[path] = page.evaluate(OVERFLOWING)
    finally:
        page.context.close()
    assert found == {path: [] for path in found}
