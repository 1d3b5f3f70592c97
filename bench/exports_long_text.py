#!/usr/bin/env python
"""Benchmark: 20,000 submissions of a 40-question form with long French
text. Expected: the CSV streams; the XLSX finishes or runs in the background; memory
stays bounded.

Not part of ``make test``. Run it from the repository root:

    .venv/bin/python bench/exports_long_text.py                      # 5,000 and 20,000 rows
    .venv/bin/python bench/exports_long_text.py --rows 20000 --keep  # keep the database

Same database as bench/exports.py (``BENCH_DATABASE_URL``, default
``postgres://postgres@127.0.0.1:5432/portal_bench_exports``), its set-up and its answer
generator for the first 15 questions; questions 16 to 40 are 13 long texts (3 to 8
sentences of ``SENTENCES``, about 500 to 900 characters each) and 12 choices. One page
per size, ``bench-exports-long-text-<N>``. Each measure runs in a fresh process (peak RSS is
the measure's own, see bench/exports.py):

- ``csv``: ``iter_csv`` as ``/admin/comite/<id>/export.csv`` streams it (first chunk,
  total);
- ``xlsx_job`` / ``ods_job``: the background export the committee gets above
  ``PORTAL_EXPORT_BACKGROUND_THRESHOLD`` rows: an ``ExportJob`` and ``build_export``
  (django-tasks) writing the file under ``PORTAL_EXPORTS_DIR``, progress included;
- ``copy``: ``COPY (SELECT id, submit_time, form_data ...) TO STDOUT``, the floor.

``--smoke`` (or ``BENCH_SMOKE=1``): 20 rows, a fresh database of its own dropped at the
end (bench/_smoke.py); what CI runs so that the bench keeps working.
"""

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import exports as base  # noqa: E402

SLUG = "bench-exports-long-text-{rows}"
MEASURES = ["baseline", "csv", "xlsx_job", "ods_job", "copy"]
LONG_TEXTS = [
    "Qu'est-ce qui a été le plus difficile pour vous pendant cette période ?",
    "Comment votre situation professionnelle a-t-elle évolué depuis ?",
    "Comment avez-vous fait face aux dépenses imprévues ?",
    "Racontez une solidarité qui vous a marqué·e dans votre commune.",
    "Qu'auriez-vous attendu des services publics ?",
    "Quelles difficultés ont rencontré vos proches âgés ?",
    "Comment les enfants et les jeunes de votre foyer ont-ils vécu cette période ?",
    "Quels déplacements sont devenus impossibles ou trop chers ?",
    "Comment vous informez-vous sur les aides existantes ?",
    "Que faudrait-il changer dans l'accueil des CCAS et de la CAF ?",
    "Quelle action de solidarité aimeriez-vous voir naître près de chez vous ?",
    "Seriez-vous prêt·e à vous engager, et comment ?",
    "Avez-vous autre chose à dire au comité ?",
]
CHOICES = [
    ("Votre logement est-il adapté à votre situation ?", "Oui\nPlutôt oui\nPlutôt non\nNon"),
    ("Avez-vous dû reporter des soins ?", "Oui\nNon\nJe ne sais pas"),
    ("Avez-vous accès à internet chez vous ?", "Oui, fixe\nOui, seulement mobile\nNon"),
    ("Votre revenu a-t-il baissé ?", "Non\nUn peu\nBeaucoup"),
    ("Vivez-vous seul·e ?", "Oui\nNon"),
    ("Avez-vous un véhicule ?", "Oui\nNon"),
    ("Connaissez-vous le CCAS de votre commune ?", "Oui\nNon"),
    ("Avez-vous eu recours à l'aide alimentaire ?", "Oui, souvent\nOui, parfois\nNon"),
    ("Votre moral aujourd'hui", "Bon\nMoyen\nMauvais"),
    ("Faites-vous partie d'une association ?", "Oui\nNon"),
    ("Avez-vous des enfants à charge ?", "Oui\nNon"),
    ("Souhaitez-vous être tenu·e informé·e ?", "Oui\nNon"),
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", default="5000,20000",
                        help="sizes, comma-separated (default 5000,20000)")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--measure", choices=MEASURES, help=argparse.SUPPRESS)
    base._smoke.add_argument(parser)
    args = parser.parse_args()
    if base._smoke.enabled(args) and not args.measure:
        args.rows, args.keep = "20", False
    return args


def ensure_page(home, rows):
    """The 40-question page of ``rows`` submissions (created and filled unless full)."""
    questions = list(base.QUESTIONS)
    questions += [(label, "multiline", False, "", False) for label in LONG_TEXTS]
    questions += [(label, "radio", False, choices, False) for label, choices in CHOICES]
    return base.ensure_page(
        home, rows, slug=SLUG, questions=questions, filler=fill,
        title=f"Consultation textes longs ({rows:,} réponses, 40 questions)".replace(",", " "),
    )


def fill(page, rows):
    """bench/exports.py's 15 answers, then the 25 extra ones (seeded), with COPY."""
    from django.db import connection

    from consultation.models import AnswerKey

    base.fill(page, rows)
    keys = [f.clean_name for f in page.get_form_fields()]
    rng = random.Random(base.SEED + 9 + rows)
    choices = [c.split("\n") for _, c in CHOICES]
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        ids = [row[0] for row in cursor.execute(
            "SELECT id FROM consultation_consultationsubmission WHERE page_id = %s "
            "ORDER BY id", [page.pk]).fetchall()]
        extra = []
        for pk in ids:
            data = {key: " ".join(rng.sample(base.SENTENCES, rng.randint(3, 8)))
                    for key in keys[15:15 + len(LONG_TEXTS)]}
            data.update({key: rng.choice(options)
                         for key, options in zip(keys[15 + len(LONG_TEXTS):], choices)})
            extra.append((json.dumps(data, ensure_ascii=False), pk))
        cursor.executemany(
            "UPDATE consultation_consultationsubmission SET form_data = form_data || "
            "%s::jsonb WHERE id = %s", extra)
    connection.connection.commit()
    AnswerKey.record_all(page.get_submissions())


def measure(name, page_id):
    """One measure; output dict with seconds ``total``, ``first`` and ``bytes``."""
    from consultation.models import ConsultationPage

    page = ConsultationPage.objects.get(pk=page_id)
    sink = base.Sink()
    first = None
    started = time.perf_counter()
    if name == "csv":
        from consultation.committee.exports import iter_csv

        for chunk in (c.encode("utf-8") for c in iter_csv(base.our_table(page), ",")):
            if first is None:
                first = time.perf_counter() - started
            sink.add(chunk)
    elif name in ("xlsx_job", "ods_job"):
        from django.contrib.auth import get_user_model

        from consultation.committee.models import ExportJob
        from consultation.committee.tasks import build_export

        user = get_user_model().objects.get(email=base.SUPERUSER)
        started = time.perf_counter()
        job = ExportJob.objects.create(page=page, user=user, format=name.split("_")[0],
                                       rows_total=page.get_submissions().count())
        build_export.call(str(job.pk))
        job.refresh_from_db()
        assert job.status == ExportJob.Status.DONE, job.status
        assert job.rows_done == job.rows_total, (job.rows_done, job.rows_total)
        sink.size = job.path.stat().st_size
        job.path.unlink()
    elif name == "copy":
        first = base.copy_rows(page, sink, started)
    return {"total": time.perf_counter() - started, "first": first, "bytes": sink.size}


def run_measure(args):
    os.environ.setdefault("PORTAL_EXPORTS_DIR", tempfile.mkdtemp(prefix="bench-long-text-"))
    base.setup_django(base.database_url())
    import resource

    from consultation.models import ConsultationPage

    page_id = ConsultationPage.objects.get(slug=SLUG.format(rows=int(args.rows))).pk
    start = base.proc_status("VmRSS")
    with open("/proc/self/clear_refs", "w") as handle:
        handle.write("5")
    result = measure(args.measure, page_id)
    result["rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["start_mib"] = start
    result["measure_peak_mib"] = base.proc_status("VmHWM")
    print(json.dumps(result))


def main():
    args = parse_args()
    if args.measure:
        run_measure(args)
        return
    sizes = [int(s) for s in args.rows.split(",") if s.strip()]
    url = base.database_url()
    if base._smoke.enabled():
        base.drop_database(url)
    base.ensure_database(url)
    base.setup_django(url)
    print(f"Long French texts, database {url.rsplit('/', 1)[1]}: 40 questions, "
          f"{', '.join(f'{s:,}' for s in sizes)} submissions", flush=True)
    base.prepare([])
    from home.demo import create_home

    home = create_home()
    for rows in sizes:
        ensure_page(home, rows)
    from django.db import connections

    connections.close_all()
    results = {}
    loads = []
    try:
        for rows in sizes:
            for name in MEASURES:
                r = results[rows, name] = base.spawn(name, rows, script=__file__)
                loads.append(os.getloadavg()[0])
                print(f"  {rows:>7,} {name:<9} total {r['total']:7.2f} s  first "
                      f"{base.seconds(r['first']):>7}  peak during "
                      f"{r['start_mib']:.0f} -> {r['measure_peak_mib']:.0f} MiB  "
                      f"output {r['bytes'] / 2**20:.1f} MiB", flush=True)
    finally:
        if not args.keep:
            base.drop_database(url)
    print()
    print("| measure | rows | first chunk | total | RSS before -> peak | output |")
    print("|---|---:|---:|---:|---:|---:|")
    for (rows, name), r in results.items():
        print(f"| {name} | {rows:,} | {base.seconds(r['first'])} | "
              f"{base.seconds(r['total'])} | {r['start_mib']:.0f} -> "
              f"{r['measure_peak_mib']:.0f} MiB | {r['bytes'] / 2**20:.1f} MiB |")
    print()
    large = max(sizes)
    csv = results[large, "csv"]
    print(f"- CSV streams: first chunk after {csv['first']:.2f} s of {csv['total']:.2f} s "
          f"({large:,} rows); CSV / COPY = "
          f"{csv['total'] / results[large, 'copy']['total']:.1f}x")
    for name in ("xlsx_job", "ods_job"):
        print(f"- {name}: finished in the background task in "
              f"{results[large, name]['total']:.1f} s ({large:,} rows)")
    if len(sizes) > 1:
        small = min(sizes)
        for name in ("csv", "xlsx_job", "ods_job"):
            low = results[small, name]["measure_peak_mib"]
            high = results[large, name]["measure_peak_mib"]
            growth = high / low - 1
            print(f"- {name} peak during the measure {small:,} -> {large:,} rows: "
                  f"{low:.0f} -> {high:.0f} MiB ({growth:+.1%}, bounded within 10 %: "
                  f"{'OK' if growth <= 0.10 else 'MISSED'})")
    print(f"Machine load during the measures: {min(loads):.1f} to {max(loads):.1f} "
          f"(1-minute load average, {os.cpu_count()} CPUs)")
    if base._smoke.enabled():
        print("Smoke run: tiny sizes, the figures above mean nothing.")


if __name__ == "__main__":
    main()
