"""Benchmark of the Wagtail API v2's action listings: queries and time per page, 1 vs 20.

Run: ``.venv/bin/python bench/api_queries.py [--actions 1000] [--repeat 15] [--fresh]``.
Needs PostgreSQL: ``BENCH_DATABASE_URL`` (default
``postgres://postgres@127.0.0.1:5432/portal_bench_json``, shared with
``bench/json_compression.py``); created if absent and filled once. Never run by
``make test``.

A map page ``/carte-api-<N>/`` holds N live actions (bulk-created as in
``bench/geojson_feed.py``). For ``/api/v2/pages/?type=initiatives.InitiativePage`` with
the default fields and with ``fields=*``, it counts the SQL queries of a page of 1 and of
20 items and times each (median of ``--repeat`` interleaved rounds, in-process Django test
client, persistent connection), with the portal's pages endpoint and, as the baseline in
the same run, with Wagtail's own ``get_queryset`` (no joins nor prefetches: the code
before this work). Goal: the same number of queries for 20 items as for 1.

``--smoke`` (or ``BENCH_SMOKE=1``): 25 actions, one round, a fresh database of its own
dropped at the end (bench/_smoke.py).
"""

import argparse
import sys
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import _smoke  # noqa: E402
from bench.geojson_feed import interleaved_medians, machine  # noqa: E402
from bench.json_compression import in_bench_database, map_with_actions  # noqa: E402

FIELDS = {"default fields": None, "fields=*": "*"}


@contextmanager
def wagtail_queryset():
    """Within the block, the portal's pages endpoint builds its queryset as Wagtail does
    (no ``select_related``/``prefetch_related``): the baseline."""
    from wagtail.api.v2.views import PagesAPIViewSet

    from portal.api import PortalPagesAPIViewSet

    portal = PortalPagesAPIViewSet.get_queryset
    PortalPagesAPIViewSet.get_queryset = PagesAPIViewSet.get_queryset
    try:
        yield
    finally:
        PortalPagesAPIViewSet.get_queryset = portal


def measure(index, repeat):
    """``{(variant, fields label, limit): (queries, median ms)}`` for the listing of the
    actions below ``index``; variant ``"portal"`` or ``"wagtail"`` (baseline)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()

    def request(fields, limit):
        params = {"type": "initiatives.InitiativePage", "child_of": index.pk,
                  "limit": limit}
        if fields:
            params["fields"] = fields

        def get():
            response = client.get("/api/v2/pages/", params)
            assert response.status_code == 200, response.content
            assert len(response.json()["items"]) == limit
            return response
        return get

    results = {}
    for variant in ("portal", "wagtail"):
        with wagtail_queryset() if variant == "wagtail" else _nothing():
            functions = {(label, limit): request(fields, limit)
                         for label, fields in FIELDS.items() for limit in (1, 20)}
            times = interleaved_medians(functions, repeat)
            for key, get in functions.items():
                with CaptureQueriesContext(connection) as ctx:
                    get()
                results[(variant, *key)] = (len(ctx.captured_queries), times[key])
    return results


@contextmanager
def _nothing():
    yield


def report(results, actions):
    print(f"\nMachine: {machine()}")
    print(f"API v2 /api/v2/pages/?type=initiatives.InitiativePage, {actions} actions, "
          "median ms")
    print(f"{'endpoint':<10}{'fields':<16}{'q(1)':>6}{'q(20)':>7}{'ms(1)':>9}{'ms(20)':>9}"
          f"{'q 20/1':>8}{'ms 20/1':>9}")
    for variant, name in (("wagtail", "baseline"), ("portal", "portal")):
        for label in FIELDS:
            q1, t1 = results[(variant, label, 1)]
            q20, t20 = results[(variant, label, 20)]
            print(f"{name:<10}{label:<16}{q1:>6}{q20:>7}{t1:>9.1f}{t20:>9.1f}"
                  f"{q20 / q1:>8.2f}{t20 / t1:>9.2f}")
    for label in FIELDS:
        before = results[("wagtail", label, 20)]
        after = results[("portal", label, 20)]
        print(f"ratio, page of 20, {label}: queries {before[0]} -> {after[0]}, time "
              f"baseline/portal {before[1] / after[1]:.2f}x")
    met = all(results[("portal", label, 20)][0] == results[("portal", label, 1)][0]
              for label in FIELDS)
    print(f"  [{'met' if met else 'MISSED'}] same number of queries for 20 items as for 1")
    if _smoke.enabled():
        print("Smoke run: tiny sizes, the figures above mean nothing.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--fresh", action="store_true", help="recreate the database")
    _smoke.add_argument(parser)
    args = parser.parse_args()
    if _smoke.enabled(args):
        args.actions, args.repeat, args.fresh = 25, 1, True

    def run():
        index = map_with_actions(args.actions, slug_prefix="carte-api")
        report(measure(index, args.repeat), args.actions)

    in_bench_database(args.fresh, run)


if __name__ == "__main__":
    main()
