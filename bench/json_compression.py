"""Benchmark of the map feed's gzip coding: bytes sent and CPU per request served.

Run: ``.venv/bin/python bench/json_compression.py [--sizes 5000,10000] [--repeat 15]
[--fresh]``. Needs PostgreSQL: ``BENCH_DATABASE_URL`` (default
``postgres://postgres@127.0.0.1:5432/portal_bench_json``); the database is created if
absent and filled once (``--fresh`` drops and recreates it). Never run by ``make test``.

For each size N, a map page ``/carte-<N>/`` holds N live actions (bulk-created as in
``bench/geojson_feed.py``). Measured in one run, interleaved (median of ``--repeat``
rounds, in-process Django test client, persistent database connection):

- the feed's bytes as JSON and gzip-coded, and the time to send each at 10 Mbit/s;
- CPU ms (``time.process_time``) of one request served from the cache, plain and gzip
  (the coded bytes stored once per cache fill) and, as the baseline, gzip made per request
  (the cached JSON compressed by ``GZipMiddleware``-style ``compress_string`` each time:
  what compressing in a middleware or a proxy would cost);
- CPU ms of ``compress`` alone, and of a cache fill for a gzip client (build + compress)
  against one for a plain client (build).

``--smoke`` (or ``BENCH_SMOKE=1``): 20 actions, one round, a fresh database of its own
dropped at the end (bench/_smoke.py).
"""

import argparse
import gzip
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import _smoke  # noqa: E402
from bench.geojson_feed import (  # noqa: E402
    bulk_create_actions, ensure_database, interleaved_medians, machine, setup_django,
)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/portal_bench_json"
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
#: Link speed used to turn bytes into seconds (a modest mobile or rural line), Mbit/s.
LINK_MBIT = 10


def map_with_actions(count, slug_prefix="carte"):
    """The InitiativeIndexPage ``/<slug_prefix>-<count>/`` holding ``count`` live
    actions (made on the first run: reference data, demo content, the page, bulk
    actions)."""
    from django.core.management import call_command

    from initiatives.models import InitiativeIndexPage, InitiativePage

    call_command("migrate", verbosity=0)
    main = InitiativeIndexPage.objects.filter(slug="carte").first()
    if main is None:
        call_command("load_reference_data", verbosity=0)
        call_command("load_demo_content", verbosity=0)
        main = InitiativeIndexPage.objects.get(slug="carte")
    slug = f"{slug_prefix}-{count}"
    index = InitiativeIndexPage.objects.filter(slug=slug).first()
    if index is None:
        index = InitiativeIndexPage(title=f"Carte de {count} actions", slug=slug)
        main.get_parent().add_child(instance=index)
        index.save_revision().publish()
    missing = count - InitiativePage.objects.child_of(index).count()
    if missing > 0:
        started = time.perf_counter()
        bulk_create_actions(index, missing, slug)
        print(f"created {missing} actions below /{slug}/ in "
              f"{time.perf_counter() - started:.1f} s")
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return index


def measure(index, repeat):
    """The figures of one map page (dict), see the module's text."""
    from django.core.cache import cache
    from django.test import Client
    from django.utils.text import compress_string

    from initiatives import feeds
    from portal.compression import compress

    client = Client()
    url = index.url + "geojson/"
    plain = client.get(url)
    coded = client.get(url, **GZIP)
    assert plain.status_code == coded.status_code == 200
    assert coded["Content-Encoding"] == "gzip" and "Content-Encoding" not in plain
    assert gzip.decompress(coded.content) == plain.content
    identity_key, gzip_key = feeds.cache_keys(plain["ETag"], None)

    def cached_plain():
        assert "Content-Encoding" not in client.get(url)

    def cached_gzip():
        assert client.get(url, **GZIP)["Content-Encoding"] == "gzip"

    def gzip_per_request():
        # The baseline: the cached JSON served, then compressed for this request (as
        # GZipMiddleware does, with its random file name against BREACH).
        response = client.get(url)
        compress_string(response.content, max_random_bytes=100)

    def compress_alone():
        compress(plain.content)

    def fill_plain():
        cache.delete_many([identity_key, gzip_key])
        client.get(url)

    def fill_gzip():
        cache.delete_many([identity_key, gzip_key])
        client.get(url, **GZIP)

    cpu = interleaved_medians({
        "cached_plain": cached_plain, "cached_gzip": cached_gzip,
        "gzip_per_request": gzip_per_request, "compress": compress_alone,
        "fill_plain": fill_plain, "fill_gzip": fill_gzip,
    }, repeat, clock=time.process_time)
    features = plain.content.count(b'"type":"Feature"')
    return {"features": features, "plain_bytes": len(plain.content),
            "gzip_bytes": len(coded.content), **cpu}


def report(results):
    """Print the figures and their ratio lines (``results``: size -> dict)."""
    def seconds(size):
        return size * 8 / (LINK_MBIT * 1e6)

    print(f"\nMachine: {machine()}")
    for size, r in results.items():
        print(f"\n/carte-{size}/geojson/: {r['features']} features")
        print(f"  bytes: JSON {r['plain_bytes'] / 1e6:.2f} MB, gzip "
              f"{r['gzip_bytes'] / 1e6:.3f} MB -> ratio gzip/JSON "
              f"{r['gzip_bytes'] / r['plain_bytes']:.3f}")
        print(f"  at {LINK_MBIT} Mbit/s: JSON {seconds(r['plain_bytes']):.2f} s, gzip "
              f"{seconds(r['gzip_bytes']):.2f} s")
        print(f"  {'CPU ms per request':<48}{'median':>8}")
        for key, label in [
            ("cached_plain", "served from the cache, JSON"),
            ("cached_gzip", "served from the cache, gzip (stored once)"),
            ("gzip_per_request", "baseline: cached JSON gzipped per request"),
            ("compress", "compress() alone (paid once per fill)"),
            ("fill_plain", "cache fill for a plain client (build)"),
            ("fill_gzip", "cache fill for a gzip client (build + gzip)"),
        ]:
            print(f"  {label:<48}{r[key]:>8.1f}")
        print(f"  ratio: cached gzip / cached JSON CPU "
              f"{r['cached_gzip'] / r['cached_plain']:.2f}x; gzip per request / cached gzip "
              f"{r['gzip_per_request'] / r['cached_gzip']:.1f}x; fill gzip / fill JSON "
              f"{r['fill_gzip'] / r['fill_plain']:.2f}x")
    goals = {
        "gzip under 1/5 of the JSON's bytes at every size":
            all(r["gzip_bytes"] * 5 <= r["plain_bytes"] for r in results.values()),
        "a cached gzip answer costs no more CPU than 1.2x a cached JSON one":
            all(r["cached_gzip"] <= 1.2 * r["cached_plain"] for r in results.values()),
    }
    for goal, met in goals.items():
        print(f"  [{'met' if met else 'MISSED'}] {goal}")
    if _smoke.enabled():
        print("Smoke run: tiny sizes, the figures above mean nothing.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5000,10000",
                        help="comma-separated numbers of actions (one map page each)")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--fresh", action="store_true", help="recreate the database")
    _smoke.add_argument(parser)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    if _smoke.enabled(args):
        sizes, args.repeat, args.fresh = [20], 1, True

    def run():
        report({size: measure(map_with_actions(size), args.repeat) for size in sizes})

    in_bench_database(args.fresh, run)


def in_bench_database(fresh, run):
    """Call ``run()`` with Django set up on the bench's database (:data:`DEFAULT_URL`,
    ``BENCH_DATABASE_URL``, or the smoke database), created if absent (dropped first
    when ``fresh``); a smoke run's database is dropped at the end."""
    url = _smoke.database_url(DEFAULT_URL)
    ensure_database(url, fresh)
    try:
        setup_django(url)
        run()
    finally:
        if _smoke.enabled():
            from django.db import connections

            connections.close_all()
            _smoke.drop_database(url)


if __name__ == "__main__":
    main()
