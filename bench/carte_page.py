#!/usr/bin/env python
"""Benchmark of the map-first page ``/carte/`` (5,000 actions, 500 tags) against the
page before it (the same database served by the code of a baseline git revision).

Not part of ``make test``. Run it from the repository root:

    .venv/bin/python bench/carte_page.py                      # 5 runs per measure
    .venv/bin/python bench/carte_page.py --baseline-ref main  # another "before"
    .venv/bin/python bench/carte_page.py --rebuild            # drop and refill the database

What it does:

1. Database: PostgreSQL ``portal_carte_bench`` (``BENCH_DATABASE_URL`` overrides), filled
   as ``bench/map_browser.py`` fills its own (reference data, demo content, ``--actions``
   live actions spread over the département and 40 at one address, written in bulk),
   then ``--tags`` tags (500) given to those actions, one to three each (seed 40).
2. Servers: two gunicorn (2 workers each, no tile URL, the page cache off so that every
   request renders): the current code, and the baseline revision (default: where this
   branch left ``main``, ``git merge-base HEAD main``) checked out with
   ``git worktree add --detach`` in a temporary folder, removed at the end. Both read the
   same database; the baseline must need no migration that the database lacks.
3. Server side, interleaved rounds: the HTML size of ``/carte/`` (raw and gzipped) and
   its median time to last byte, and, on the current code, of the list fragment
   (``?partial=liste``) that filtering fetches.
4. Browser (Debian's chromium, the tests' arguments), a fresh context per run, for each
   server: the time from navigation start to the clusters drawn (the frame after the
   map's "initiatives:map-ready") at 1280x800, at 390x844, and at 390x844 with the CPU
   slowed 4x and the network of Chrome's "Fast 4G" preset (9 Mbit/s down, 1.5 up, 165 ms)
   through the DevTools protocol (Emulation.setCPUThrottlingRate,
   Network.emulateNetworkConditions); then, at 1280x800, filtering by one theme: the
   time from the click on the theme to the list and the map both updated. Current
   code: the theme toggle filters without reload (fragment, pushState, feed reloaded);
   baseline: tick the theme, press "Afficher les actions", the page reloads.

Goals: HTML under 100 KB; clusters drawn within 1.5 s (1280x800, 390x844) and 2.5 s
(throttled phone); filtering within 300 ms. Ratios current/baseline are printed.

``--smoke`` (or ``BENCH_SMOKE=1``): 20 actions, 20 tags, one run, a fresh database of
its own dropped at the end, the baseline server skipped (bench/_smoke.py). Without
chromium a smoke run stops after the server-side figures.
"""

import argparse
import gzip
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import _smoke  # noqa: E402
from bench.geojson_feed import machine  # noqa: E402
from bench import map_browser  # noqa: E402
from bench.map_browser import (  # noqa: E402
    INIT_SCRIPT, SLUG_PREFIX, ensure_database, fill, setup_django,
)

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/portal_carte_bench"
TAG_PREFIX = "banc-etiquette-"
THEME = "Alimentation"
GOAL_KB = 100
GOAL_DRAWN_MS = 1500
GOAL_SLOW_MS = 2500
GOAL_FILTER_MS = 300
#: Chrome DevTools' "Fast 4G" preset: bytes per second and ms.
FAST_4G = {"offline": False, "latency": 60 * 2.75,
           "downloadThroughput": 9_000_000 / 8 * 0.9, "uploadThroughput": 1_500_000 / 8 * 0.9}

# Current code: wait for a filtering to be over (list swapped, map redrawn).
APPLIED_SCRIPT = """() => {
  window.__bench.applied = null;
  document.addEventListener('initiatives:filters-applied', () => {
    window.__bench.applied = performance.now();
  }, {once: true});
}"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--actions", type=int, default=5000)
    parser.add_argument("--tags", type=int, default=500)
    parser.add_argument("--baseline-ref", default="",
                        help="git revision of the 'before' page (default: merge-base with main)")
    parser.add_argument("--rebuild", action="store_true", help="drop and refill the database")
    _smoke.add_argument(parser)
    args = parser.parse_args()
    if _smoke.enabled(args):
        args.actions, args.tags, args.runs, args.rebuild = 20, 20, 1, True
    return args


def add_tags(count):
    """Give ``count`` tags to the bench actions (one to three each, seed 40), once.
    Output: number of tags added (0 when present)."""
    from django.db import transaction

    from initiatives.feed_state import bump_feed_version
    from initiatives.models import InitiativePage, InitiativeTag, TaggedInitiative

    if InitiativeTag.objects.filter(slug__startswith=TAG_PREFIX).count() == count:
        return 0
    rng = random.Random(40)
    with transaction.atomic():
        InitiativeTag.objects.filter(slug__startswith=TAG_PREFIX).delete()
        tags = InitiativeTag.objects.bulk_create([
            InitiativeTag(name=f"étiquette d'essai n°{n}", slug=f"{TAG_PREFIX}{n}")
            for n in range(1, count + 1)
        ])
        pages = InitiativePage.objects.filter(slug__startswith=SLUG_PREFIX).values_list("pk", flat=True)
        TaggedInitiative.objects.bulk_create([
            TaggedInitiative(tag=tag, content_object_id=pk)
            for pk in pages for tag in rng.sample(tags, rng.randint(1, 3))
        ], batch_size=5000)
    bump_feed_version()
    return count


def baseline_checkout(ref):
    """A detached git worktree of ``ref`` in a temporary folder, with this checkout's
    node_modules (Leaflet's files). Output: its path (Path)."""
    if not ref:
        ref = subprocess.run(["git", "merge-base", "HEAD", "main"], cwd=ROOT, check=True,
                             capture_output=True, text=True).stdout.strip()
    path = Path(tempfile.mkdtemp(prefix="carte-baseline-")) / "tree"
    subprocess.run(["git", "worktree", "add", "--detach", "--quiet", str(path), ref],
                   cwd=ROOT, check=True)
    (path / "node_modules").symlink_to(ROOT / "node_modules")
    return path


def remove_checkout(path):
    """Remove the worktree of :func:`baseline_checkout` and its temporary folder."""
    subprocess.run(["git", "worktree", "remove", "--force", str(path)], cwd=ROOT, check=False)
    shutil.rmtree(path.parent, ignore_errors=True)


def start_server(code_root, url):
    """gunicorn serving ``code_root``'s code on a free port, page cache off
    (:func:`bench.map_browser.start_server`). Output: (process, base URL) once
    ``/carte/`` answers."""
    return map_browser.start_server(url, code_root, PORTAL_PAGE_CACHE_ENABLED="false")


def timed_get(url):
    """(body bytes, ms to the last byte) of a GET of ``url``."""
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        body = response.read()
    return body, (time.perf_counter() - started) * 1000


def server_side(servers, rounds):
    """Interleaved GETs of the page (and the fragment on the current code): dict
    name -> {kb, gzip_kb, ms, fragment_kb, fragment_ms}."""
    times = {name: {"page": [], "fragment": []} for name in servers}
    sizes = {}
    for _ in range(rounds):
        for name, base in servers.items():
            body, ms = timed_get(base + "/carte/")
            times[name]["page"].append(ms)
            sizes[name] = (len(body), len(gzip.compress(body)))
            if name == "current":
                fragment, ms = timed_get(base + "/carte/?partial=liste")
                times[name]["fragment"].append(ms)
                sizes["fragment"] = len(fragment)
    result = {}
    for name in servers:
        result[name] = {"kb": sizes[name][0] / 1024, "gzip_kb": sizes[name][1] / 1024,
                        "ms": statistics.median(times[name]["page"])}
        if times[name]["fragment"]:
            result[name]["fragment_kb"] = sizes["fragment"] / 1024
            result[name]["fragment_ms"] = statistics.median(times[name]["fragment"])
    return result


def drawn_time(browser, base, viewport, throttled=False):
    """Open ``/carte/`` in a fresh context; ms from navigation start to the clusters drawn."""
    width, height = viewport
    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(120_000)
    if throttled:
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", FAST_4G)
    page.add_init_script(INIT_SCRIPT)
    page.goto(base + "/carte/")
    page.wait_for_function("() => window.__bench && window.__bench.drawn")
    drawn = page.evaluate("window.__bench.drawn")
    context.close()
    return drawn


def filter_time(browser, base):
    """At 1280x800, ms from a click on the theme to the list and the map updated."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.add_init_script(INIT_SCRIPT)
    page.goto(base + "/carte/")
    page.wait_for_function("() => window.__bench && window.__bench.drawn")
    without_reload = page.locator("form[data-map-filters]").count() == 1
    if without_reload:
        page.evaluate(APPLIED_SCRIPT)
        page.evaluate("() => { window.__bench.drawn = null; }")
        page.locator("#filtres-actions label", has_text=THEME).first.click()
        page.wait_for_function("() => window.__bench.applied && window.__bench.drawn")
        timing = page.evaluate("""() => ({list: window.__bench.applied - window.__bench.click,
                                           map: window.__bench.drawn - window.__bench.click})""")
        assert "theme=" in page.url, page.url
    else:
        # Before: tick the theme, send the form, wait for the new page's map.
        page.get_by_label(THEME, exact=True).check()
        button = page.get_by_role("button", name="Afficher les actions")
        clicked = page.evaluate("() => Date.now()")
        button.click()
        page.wait_for_url("**theme=**")
        page.wait_for_function("() => window.__bench && window.__bench.drawn")
        done = page.evaluate("() => performance.timeOrigin + window.__bench.drawn")
        timing = {"list": done - clicked, "map": done - clicked}
    context.close()
    return {"filter_list": timing["list"], "filter": max(timing["list"], timing["map"])}


def browser_side(servers, runs):
    """Medians per server: drawn at three settings and filtering (ms)."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    samples = {name: {} for name in servers}

    def add(name, key, value):
        samples[name].setdefault(key, []).append(value)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for n in range(runs):
            for name, base in servers.items():
                add(name, "desktop", drawn_time(browser, base, (1280, 800)))
                add(name, "phone", drawn_time(browser, base, (390, 844)))
                add(name, "slow_phone", drawn_time(browser, base, (390, 844), throttled=True))
                for key, value in filter_time(browser, base).items():
                    add(name, key, value)
            print(f"  browser round {n + 1}/{runs} done", flush=True)
        browser.close()
    return {name: {key: statistics.median(values) for key, values in measures.items()}
            for name, measures in samples.items()}


def main():
    args = parse_args()
    url = _smoke.database_url(DEFAULT_DB)
    ensure_database(url, args.rebuild)
    with _smoke.dropped_after(url):
        measure(args, url)


def measure(args, url):
    t0 = time.monotonic()
    setup_django(url)
    added = fill(args.actions)
    tags = add_tags(args.tags)
    from django.db import connections

    connections.close_all()
    print(f"database {url.rsplit('/', 1)[1]}: {added} actions and {tags} tags added "
          f"in {time.monotonic() - t0:.1f} s")
    print(machine())
    processes, servers, checkout = [], {}, None
    try:
        if not _smoke.enabled():
            checkout = baseline_checkout(args.baseline_ref)
            process, servers["baseline"] = start_server(checkout, url)
            processes.append(process)
        process, servers["current"] = start_server(ROOT, url)
        processes.append(process)
        server = server_side(servers, max(args.runs * 4, 1))
        from tests.e2e.conftest import CHROMIUM

        browser = None
        if Path(CHROMIUM).exists():
            browser = browser_side(servers, args.runs)
        elif not _smoke.enabled():
            raise SystemExit(f"no chromium at {CHROMIUM}")
    finally:
        for process in processes:
            process.terminate()
            process.wait(10)
        if checkout is not None:
            remove_checkout(checkout)
    report(args, server, browser)


def report(args, server, browser):
    names = list(server)
    print(f"\n/carte/ with {args.actions} + 73 actions and {args.tags} tags, medians "
          f"({args.runs} browser runs, {max(args.runs * 4, 1)} server rounds):")
    print(f"  {'measure':38} " + " ".join(f"{name:>10}" for name in names)
          + ("      ratio  goal" if "baseline" in names else ""))

    def row(label, values, goal=""):
        text = f"  {label:38} " + " ".join(f"{v:10.1f}" for v in values)
        if len(values) == 2 and values[0]:
            text += f" {values[1] / values[0]:9.2f}x  {goal}"
        print(text)

    row("HTML of /carte/ (KB)", [server[n]["kb"] for n in names], f"< {GOAL_KB} KB")
    row("same, gzipped (KB)", [server[n]["gzip_kb"] for n in names])
    row("server time of /carte/ (ms)", [server[n]["ms"] for n in names])
    print(f"  list fragment ?partial=liste: {server['current']['fragment_kb']:.1f} KB, "
          f"{server['current']['fragment_ms']:.1f} ms")
    if browser:
        row("clusters drawn, 1280x800 (ms)", [browser[n]["desktop"] for n in names],
            f"< {GOAL_DRAWN_MS} ms")
        row("clusters drawn, 390x844 (ms)", [browser[n]["phone"] for n in names],
            f"< {GOAL_DRAWN_MS} ms")
        row("same, CPU 4x + Fast 4G (ms)", [browser[n]["slow_phone"] for n in names],
            f"< {GOAL_SLOW_MS} ms")
        row("filter by theme: list shown (ms)", [browser[n]["filter_list"] for n in names])
        row("filter by theme: list + map (ms)", [browser[n]["filter"] for n in names],
            f"< {GOAL_FILTER_MS} ms")
    if _smoke.enabled():
        print("Smoke run: tiny sizes, no baseline, the figures above mean nothing.")


if __name__ == "__main__":
    main()
