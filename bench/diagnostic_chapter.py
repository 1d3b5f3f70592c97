#!/usr/bin/env python
"""Benchmark of a diagnostic chapter full of figures against the same chapter as text.

Run: ``.venv/bin/python bench/diagnostic_chapter.py [--repeat 30] [--fresh]``. Needs
PostgreSQL: ``BENCH_DATABASE_URL`` (default
``postgres://postgres@127.0.0.1:5432/portal_bench_diagnostic``), created if absent and
filled once (reference data, demo content). Never run by ``make test``.

Two chapters below ``/diagnostic/``, made on each run (old ones replaced):

- *figures*: a choropleth of the 327 communes, a choropleth of the 18 EPCI, five charts
  (bar and horizontal bar from an EPCI indicator; line, stacked bar and bar from tables
  pasted as staff would) and a grid of four key figures, between headings and
  paragraphs;
- *text*: the same headings and paragraphs, and each figure block's title and
  description as a paragraph: the plain chapter.

The indicators are the reference data's populations (commune and EPCI), with three
communes marked secret so the hatching is drawn.

Figures, in one run:

1. transferred size: the HTML as a browser receives it (the page cache stores and sends
   public pages gzipped: the bytes are those of ``Accept-Encoding: gzip``), plus the
   gzipped static files the figures chapter loads and the text chapter does not. Goal:
   at most **250 KB**;
2. server render time: the median of ``--repeat`` interleaved rounds, in process with
   Django's test client, the page cache off (every request renders), persistent
   database connection. Goal: the figures chapter within **3x** the text chapter;
3. the admin: the chapter's edit view and its preview answer 200 (signed in as a
   superuser).

``--smoke`` (or ``BENCH_SMOKE=1``): one round, a fresh database of its own dropped at the
end (bench/_smoke.py); figures printed, never compared.
"""

import argparse
import gzip
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import _smoke  # noqa: E402
from bench.geojson_feed import (  # noqa: E402
    ensure_database,
    interleaved_medians,
    machine,
    setup_django,
)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/portal_bench_diagnostic"
GOAL_KB = 250
GOAL_RATIO = 3.0
SECRET_COMMUNES = 3
PARAGRAPH = (
    "<p>Le comité lit ce chapitre avant sa séance : la crise a touché les ménages les "
    "plus modestes, les familles monoparentales et les jeunes actifs, d'abord dans les "
    "communes rurales éloignées des services. Les associations ont adapté leurs "
    "distributions et leurs permanences, souvent avec des bénévoles nouveaux.</p>"
)
LINE_DATA = "Année\tLandes\tFrance\n" + "\n".join(
    f"{year}\t{7 + (year % 4) * 0.4:.1f}".replace(".", ",") + f"\t{8 + (year % 3) * 0.3:.1f}".replace(".", ",")
    for year in range(2012, 2022)
)
STACKED_DATA = (
    "Tranche d'âge\tFemmes\tHommes\n0-19 ans\t38 512\t40 203\n20-39 ans\t42 110\t41 020\n"
    "40-59 ans\t55 800\t53 640\n60-74 ans\t41 900\t39 300\n75 ans ou plus\t28 700\t19 800"
)
BAR_DATA = (
    "Motif\tDemandes\nAlimentation\t1 245\nÉnergie\t812\nLogement\t640\nMobilité\t388\n"
    "Santé\ts\nNumérique\t205"
)


def make_indicators():
    """Commune and EPCI population indicators from the loaded reference data (three
    communes secret). Output: (commune Indicator, EPCI Indicator)."""
    from diagnostic.models import Indicator, IndicatorValue
    from portal.models import EPCI, Commune

    Indicator.objects.filter(source="Banc d'essai").delete()
    by_commune = Indicator.objects.create(
        name="Population municipale (banc)", unit="habitants", source="Banc d'essai",
        level="commune", departement_value=sum(c.population or 0 for c in Commune.objects.all()),
    )
    values = []
    for index, commune in enumerate(Commune.objects.order_by("insee_code")):
        if index < SECRET_COMMUNES:
            values.append(IndicatorValue(indicator=by_commune, code=commune.insee_code,
                                         status="secret"))
        elif commune.population:
            values.append(IndicatorValue(indicator=by_commune, code=commune.insee_code,
                                         status="number", value=commune.population))
    IndicatorValue.objects.bulk_create(values)
    by_epci = Indicator.objects.create(
        name="Population des EPCI (banc)", unit="habitants", source="Banc d'essai", level="epci",
    )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=by_epci, code=epci.siren, status="number", value=epci.population)
        for epci in EPCI.objects.all() if epci.population
    )
    return by_commune, by_epci


def figure_blocks(by_commune, by_epci):
    """The figure blocks of the figures chapter (StreamField data, list of dicts)."""
    source = {"source": "Banc d'essai", "source_url": "", "year": None, "unit": ""}
    return [
        {"type": "choropleth", "value": {
            "title": "Population par commune", "description": "", "indicator": by_commune.pk,
            "classes": 5}},
        {"type": "choropleth", "value": {
            "title": "Population par EPCI", "description": "", "indicator": by_epci.pk,
            "classes": 5}},
        {"type": "chart", "value": {
            "title": "Population des EPCI", "description": "", "chart_type": "bar",
            "indicator": by_epci.pk, "data": "", **source}},
        {"type": "chart", "value": {
            "title": "Population des EPCI, en barres horizontales", "description": "",
            "chart_type": "horizontal_bar", "indicator": by_epci.pk, "data": "", **source}},
        {"type": "chart", "value": {
            "title": "Taux de chômage", "description": "", "chart_type": "line",
            "indicator": None, "data": LINE_DATA, **source, "unit": "%"}},
        {"type": "chart", "value": {
            "title": "Population par âge et sexe", "description": "", "chart_type": "stacked_bar",
            "indicator": None, "data": STACKED_DATA, **source}},
        {"type": "chart", "value": {
            "title": "Demandes d'aide par motif", "description": "", "chart_type": "bar",
            "indicator": None, "data": BAR_DATA, **source}},
        {"type": "key_figures", "value": {"title": "Chiffres clés", "figures": [
            {"value": "413690", "unit": "habitants", "label": "Population", "territory": "Landes",
             "year": None, "source": "Banc d'essai", "source_url": "",
             "departement_value": None, "france_value": None,
             "previous_value": "400000", "previous_year": 2015},
            {"value": "327", "unit": "", "label": "Communes", "territory": "Landes",
             "year": None, "source": "Banc d'essai", "source_url": "",
             "departement_value": None, "france_value": None,
             "previous_value": None, "previous_year": None},
            {"value": "18", "unit": "", "label": "EPCI", "territory": "Landes",
             "year": None, "source": "Banc d'essai", "source_url": "",
             "departement_value": None, "france_value": None,
             "previous_value": None, "previous_year": None},
            {"value": "14.2", "unit": "%", "label": "Taux de pauvreté", "territory": "Landes",
             "year": None, "source": "Banc d'essai", "source_url": "",
             "departement_value": None, "france_value": "14.5",
             "previous_value": None, "previous_year": None},
        ]}},
    ]


def chapters():
    """Make the two chapters (replacing earlier ones). Output: (figures page, text page)."""
    from diagnostic.models import DiagnosticChapterPage, DiagnosticIndexPage

    index = DiagnosticIndexPage.objects.get()
    for old in DiagnosticChapterPage.objects.child_of(index).filter(slug__startswith="banc-"):
        old.delete()
    figures = figure_blocks(*make_indicators())
    text, body = [], []
    for number, block in enumerate(figures, 1):
        section = [
            {"type": "heading", "value": {"text": f"Partie {number}", "level": "h2"}},
            {"type": "paragraph", "value": PARAGRAPH},
        ]
        body += section + [block]
        value = block["value"]
        caption = value.get("title", "") + ". " + value.get("description", "")
        text += section + [{"type": "paragraph", "value": f"<p>{caption}</p>"}]
    pages = []
    for slug, stream in (("banc-figures", body), ("banc-texte", text)):
        page = DiagnosticChapterPage(title=slug, slug=slug, summary="Banc d'essai", body=stream)
        index.add_child(instance=page)
        page.save_revision().publish()
        pages.append(DiagnosticChapterPage.objects.get(pk=page.pk))
    return pages


def static_paths(html):
    """Paths of the scripts and stylesheets an HTML page (str) loads (set of str)."""
    return set(re.findall(r'(?:src|href)="(/static/[^"]+\.(?:js|css))"', html))


def gzipped_size(client, path):
    """Bytes of ``path`` as sent to a client that accepts gzip (int)."""
    response = client.get(path, headers={"Accept-Encoding": "gzip"})
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Encoding") != "gzip":
        body = gzip.compress(body)
    return len(body)


def measure(figures, plain, repeat):
    """The figures of the run (dict), see the module's text."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    html = {}
    sizes = {}
    for name, page in (("figures", figures), ("text", plain)):
        response = client.get(page.url)
        assert response.status_code == 200, (page.url, response.status_code)
        html[name] = response.content.decode()
        sizes[name] = (len(response.content), gzipped_size(client, page.url))
    extra_assets = sorted(static_paths(html["figures"]) - static_paths(html["text"]))
    asset_bytes = sum(gzipped_size(client, path) for path in extra_assets)

    settings.PORTAL_PAGE_CACHE_ENABLED = False
    try:
        times = interleaved_medians({
            "figures": lambda: client.get(figures.url),
            "text": lambda: client.get(plain.url),
        }, repeat)
    finally:
        settings.PORTAL_PAGE_CACHE_ENABLED = True

    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.filter(is_superuser=True).first()
    if admin is None:
        admin = get_user_model().objects.create_superuser(
            email="banc-diagnostic@example.org", password="banc-diagnostic")
    staff = Client()
    staff.force_login(admin)
    edit = staff.get(f"/admin/pages/{figures.pk}/edit/")
    preview = figures.make_preview_request()
    return {
        "sizes": sizes, "extra_assets": extra_assets, "asset_bytes": asset_bytes,
        "times": times, "edit_status": edit.status_code, "preview_status": preview.status_code,
        "svg_count": html["figures"].count("<svg"),
    }


def report(figures):
    """Print the figures and whether each goal is met."""
    print(machine())
    raw, coded = figures["sizes"]["figures"]
    raw_text, coded_text = figures["sizes"]["text"]
    total = coded + figures["asset_bytes"]
    print(f"figures chapter: {figures['svg_count']} SVG, HTML {raw / 1024:.1f} KB "
          f"({coded / 1024:.1f} KB gzipped); text chapter HTML {raw_text / 1024:.1f} KB "
          f"({coded_text / 1024:.1f} KB gzipped)")
    print(f"static files only the figures chapter loads: {figures['extra_assets'] or 'none'} "
          f"({figures['asset_bytes'] / 1024:.1f} KB gzipped)")
    print(f"  [{'met' if total <= GOAL_KB * 1024 else 'MISSED'}] transferred "
          f"{total / 1024:.1f} KB, goal at most {GOAL_KB} KB")
    times = figures["times"]
    ratio = times["figures"] / times["text"]
    print(f"server render, median: figures {times['figures']:.1f} ms, text "
          f"{times['text']:.1f} ms")
    print(f"  [{'met' if ratio <= GOAL_RATIO else 'MISSED'}] ratio {ratio:.2f}x, goal at "
          f"most {GOAL_RATIO:g}x")
    ok = figures["edit_status"] == figures["preview_status"] == 200
    print(f"  [{'met' if ok else 'MISSED'}] admin edit view {figures['edit_status']}, "
          f"preview {figures['preview_status']}")
    if _smoke.enabled():
        print("Smoke run: one round, the figures above mean nothing.")
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--fresh", action="store_true", help="recreate the database")
    _smoke.add_argument(parser)
    args = parser.parse_args()
    if _smoke.enabled(args):
        args.repeat, args.fresh = 1, True
    url = _smoke.database_url(DEFAULT_URL)
    ensure_database(url, args.fresh)
    ok = False
    try:
        setup_django(url)
        from django.core.management import call_command

        from diagnostic.models import DiagnosticIndexPage

        call_command("migrate", verbosity=0)
        if not DiagnosticIndexPage.objects.exists():
            call_command("load_reference_data", verbosity=0)
            call_command("load_demo_content", verbosity=0)
        figures, plain = chapters()
        ok = report(measure(figures, plain, args.repeat))
    finally:
        if _smoke.enabled():
            from django.db import connections

            connections.close_all()
            _smoke.drop_database(url)
    # A broken admin is a crash, even in a smoke run; missed speed goals are not.
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
