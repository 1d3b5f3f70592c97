#!/usr/bin/env python
"""Benchmark of the page cache: anonymous page views cached vs uncached, and freshness.

Not part of ``make test``. Run it from the repository root:

    .venv/bin/python bench/page_cache.py                   # 300 actions, Redis cache
    .venv/bin/python bench/page_cache.py --cache database  # Django's database cache
    .venv/bin/python bench/page_cache.py --smoke           # CI: tiny, database dropped

What it does:
1. Database: PostgreSQL ``portal_page_cache_bench`` (``BENCH_DATABASE_URL`` overrides),
   created if absent, migrated, with the reference data, the demo content and
   ``--actions`` (300) more live actions below ``/carte/`` and 40 at one address, written
   in bulk by bench/map_browser.py's ``fill``.
2. Servers: two gunicorn instances (``--workers`` 4 each) with the same settings
   (``bench/_page_cache_settings.py``: a cache shared by workers, hosts and this process:
   Redis at ``BENCH_REDIS_URL``, default ``redis://127.0.0.1:6379/0``, under a key
   prefix of its own, or the database cache), one with the page cache, one with
   ``PORTAL_PAGE_CACHE_ENABLED=0``: the uncached baseline, measured in the same run.
3. One client: for the home page, ``/carte/``, the list's second page ``/carte/?page=2``,
   an action page and a diagnostic chapter, ``--requests`` sequential requests to each
   server, interleaved by rounds of 10 so that a change of load touches both alike:
   median time (p50) and requests per second. Goal: cached at least **10x** faster.
4. Eight concurrent clients for ``--seconds`` on ``/carte/``, cached and uncached, and on
   a static file (``/static/portal/css/portal.css``) served by the same gunicorn, the
   ceiling (before the page cache existed, ``/carte/`` gave 29.6 req/s, 1/92 of it).
5. Freshness: an action published through the ORM in this process (Wagtail's signals
   bump the content version in the shared cache) shows at once on ``/carte/``, on the
   list page where it sorts, and at its own URL; unpublished, it is gone at once.

Each request opens a new connection (gunicorn's sync workers close them); the client is
this Python process (threads), which bounds the fastest figures.
"""

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import _smoke  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/portal_page_cache_bench"
STATIC = "/static/portal/css/portal.css"
GOAL = 10.0
FRESH_TITLE = "Aaa action publiée pendant le banc"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--actions", type=int, default=300)
    parser.add_argument("--requests", type=int, default=200,
                        help="sequential requests per page and server")
    parser.add_argument("--seconds", type=float, default=10.0,
                        help="duration of each 8-client measure")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=0,
                        help="first of two ports for the servers (default: free ones)")
    parser.add_argument("--cache", choices=["redis", "database"], default="redis")
    parser.add_argument("--fresh", action="store_true", help="drop and refill the database")
    _smoke.add_argument(parser)
    args = parser.parse_args()
    if _smoke.enabled(args):
        args.actions, args.requests, args.seconds, args.fresh = 20, 10, 1.0, True
    return args


def setup_django(url, cache):
    os.environ["DATABASE_URL"] = url
    os.environ["BENCH_CACHE"] = cache
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench._page_cache_settings"
    import django

    django.setup()


def fill(actions, cache):
    """Migrate, load reference and demo data, add the bench actions when absent (those of
    bench/map_browser.py: ``actions`` spread over the département and 40 at one address).
    Output: number of actions added (int)."""
    from django.core.management import call_command

    from bench.map_browser import fill as fill_map
    from initiatives.feed_state import bump_feed_version

    if cache == "database":
        call_command("createcachetable", verbosity=0)
    added = fill_map(actions)
    bump_feed_version()  # bulk SQL sends no signal: the feed and the page cache are told
    return added


def start_server(url, port, cache, prefix, enabled):
    """Start gunicorn on ``port`` with the page cache ``enabled`` (bool); wait until the
    home page answers. Output: the Popen."""
    env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="bench._page_cache_settings",
               BENCH_CACHE=cache, PORTAL_CACHE_PREFIX=prefix, PORTAL_MAP_TILE_URL="",
               PORTAL_PAGE_CACHE_ENABLED="1" if enabled else "0", PYTHONPATH=str(ROOT))
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "portal.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", str(ARGS.workers), "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit("gunicorn did not answer within 90 s")


def get(port, path):
    """GET ``path`` on a new connection. Output: (status, X-Page-Cache header or "",
    body bytes, seconds)."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, response.getheader("X-Page-Cache") or "", body, (
        time.perf_counter() - started)


def sequential(ports, path, requests):
    """``requests`` GETs of ``path`` on each port, by interleaved rounds of 10.
    Output: {port: [seconds]}."""
    times = {port: [] for port in ports}
    for port in ports:  # warm: fills the cache of the cached server
        for _ in range(3):
            assert get(port, path)[0] == 200, path
    while len(times[ports[0]]) < requests:
        for port in ports:
            for _ in range(min(10, requests - len(times[port]))):
                status, _state, _body, seconds = get(port, path)
                assert status == 200, (port, path, status)
                times[port].append(seconds)
    return times


def concurrent(port, path, clients, seconds):
    """``clients`` threads GET ``path`` for ``seconds``. Output: (req/s, p50 ms, errors)."""
    stop = time.monotonic() + seconds
    times, errors, lock = [], [0], threading.Lock()

    def client():
        while time.monotonic() < stop:
            try:
                status, _state, _body, elapsed = get(port, path)
            except OSError:
                status, elapsed = 0, 0
            with lock:
                if status == 200:
                    times.append(elapsed)
                else:
                    errors[0] += 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    return len(times) / wall, statistics.median(times) * 1000 if times else 0.0, errors[0]


def freshness(port):
    """Publish then unpublish an action through the ORM; check the cached pages at once.
    Output: list of (check, ok) pairs."""
    from initiatives.models import InitiativeIndexPage, InitiativePage
    from portal.models import Commune

    checks = []
    for path in ("/carte/", "/carte/?page=1"):
        get(port, path)
        checks.append((f"{path} cached before the publication", get(port, path)[1] == "hit"))
    index = InitiativeIndexPage.objects.get()
    action = InitiativePage(title=FRESH_TITLE, slug=f"banc-frais-{uuid.uuid4().hex[:8]}",
                            summary="Publiée par le banc d'essai.", actor_type="association",
                            commune=Commune.objects.get(insee_code="40192"))
    index.add_child(instance=action)
    action.save_revision().publish()
    for path in ("/carte/", "/carte/?page=1", action.url):
        status, state, body, _ = get(port, path)
        checks.append((f"{path} shows it at the next request ({state or 'not cached'})",
                       status == 200 and FRESH_TITLE in body.decode()))
    action.unpublish()
    for path in ("/carte/", "/carte/?page=1"):
        body = get(port, path)[2].decode()
        checks.append((f"{path} drops it once unpublished", FRESH_TITLE not in body))
    checks.append((f"{action.url} answers 404 once unpublished", get(port, action.url)[0] == 404))
    action.delete()
    return checks


def main():
    global ARGS
    ARGS = args = parse_args()
    url = _smoke.database_url(DEFAULT_DB)
    from bench.map_browser import ensure_database, free_port

    ensure_database(url, args.fresh)
    with _smoke.dropped_after(url):
        measure(args, url, free_port)


def measure(args, url, free_port):
    t0 = time.monotonic()
    # This process shares the servers' cache (the content version bumped by a publish).
    prefix = f"bench-page-cache-{uuid.uuid4().hex[:8]}"
    os.environ["PORTAL_CACHE_PREFIX"] = prefix
    setup_django(url, args.cache)
    added = fill(args.actions, args.cache)
    print(f"database {url.rsplit('/', 1)[1]}: {added} actions added in {time.monotonic() - t0:.1f} s;"
          f" cache: {args.cache}; gunicorn: {args.workers} workers per server")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    from diagnostic.models import DiagnosticChapterPage
    from initiatives.models import InitiativePage

    from django.core.cache import cache

    from portal.page_cache import VERSION_KEY
    cached_port, uncached_port = (
        (args.port, args.port + 1) if args.port else (free_port(), free_port()))
    servers = [start_server(url, cached_port, args.cache, prefix, True),
               start_server(url, uncached_port, args.cache, prefix, False)]
    pages = {
        "home": "/",
        "map": "/carte/",
        "list p.2": "/carte/?page=2",
        "action": InitiativePage.objects.live().order_by("pk").first().url,
        "chapter": DiagnosticChapterPage.objects.live().order_by("path").first().url,
    }
    failures, stale = [], []
    try:
        get(cached_port, "/carte/")
        assert get(cached_port, "/carte/")[1] == "hit", "the cached server did not cache"
        assert get(uncached_port, "/carte/")[1] == "", "the uncached server cached a page"
        print(f"\nOne client, {args.requests} sequential requests per page and server "
              "(p50 = median time of one request):")
        for name, path in pages.items():
            times = sequential([cached_port, uncached_port], path, args.requests)
            cached, uncached = (statistics.median(times[p]) for p in (cached_port, uncached_port))
            ratio = uncached / cached
            ok = ratio >= GOAL
            if not ok:
                failures.append(name)
            print(f"  {name:9} {path:28.28} cached p50 {cached * 1000:6.1f} ms"
                  f" ({len(times[cached_port]) / sum(times[cached_port]):6.0f} req/s)"
                  f"  uncached p50 {uncached * 1000:6.1f} ms"
                  f" ({len(times[uncached_port]) / sum(times[uncached_port]):5.0f} req/s)"
                  f"  ratio {ratio:5.1f}x (goal >= {GOAL:.0f}x) {'OK' if ok else 'BELOW'}")

        floor = statistics.median(sequential([cached_port], STATIC, args.requests)[cached_port])
        print(f"  floor: the static file {STATIC} p50 {floor * 1000:.1f} ms (same client, "
              "same gunicorn: what any answer costs here)")

        print(f"\n{args.clients} concurrent clients, {args.seconds:.0f} s each, same gunicorn:")
        results = {}
        for label, port, path in (("static file", cached_port, STATIC),
                                  ("/carte/ cached", cached_port, "/carte/"),
                                  ("/carte/ uncached", uncached_port, "/carte/")):
            results[label] = concurrent(port, path, args.clients, args.seconds)
            rate, p50, errors = results[label]
            print(f"  {label:17} {rate:7.1f} req/s  p50 {p50:6.1f} ms  errors {errors}")
        static = results["static file"][0]
        for label in ("/carte/ cached", "/carte/ uncached"):
            rate = results[label][0]
            print(f"  ratio {label:17} / static file: 1/{static / rate:.1f}" if rate else "")
        cached_rate, uncached_rate = results["/carte/ cached"][0], results["/carte/ uncached"][0]
        print(f"  ratio /carte/ cached / uncached under {args.clients} clients: "
              f"{cached_rate / uncached_rate:.1f}x" if uncached_rate else "")

        print("\nFreshness after a publication (ORM publish in this process, cached server):")
        for check, ok in freshness(cached_port):
            print(f"  {'OK    ' if ok else 'FAILED'} {check}")
            if not ok:
                stale.append(check)
    finally:
        for process in servers:
            process.terminate()
        for process in servers:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
        # Stored pages and counters expire on their own; the version key never does.
        cache.delete(VERSION_KEY)
    if _smoke.enabled():
        print("Smoke run: tiny sizes, the figures above mean nothing.")
    elif failures:
        print("Below the 10x goal: " + ", ".join(failures))
    if stale:  # a correctness failure, in smoke runs too
        raise SystemExit("stale pages after a publication: " + "; ".join(stale))


if __name__ == "__main__":
    main()
