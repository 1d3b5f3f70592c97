"""Benchmark of the map's GeoJSON feed against its floor (see bench/README.md).

Run: ``make bench`` or ``.venv/bin/python bench/geojson_feed.py [--actions 10000]
[--repeat 15] [--fresh]``. Needs PostgreSQL: ``BENCH_DATABASE_URL`` (default
``postgres://postgres@127.0.0.1:5432/portal_bench``); the database is created if absent
and filled once (``--fresh`` drops and recreates it). Never run by ``make test``.

In one run, with N live actions below ``/carte/`` (plus the 33 demo ones) and 100 below a
second map page ``/carte-100/``, it measures (median of ``--repeat`` runs, in-process
Django test client, persistent database connection):

- the raw SQL query selecting the feed's fields (the floor);
- the full feed uncached (its cached body deleted before each request), cached, and
  the 304 answer, each through Wagtail's page serving (the feed is a route of the map
  page);
- for scale, a 404 below the map page (Wagtail's routing of any page URL);
- fetching the same fields by paging Wagtail API v2 (20 a page), once;
- the number of SQL queries of the feed at 100 and at N actions.

``--smoke`` (or ``BENCH_SMOKE=1``): 20 actions, one round, a fresh database of its own
dropped at the end (bench/_smoke.py); what CI runs so that the bench keeps working.
"""

import argparse
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import _smoke  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/portal_bench"


def ensure_database(url, fresh):
    """Create the benchmark database (``CREATE DATABASE``) if absent; drop it first when
    ``fresh``. Input: a postgres:// URL. Output: True when the database is new."""
    import psycopg
    from urllib.parse import urlparse

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin_url = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
            return True
    return False


def setup_django(url):
    """Configure Django on the benchmark database (test settings, persistent connection)."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    django.setup()
    # As a production server would: keep the connection between requests.
    settings.DATABASES["default"]["CONN_MAX_AGE"] = None
    from django.db import connections

    connections["default"].settings_dict["CONN_MAX_AGE"] = None


def bulk_create_actions(index, count, prefix):
    """Add ``count`` live InitiativePages below ``index`` in a few bulk INSERTs.

    Wagtail's ``add_child`` + ``save_revision().publish()`` takes ~30 ms an action; here
    the treebeard paths are computed once (``Page._get_path(parent path, depth, step)``,
    steps after the parent's ``numchild``), the ``wagtailcore_page`` rows are inserted
    with ``Page.objects.bulk_create``, the ``initiatives_initiativepage`` rows (Django's
    ``bulk_create`` refuses multi-table inheritance) with one ``executemany`` INSERT,
    then themes and tags with ``bulk_create``, and the parent's ``numchild`` is updated.
    No revisions and no search index entries: the feed and the API read the live page
    rows. ~3 s for 10,000 actions.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Locale, Page

    from initiatives.feed_state import bump_feed_version
    from initiatives.models import InitiativePage, InitiativeTag, TaggedInitiative
    from initiatives.search import normalize
    from portal.geo import format_point, in_departement
    from portal.models import Commune, Theme
    from portal.text import folded_key

    communes = list(Commune.objects.order_by("insee_code"))
    themes = list(Theme.objects.order_by("sort_order"))
    tags = [InitiativeTag.objects.get_or_create(name=f"bench-{i}", slug=f"bench-{i}")[0]
            for i in range(50)]
    content_type = ContentType.objects.get_for_model(InitiativePage)
    locale = Locale.get_default()
    now = timezone.now()
    index = Page.objects.get(pk=index.pk)
    start = index.numchild
    actors = ["association", "commune-ccas", "collectif", "entreprise", "particulier",
              "service-public"]
    periods = ["confinement", "apres", "en-cours"]

    with transaction.atomic():
        pages = []
        for i in range(count):
            slug = f"{prefix}-{i}"
            title = f"Action de banc d'essai {prefix} n° {i}"
            pages.append(Page(
                path=Page._get_path(index.path, index.depth + 1, start + i + 1),
                depth=index.depth + 1, numchild=0, title=title, draft_title=title,
                slug=slug, content_type=content_type, live=True,
                has_unpublished_changes=False, url_path=f"{index.url_path}{slug}/",
                first_published_at=now, last_published_at=now, locale=locale,
                translation_key=uuid.uuid4(),
            ))
        pages = Page.objects.bulk_create(pages, batch_size=2000)
        rows = []
        for i, page in enumerate(pages):
            commune = communes[i % len(communes)]
            lat = commune.latitude + ((i * 37) % 100 - 50) / 20000
            lng = commune.longitude + ((i * 53) % 100 - 50) / 20000
            if not in_departement(lat, lng):
                lat, lng = commune.latitude, commune.longitude
            summary = f"Résumé de l'action {i} à {commune.name}"
            rows.append((
                page.pk, summary, "", actors[i % len(actors)], "Association de test",
                commune.pk, "", format_point(lat, lng), lat, lng, periods[i % 3], "",
                i % 2 == 0, normalize(f"{page.title} {summary} {commune.name}"),
                normalize(page.title), folded_key(page.title),
            ))
        table = InitiativePage._meta.db_table
        columns = ("page_ptr_id", "summary", "description", "actor_type", "organisation",
                   "commune_id", "address", "location", "latitude", "longitude", "period",
                   "public_contact", "volunteers_wanted", "search_text", "search_keywords",
                   "sort_title")
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) "
                f"VALUES ({', '.join(['%s'] * len(columns))})",
                rows,
            )
        through = InitiativePage.themes.through
        through.objects.bulk_create([
            through(initiativepage_id=page.pk, theme_id=themes[(i + k) % len(themes)].pk)
            for i, page in enumerate(pages) for k in range(1 + i % 3)
        ], batch_size=5000)
        TaggedInitiative.objects.bulk_create([
            TaggedInitiative(content_object_id=page.pk, tag_id=tags[(i + k) % len(tags)].pk)
            for i, page in enumerate(pages) for k in range(2)
        ], batch_size=5000)
        Page.objects.filter(pk=index.pk).update(numchild=start + count)
        bump_feed_version()  # bulk SQL sends no signal


def prepare(actions):
    """Migrate, load reference data and demo content, then add the benchmark actions
    (idempotent: counts what is there first)."""
    from django.core.management import call_command
    from wagtail.models import Page

    from initiatives.models import InitiativeIndexPage, InitiativePage

    call_command("migrate", verbosity=0)
    if not InitiativeIndexPage.objects.filter(slug="carte").exists():
        call_command("load_reference_data", verbosity=0)
        call_command("load_demo_content", verbosity=0)
    main = InitiativeIndexPage.objects.get(slug="carte")
    small = InitiativeIndexPage.objects.filter(slug="carte-100").first()
    if small is None:
        small = InitiativeIndexPage(title="Carte de 100 actions", slug="carte-100")
        main.get_parent().add_child(instance=small)
        small.save_revision().publish()
    missing_small = 100 - InitiativePage.objects.child_of(small).count()
    if missing_small > 0:
        bulk_create_actions(small, missing_small, f"petit-{uuid.uuid4().hex[:6]}")
    bench_count = InitiativePage.objects.child_of(main).filter(
        slug__startswith="banc-").count()
    if bench_count < actions:
        started = time.perf_counter()
        bulk_create_actions(main, actions - bench_count, f"banc-{uuid.uuid4().hex[:6]}")
        print(f"created {actions - bench_count} actions in "
              f"{time.perf_counter() - started:.1f} s (bulk treebeard paths)")
    with __import__("django.db").db.connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return main, small, Page


RAW_SQL = """
WITH th AS (
    SELECT it.initiativepage_id AS id, array_agg(t.slug ORDER BY t.sort_order, t.slug) AS slugs
    FROM initiatives_initiativepage_themes it JOIN portal_theme t ON t.id = it.theme_id
    GROUP BY it.initiativepage_id
), tg AS (
    SELECT ti.content_object_id AS id, array_agg(g.name ORDER BY g.name) AS names
    FROM initiatives_taggedinitiative ti JOIN initiatives_initiativetag g ON g.id = ti.tag_id
    GROUP BY ti.content_object_id
)
SELECT p.id, p.title, p.url_path, i.latitude, i.longitude, i.actor_type,
       c.name, c.insee_code, th.slugs, tg.names
FROM wagtailcore_page p
JOIN initiatives_initiativepage i ON i.page_ptr_id = p.id
JOIN portal_commune c ON c.id = i.commune_id
LEFT JOIN th ON th.id = p.id
LEFT JOIN tg ON tg.id = p.id
WHERE p.path LIKE %s AND p.depth = %s AND p.live
ORDER BY p.title, p.id
"""

# The same fields in three plain queries (pages with their commune, themes, tags), as
# the feed sends them; the floor is the faster of the two formulations.
RAW_SQL_3 = [
    """SELECT p.id, p.title, p.url_path, i.latitude, i.longitude, i.actor_type,
              c.name, c.insee_code
       FROM wagtailcore_page p
       JOIN initiatives_initiativepage i ON i.page_ptr_id = p.id
       JOIN portal_commune c ON c.id = i.commune_id
       WHERE p.path LIKE %s AND p.depth = %s AND p.live ORDER BY p.title, p.id""",
    """SELECT it.initiativepage_id, t.slug FROM initiatives_initiativepage_themes it
       JOIN portal_theme t ON t.id = it.theme_id
       JOIN wagtailcore_page p ON p.id = it.initiativepage_id
       WHERE p.path LIKE %s AND p.depth = %s AND p.live
       ORDER BY it.initiativepage_id, t.sort_order, t.slug""",
    """SELECT ti.content_object_id, g.name FROM initiatives_taggedinitiative ti
       JOIN initiatives_initiativetag g ON g.id = ti.tag_id
       JOIN wagtailcore_page p ON p.id = ti.content_object_id
       WHERE p.path LIKE %s AND p.depth = %s AND p.live
       ORDER BY ti.content_object_id, g.name""",
]


def interleaved_medians(functions, repeat, clock=time.perf_counter):
    """Median time (ms) of each function of ``functions`` (dict name -> fn), measured
    with ``clock`` (seconds; wall time by default, ``time.process_time`` for CPU time).

    One warm-up call each, then ``repeat`` rounds calling each function once in turn, so
    that a change of the machine's load touches every measure alike (the ratios are what
    the goals are about). Output: dict name -> median ms.
    """
    for fn in functions.values():
        fn()
    times = {name: [] for name in functions}
    for _ in range(repeat):
        for name, fn in functions.items():
            started = clock()
            fn()
            times[name].append((clock() - started) * 1000)
    return {name: statistics.median(values) for name, values in times.items()}


def machine():
    """One line describing the machine: CPU model, CPUs, load average, Python."""
    import platform

    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{model}, {os.cpu_count()} CPUs, load average {load}, "
            f"Python {platform.python_version()}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--fresh", action="store_true", help="recreate the database")
    _smoke.add_argument(parser)
    args = parser.parse_args()
    smoke = _smoke.enabled(args)
    if smoke:
        args.actions, args.repeat, args.fresh = 20, 1, True

    url = _smoke.database_url(DEFAULT_URL)
    ensure_database(url, args.fresh)
    try:
        run(args, url)
    finally:
        if smoke:
            from django.db import connections

            connections.close_all()
            _smoke.drop_database(url)


def run(args, url):
    """Prepare the database of ``url`` and print the measures (see the module's text)."""
    setup_django(url)

    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from initiatives.feeds import CACHE_PREFIX
    from initiatives.models import InitiativePage
    from portal.compression import compress

    main_index, small_index, _ = prepare(args.actions)
    total = InitiativePage.objects.child_of(main_index).live().count()
    client = Client()
    feed_url = main_index.url + "geojson/"

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(RAW_SQL, [main_index.path + "%", main_index.depth + 1])
            return cursor.fetchall()

    def raw3():
        with connection.cursor() as cursor:
            rows = []
            for sql in RAW_SQL_3:
                cursor.execute(sql, [main_index.path + "%", main_index.depth + 1])
                rows.append(cursor.fetchall())
            return rows

    raw_rows = len(raw())
    assert len(raw3()[0]) == raw_rows

    first = client.get(feed_url)
    etag = first["ETag"]
    feed_key = CACHE_PREFIX + etag.strip('"')

    def uncached():
        cache.delete(feed_key)  # only the feed's body; Wagtail's own caches stay warm
        response = client.get(feed_url)
        assert response.status_code == 200

    def cached():
        assert client.get(feed_url).status_code == 200

    features = first.content.count(b'"type":"Feature"')
    assert features == raw_rows == total, (features, raw_rows, total)

    def not_modified():
        assert client.get(feed_url, headers={"If-None-Match": etag}).status_code == 304

    def missing_page():
        # Wagtail's routing and privacy checks with a 404 page: what any page URL costs.
        assert client.get(main_index.url + "inconnue/").status_code == 404

    results = interleaved_medians(
        {"raw1": raw, "raw3": raw3, "uncached": uncached, "cached": cached,
         "304": not_modified, "404": missing_page},
        args.repeat,
    )

    def queries(url):
        cache.clear()
        client.get(url)  # warm Wagtail's site caches
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        return len(ctx.captured_queries)

    small_count = InitiativePage.objects.child_of(small_index).live().count()
    query_counts = (queries(small_index.url + "geojson/"), queries(feed_url))

    started = time.perf_counter()
    fetched, offset = 0, 0
    fields = "title,html_url,location,commune_insee,themes,tags,actor_type"
    while True:
        response = client.get("/api/v2/pages/", {
            "type": "initiatives.InitiativePage", "child_of": main_index.pk,
            "fields": fields, "limit": 20, "offset": offset,
        })
        data = response.json()
        fetched += len(data["items"])
        offset += 20
        if offset >= data["meta"]["total_count"]:
            break
    results["api"] = (time.perf_counter() - started) * 1000
    assert fetched == total, (fetched, total)

    results["raw"] = floor = min(results["raw1"], results["raw3"])
    print(f"\nMachine: {machine()}")
    print(f"GeoJSON feed, {total} live actions, PostgreSQL "
          f"{connection.cursor().connection.info.server_version}, "
          f"median of {args.repeat} runs, body {len(first.content) / 1e3:.0f} kB "
          f"({len(compress(first.content)) / 1e3:.0f} kB gzip-coded)")
    print(f"{'measure':<34}{'ms':>10}{'x floor':>12}  (floor: the faster raw SQL)")
    labels = [("raw1", "raw SQL, one query (array_agg)"),
              ("raw3", "raw SQL, three plain queries"),
              ("uncached", "feed, uncached"),
              ("cached", "feed, cached body"), ("304", "feed, 304 (If-None-Match)"),
              ("404", "a missing page below /carte/ (404)"),
              ("api", "API v2, 20 a page, all pages")]
    for key, label in labels:
        print(f"{label:<34}{results[key]:>10.1f}{results[key] / floor:>12.2f}")
    print(f"304 / uncached: 1/{results['uncached'] / results['304']:.1f}")
    print(f"SQL queries of the feed: {query_counts[0]} at {small_count} actions, "
          f"{query_counts[1]} at {total} actions")
    goals = {
        "uncached feed within 3x the raw query": results["uncached"] <= 3 * floor,
        "304 within 1/10 of the uncached feed": results["304"] * 10 <= results["uncached"],
        "query count independent of N": query_counts[0] == query_counts[1],
    }
    for goal, met in goals.items():
        print(f"  [{'met' if met else 'MISSED'}] {goal}")
    if _smoke.enabled():
        print("Smoke run: tiny sizes, the figures above mean nothing.")


if __name__ == "__main__":
    main()
