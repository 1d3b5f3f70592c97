"""Browser test harness: Playwright (Python) driving Debian's chromium.

Tests here are skipped, with the reason, when /usr/bin/chromium or Playwright is absent,
so that ``make test`` passes on a fresh machine. Never download a browser.
They run against pytest-django's ``live_server`` in transactional mode with
``serialized_rollback`` (see tests/conftest.py), after every other test.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from
# a thread with a running loop unless told otherwise.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

#: Elements of <main> whose box goes past the viewport's right edge, except those inside a
#: horizontally scrollable region (which must itself fit), as "tag#id.class (right px)".
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  const out = [];
  for (const el of document.querySelectorAll('main *')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    let inRegion = false;
    for (let p = el.parentElement; p; p = p.parentElement) {
      if (scrolls(p)) { inRegion = true; break; }
    }
    if (!inRegion) out.push(`${el.tagName.toLowerCase()}#${el.id}.${el.className} (${Math.round(box.right)} px)`);
  }
  return out;
}"""


@pytest.fixture(scope="session")
def browser():
    """A headless chromium (Playwright Browser); skips when it cannot be started."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("browser tests need the playwright Python package (pip install -e '.[dev]')")
    from django.db import connections

    # Starting Playwright's sync API switches the context variables that Django's
    # connection handler keys on, so later tests get new connection objects without the
    # snapshot that serialized_rollback restores (tests/conftest.py): carry it over.
    snapshots = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, snapshot in snapshots.items():
            connections[alias]._test_serialized_contents = snapshot
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def new_page(browser, base_url, **context_options):
    """A page in a new browser context that records Content-Security-Policy violations.

    ``browser``: the session's Playwright Browser; ``base_url``: the live server's URL
    (str), kept as ``page.base_url``; ``context_options``: Browser.new_context() keywords
    (French locale unless given). Output: a Playwright Page whose ``csp_violations`` (list
    of str) collects chromium's console reports of a CSP violation, enforced or report-only,
    in any frame of any page of its context (they are browser messages, so they are
    recorded with JavaScript off too). Close it with ``page.context.close()``.
    """
    context = browser.new_context(**{"locale": "fr-FR", **context_options})
    violations = []

    def record(message):
        if "Content Security Policy" in message.text:
            violations.append(f"{message.location.get('url', '')}: {message.text}")

    context.on("console", record)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = base_url
    page.csp_violations = violations
    return page


def assert_no_csp_violations(page):
    """Fail with chromium's messages when ``page`` (from ``new_page``) met a CSP violation."""
    assert page.csp_violations == [], "Content-Security-Policy violations:\n" + "\n".join(
        page.csp_violations
    )


@pytest.fixture
def page(browser, live_server, settings):
    """A fresh French-language page (Playwright Page) with ``page.base_url`` set; every
    absolute link of the portal (PORTAL_BASE_URL, the default Site) names the live server.
    When the journey ends, fails if any page of it broke the Content-Security-Policy."""
    from portal.base_url import sync_default_site

    settings.PORTAL_BASE_URL = settings.WAGTAILADMIN_BASE_URL = live_server.url
    settings.WAGTAILAPI_BASE_URL = live_server.url
    sync_default_site()
    page = new_page(browser, live_server.url, viewport={"width": 390, "height": 844})
    yield page
    page.context.close()
    assert_no_csp_violations(page)


@pytest.fixture
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


def sign_in_to_admin(page, email, password):
    """Sign in through the admin login form by its French labels, as a person does, and
    wait for the admin home (``/admin/``). ``page``: a Playwright Page from the ``page``
    fixture. Raises Playwright's TimeoutError when the login does not reach the home."""
    page.goto(page.base_url + "/admin/login/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="S'identifier").click()
    page.wait_for_url("**/admin/")


def axe_violations(page, context=None):
    """Run axe-core (from node_modules) on the current page.

    axe is evaluated through the DevTools protocol, which the page's
    Content-Security-Policy does not govern: an injected <script> would be an inline
    script, blocked on our pages; axe is never served by the site.
    Output: list of violations, each a dict with "id", "impact", "help" and "nodes".
    Raises FileNotFoundError when node_modules/axe-core is missing (run ``npm ci``).
    """
    if not AXE_JS.exists():
        raise FileNotFoundError(f"{AXE_JS} is missing: run npm ci")
    page.evaluate(AXE_JS.read_text())
    result = page.evaluate("async (ctx) => await axe.run(ctx || document)", context)
    return result["violations"]


def describe(violations):
    """Human-readable summary of axe violations for assertion messages."""
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}"
        for v in violations
    )


# Every marker image (icon and shadow) under a selector, once the browser has settled
# them: [{src, loaded}] where loaded means the image decoded (naturalWidth > 0).
MARKER_IMAGES = """(scope) => Array.from(document.querySelectorAll(
    scope + ' img.leaflet-marker-icon, ' + scope + ' img.leaflet-marker-shadow'))
  .map((img) => ({src: img.getAttribute('src'), loaded: img.complete && img.naturalWidth > 0}))"""
MARKER_IMAGES_SETTLED = """(scope) => Array.from(document.querySelectorAll(
    scope + ' img.leaflet-marker-icon, ' + scope + ' img.leaflet-marker-shadow'))
  .every((img) => img.complete)"""


#: A marker that is not a cluster: Leaflet's default <img> or a theme's icon (a div).
MARKER = ".leaflet-marker-icon:not(.marker-cluster)"


def assert_marker_images_load(page, scope):
    """Fail unless the map under CSS selector ``scope`` shows at least one marker image and
    every marker icon and shadow ``<img>`` loaded (a broken image has naturalWidth 0).
    Output: the number of images checked (int)."""
    page.wait_for_function(MARKER_IMAGES_SETTLED, arg=scope)
    images = page.evaluate(MARKER_IMAGES, scope)
    assert images, f"no marker image under {scope}"
    broken = [image["src"] for image in images if not image["loaded"]]
    assert broken == [], f"marker images that did not load: {sorted(set(broken))}"
    return len(images)


def zoom_into_clusters(page, scope, tries=15):
    """Press Enter on a cluster of the map under ``scope`` (Leaflet.markercluster), then on
    the cluster that gets the focus, until a marker (an ``<img>`` or a theme's icon)
    shows. A cluster of actions
    at one position opens a list instead of zooming: it is closed and the next cluster
    tried. Raises AssertionError when no marker shows after ``tries`` presses."""
    proxy = f"{scope} .leaflet-proxy"
    clusters = page.locator(f"{scope} .marker-cluster")
    settled = ("(scope) => !document.querySelector(scope + ' .leaflet-cluster-anim,'"
               " + scope + ' .leaflet-zoom-anim')")
    on_cluster = "(s) => document.activeElement.matches(s + ' .marker-cluster')"
    skip = 0
    page.wait_for_function(settled, arg=scope)  # a zoom under way: let it end
    page.wait_for_timeout(100)
    focus_next = not page.evaluate(on_cluster, scope)
    for _ in range(tries):
        if page.locator(f"{scope} {MARKER}").count():
            return
        if focus_next:
            clusters.nth(skip % clusters.count()).focus()
        zoom = page.evaluate("(s) => document.querySelector(s).style.transform", proxy)
        page.keyboard.press("Enter")
        page.wait_for_function(
            """([scope, proxy, z]) => document.querySelector(scope + ' .leaflet-popup')
                || (document.querySelector(proxy).style.transform !== z
                    && !document.querySelector(scope + ' .leaflet-cluster-anim,'
                                               + scope + ' .leaflet-zoom-anim'))""",
            arg=[scope, proxy, zoom],
        )
        page.wait_for_timeout(100)  # markercluster draws the new markers after zoomend
        popup = bool(page.locator(f"{scope} .leaflet-popup").count())
        focus_next = popup or not page.evaluate(on_cluster, scope)
        if popup:  # a list of actions at one position: close it, try another cluster
            page.keyboard.press("Escape")
            page.wait_for_function(
                "(scope) => !document.querySelector(scope + ' .leaflet-popup')", arg=scope)
            skip += 1
    assert page.locator(f"{scope} {MARKER}").count(), "no marker after zooming"


def upload_indicator_file(page, path, year, source):
    """In the admin (signed in), open "Indicateurs" → "Importer un fichier", send the
    file at ``path`` as indicators by commune with ``year`` (str) and ``source`` (str),
    and ask for the preview ("Vérifier le fichier"); the caller checks the preview."""
    page.goto(page.base_url + "/admin/snippets/diagnostic/indicator/")
    page.get_by_role("link", name="Importer un fichier").click()
    page.wait_for_url("**/import/")
    page.get_by_label("Fichier (CSV ou XLSX)").set_input_files(str(path))
    page.get_by_label("Communes (code INSEE)").check()
    page.get_by_label("Année").fill(year)
    page.locator("#id_source").fill(source)
    page.get_by_role("button", name="Vérifier le fichier").click()
