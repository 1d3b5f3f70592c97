#!/usr/bin/env python
"""Browser benchmark of the public map ``/carte/`` with 5,000 actions.

Not part of ``make test`` (timings never live in tests). Run it from the repository root:

    .venv/bin/python bench/map_browser.py                 # 7 runs, 1280x800 window
    .venv/bin/python bench/map_browser.py --runs 11 --viewport 390x844   # a phone
    .venv/bin/python bench/map_browser.py --rebuild       # drop and refill the database

What it does:
1. Database: PostgreSQL ``portal_map_js_bench`` (``BENCH_DATABASE_URL`` overrides
   ``postgres://postgres@127.0.0.1:5432/portal_map_js_bench``), created if absent,
   migrated, with the reference data and the demo content (33 actions), then filled with
   ``--actions`` (5,000) live actions spread over the département (a random commune's
   reference point moved by up to ~1 km, seed 40) plus 40 actions at one address (a
   Maison départementale des solidarités in Mont-de-Marsan). Pages are written in bulk:
   ``Page.objects.bulk_create`` with treebeard paths computed from the map page's last
   child, then one ``executemany`` INSERT for the InitiativePage rows and ``bulk_create``
   for their themes and tag: a few seconds instead of minutes of ``add_child`` +
   ``publish``. No revisions, no search index entries: the map does not read them.
   Skipped when the database already holds them.
2. Server: gunicorn (2 workers) on a free local port with ``bench/_map_browser_settings.py``
   (test settings: DEBUG off, static files by WhiteNoise from the finders) and no tile
   URL, so that only the portal's own work is timed (the map works without tiles).
3. Browser: Debian's chromium through Playwright (same arguments as tests/e2e), a fresh
   context (cold cache) per run. map.js dispatches ``initiatives:map-ready`` once the
   visible clusters are in the page; the script records ``performance.now()`` (ms since
   navigation start) at that event and at the next animation frame ("drawn"), the
   GeoJSON response end, the longest main-thread task (Long Tasks API) before "drawn",
   then clicks the cluster holding the 40 actions until their list popup opens and
   times the last click to the popup's next frame.
Prints each run and the medians.

``--smoke`` (or ``BENCH_SMOKE=1``): 20 actions (plus the 40 at one address), one run, a
fresh database of its own dropped at the end (bench/_smoke.py); what CI runs so that
the bench keeps working. Without chromium (``/usr/bin/chromium``) a smoke run stops
after serving the map and its feed through gunicorn.
"""

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import _smoke  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/portal_map_js_bench"
SLUG_PREFIX = "banc-"
MDS_POINT = (43.8921, -0.5012)  # (lat, lng): one address in Mont-de-Marsan
MDS_COUNT = 40
MDS_TITLE = "Permanence {n:02d} de la Maison départementale des solidarités"

# In the page before any script: timings of the map's readiness and of long tasks.
INIT_SCRIPT = """
window.__bench = {longtasks: []};
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) { window.__bench.longtasks.push([e.startTime, e.duration]); }
  }).observe({type: 'longtask', buffered: true});
} catch (e) {}
document.addEventListener('initiatives:map-ready', (event) => {
  window.__bench.ready = performance.now();
  window.__bench.count = event.detail.count;
  window.__map = event.detail;
  requestAnimationFrame(() => { window.__bench.drawn = performance.now(); });
});
document.addEventListener('click', () => { window.__bench.click = performance.now(); }, true);
"""

# Find the cluster now holding the 40 actions; open its popup by clicking it.
MDS_CLUSTER = """(prefix) => {
  const group = window.__map.markers;
  const marker = group.getLayers().find((m) => m.feature.properties.title.startsWith(prefix));
  const shown = group.getVisibleParent(marker);
  if (!shown) { return null; }
  const map = window.__map.map;
  map.once('popupopen', () => {
    window.__bench.popup = performance.now();
    requestAnimationFrame(() => { window.__bench.popupDrawn = performance.now(); });
  });
  return shown.getElement();
}"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--actions", type=int, default=5000)
    parser.add_argument("--viewport", default="1280x800", help="WIDTHxHEIGHT in CSS pixels")
    parser.add_argument("--rebuild", action="store_true", help="drop and refill the database")
    _smoke.add_argument(parser)
    args = parser.parse_args()
    if _smoke.enabled(args):
        args.actions, args.runs, args.rebuild = 20, 1, True
    return args


def ensure_database(url, rebuild):
    """Create (or, with ``rebuild``, drop and create) the PostgreSQL database of ``url``."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if rebuild:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(url):
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench._map_browser_settings"
    import django

    django.setup()


def bulk_add_actions(index, rows):
    """Add live InitiativePages below ``index`` in bulk.

    Input: the InitiativeIndexPage and a list of dicts with ``title``, ``slug``, ``lat``,
    ``lng`` (WGS84 degrees), ``commune`` (Commune) and ``themes`` (list of Theme).
    Output: number of pages added. Writes treebeard paths, url_path, locale and a fresh
    translation key per page; one tag "banc d'essai" per page. Every concrete field of
    InitiativePage must be filled here (RuntimeError names the ones that are not), as a
    save would: ``search_text`` and ``sort_title`` are what ``InitiativePage.save`` stores.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.db.models import F
    from django.utils import timezone
    from wagtail.models import Page

    from initiatives.models import InitiativePage, InitiativeTag, TaggedInitiative
    from initiatives.search import search_columns
    from portal.geo import format_point
    from portal.text import folded_key

    content_type = ContentType.objects.get_for_model(InitiativePage)
    now = timezone.now()
    last = index.get_last_child()
    step = Page._str2int(last.path[-Page.steplen:]) if last else 0
    tag_name = "banc d'essai"

    def folded_columns(page, row):
        # What InitiativePage.save() stores: (search_text, search_keywords).
        themes = sorted(row["themes"], key=lambda theme: (theme.sort_order, theme.label))
        return search_columns(
            page.title, values["summary"](page, row), values["description"](page, row),
            values["organisation"](page, row), values["address"](page, row),
            row["commune"].name, [theme.label for theme in themes], [tag_name],
        )

    with transaction.atomic():
        pages = []
        for i, row in enumerate(rows, start=step + 1):
            pages.append(Page(
                title=row["title"], draft_title=row["title"], slug=row["slug"],
                content_type=content_type, live=True, has_unpublished_changes=False,
                url_path=f"{index.url_path}{row['slug']}/",
                path=Page._get_path(index.path, index.depth + 1, i), depth=index.depth + 1,
                numchild=0, locale_id=index.locale_id, translation_key=uuid.uuid4(),
                first_published_at=now, last_published_at=now,
            ))
        Page.objects.bulk_create(pages, batch_size=1000)
        fields = [f for f in InitiativePage._meta.local_concrete_fields]
        values = {
            "page_ptr": lambda page, row: page.pk,
            "summary": lambda page, row: f"Action de démonstration à {row['commune'].name}.",
            "description": lambda page, row: f"<p>Action recensée à {row['commune'].name}.</p>",
            "actor_type": lambda page, row: row.get("actor_type", "association"),
            "organisation": lambda page, row: row.get("organisation", ""),
            "commune": lambda page, row: row["commune"].pk,
            "address": lambda page, row: row.get("address", ""),
            "location": lambda page, row: format_point(row["lat"], row["lng"]),
            "latitude": lambda page, row: row["lat"],
            "longitude": lambda page, row: row["lng"],
            "period": lambda page, row: "en-cours",
            "public_contact": lambda page, row: "",
            "volunteers_wanted": lambda page, row: False,
            "search_text": lambda page, row: folded_columns(page, row)[0],
            "search_keywords": lambda page, row: folded_columns(page, row)[1],
            "sort_title": lambda page, row: folded_key(page.title),
            "image": lambda page, row: None,
        }
        missing = {f.name for f in fields} - set(values)
        if missing:
            raise RuntimeError(f"bench does not know how to fill {sorted(missing)}")
        table = connection.ops.quote_name(InitiativePage._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({marks})",
                [[values[f.name](page, row) for f in fields] for page, row in zip(pages, rows)],
            )
        through = InitiativePage.themes.through
        through.objects.bulk_create(
            [through(initiativepage_id=page.pk, theme_id=theme.pk)
             for page, row in zip(pages, rows) for theme in row["themes"]],
            batch_size=2000,
        )
        tag, _ = InitiativeTag.objects.get_or_create(name=tag_name, defaults={"slug": "banc-dessai"})
        TaggedInitiative.objects.bulk_create(
            [TaggedInitiative(tag=tag, content_object_id=page.pk) for page in pages], batch_size=2000
        )
        Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + len(pages))
    return len(pages)


def fill(actions):
    """Migrate, load reference and demo data, add the bench actions when missing."""
    from django.core.management import call_command

    from initiatives.models import InitiativeIndexPage, InitiativePage
    from portal.geo import in_departement
    from portal.models import Commune, Theme

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_reference_data", verbosity=0)
    call_command("load_demo_content", verbosity=0)
    index = InitiativeIndexPage.objects.get()
    present = InitiativePage.objects.child_of(index).filter(slug__startswith=SLUG_PREFIX).count()
    if present == actions + MDS_COUNT:
        return 0
    if present:
        raise SystemExit(f"{present} bench actions already present, not {actions + MDS_COUNT}: use --rebuild")
    rng = random.Random(40)
    communes = list(Commune.objects.exclude(latitude=None).order_by("insee_code"))
    themes = list(Theme.objects.order_by("slug"))
    rows = []
    for n in range(1, actions + 1):
        commune = rng.choice(communes)
        lat = commune.latitude + rng.uniform(-0.01, 0.01)
        lng = commune.longitude + rng.uniform(-0.013, 0.013)
        if not in_departement(lat, lng):
            lat, lng = commune.latitude, commune.longitude
        rows.append({
            "title": f"Action solidaire n°{n} à {commune.name}", "slug": f"{SLUG_PREFIX}{n}",
            "lat": lat, "lng": lng, "commune": commune,
            "themes": rng.sample(themes, rng.randint(1, 3)),
        })
    mont_de_marsan = Commune.objects.get(insee_code="40192")
    for n in range(1, MDS_COUNT + 1):
        rows.append({
            "title": MDS_TITLE.format(n=n), "slug": f"{SLUG_PREFIX}mds-{n}",
            "lat": MDS_POINT[0], "lng": MDS_POINT[1], "commune": mont_de_marsan,
            "themes": themes[:1], "actor_type": "service-public",
            "organisation": "Département des Landes",
            "address": "Maison départementale des solidarités",
        })
    added = bulk_add_actions(index, rows)
    if _smoke.enabled():
        # The bulk rows must be those a save would write (a new field left empty fails here).
        from initiatives.search import build_search_columns

        page = InitiativePage.objects.filter(slug__startswith=SLUG_PREFIX).first()
        stored = (page.search_text, page.search_keywords)
        if stored != build_search_columns(page):
            raise RuntimeError(f"bulk search columns {stored!r} are not "
                               f"{build_search_columns(page)!r}")
    return added


def free_port():
    """A free local TCP port (int); ``BENCH_PORT`` when set (a port range of one's own)."""
    if os.environ.get("BENCH_PORT"):
        return int(os.environ["BENCH_PORT"])
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(url, code_root=ROOT, **env_vars):
    """Start gunicorn (2 workers, no map tiles) on a free port serving ``code_root``'s
    code (default: this checkout) on the database of ``url``, with ``env_vars`` (str
    values) added to its environment. Output: (process, base URL) once ``/carte/``
    answers, both workers warmed with the feed and the page; SystemExit after 90 s."""
    port = free_port()
    env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="bench._map_browser_settings",
               PORTAL_MAP_TILE_URL="", PYTHONPATH=str(code_root), **env_vars)
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "portal.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", "2", "--log-level", "warning"],
        # gunicorn.conf.py (read from code_root) logs each request on stdout, as in
        # production; those lines would drown the figures.
        cwd=code_root, env=env, stdout=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/carte/", timeout=30) as response:
                if response.status == 200:
                    # Warm both workers' imports and caches.
                    for _ in range(4):
                        urllib.request.urlopen(base + "/carte/geojson/", timeout=30).read()
                        urllib.request.urlopen(base + "/carte/", timeout=30).read()
                    return process, base
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit(f"gunicorn ({code_root}) did not answer within 90 s")


def one_run(browser, base, viewport):
    """Open /carte/ in a fresh context; return a dict of timings (ms) and counts."""
    width, height = (int(v) for v in viewport.split("x"))
    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.add_init_script(INIT_SCRIPT)
    page.goto(base + "/carte/")
    # A function, not an expression: Playwright polls an expression with eval, which
    # the Content-Security-Policy refuses (unless the map was already drawn).
    page.wait_for_function("() => window.__bench && window.__bench.drawn")
    result = page.evaluate("""() => {
      const b = window.__bench;
      const feed = performance.getEntriesByType('resource').find((e) => e.name.includes('/geojson/'));
      const nav = performance.getEntriesByType('navigation')[0];
      const before = b.longtasks.filter(([start]) => start < b.drawn).map(([, d]) => d);
      return {ready: b.ready, drawn: b.drawn, count: b.count,
              feed_end: feed ? feed.responseEnd : null, feed_kb: feed ? feed.encodedBodySize / 1024 : null,
              dom_content_loaded: nav.domContentLoadedEventEnd,
              longest_task: before.length ? Math.max(...before) : 0,
              icons: document.querySelectorAll('#carte-actions .leaflet-marker-icon').length};
    }""")
    clicks = 0
    for clicks in range(1, 25):
        handle = page.evaluate_handle(MDS_CLUSTER, MDS_TITLE.split("{")[0])
        element = handle.as_element()
        if element is None:
            raise RuntimeError("the 40 actions' cluster is not on the map")
        element.click()
        page.wait_for_function(
            """(el) => window.__bench.popupDrawn
                 || (!el.isConnected && !document.querySelector('.leaflet-cluster-anim'))""",
            arg=handle,
        )
        if page.evaluate("!!window.__bench.popupDrawn"):
            break
        page.wait_for_timeout(50)
    popup = page.evaluate("""() => ({
      popup_open: window.__bench.popupDrawn - window.__bench.click,
      popup_links: document.querySelectorAll('#carte-actions .map-popup__list a').length})""")
    context.close()
    return {**result, **popup, "clicks": clicks}


def main():
    args = parse_args()
    url = _smoke.database_url(DEFAULT_DB)
    ensure_database(url, args.rebuild)
    with _smoke.dropped_after(url):
        measure(args, url)


def measure(args, url):
    """Fill the database of ``url``, serve it and print the browser timings."""
    t0 = time.monotonic()
    setup_django(url)
    added = fill(args.actions)
    print(f"database {url.rsplit('/', 1)[1]}: {added} actions added in {time.monotonic() - t0:.1f} s")

    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    process, base = start_server(url)
    if _smoke.enabled() and not Path(CHROMIUM).exists():
        process.terminate()
        process.wait(10)
        print(f"Smoke run: no chromium at {CHROMIUM}, the browser part is skipped.")
        return
    runs = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for n in range(args.runs):
                run = one_run(browser, base, args.viewport)
                runs.append(run)
                print(f"run {n + 1}: " + json.dumps({k: round(v, 1) if isinstance(v, float) else v
                                                     for k, v in run.items()}))
            browser.close()
    finally:
        process.terminate()
        process.wait(10)

    def median(key):
        return statistics.median(run[key] for run in runs)

    print(f"\n{runs[0]['count']} actions, viewport {args.viewport}, {args.runs} runs, medians:")
    print(f"  GeoJSON received      {median('feed_end'):7.0f} ms after navigation start ({runs[0]['feed_kb']:.0f} KiB)")
    print(f"  clusters drawn        {median('drawn'):7.0f} ms after navigation start")
    print(f"  map.js after the feed {statistics.median(r['drawn'] - r['feed_end'] for r in runs):7.0f} ms"
          " (parse, markers, clustering, drawing)")
    print(f"  longest task before   {median('longest_task'):7.0f} ms")
    print(f"  40-action list popup  {median('popup_open'):7.0f} ms from the click to the next frame "
          f"({runs[0]['clicks']} clicks from the first view, {runs[0]['popup_links']} links)")
    if _smoke.enabled():
        print("Smoke run: tiny sizes, the figures above mean nothing.")


if __name__ == "__main__":
    main()
