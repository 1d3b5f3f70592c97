#!/usr/bin/env python
"""Benchmark of the committee exports against Wagtail's stock export and COPY.

Not part of ``make test`` (timings never live in tests). Run it from the repository root:

    .venv/bin/python bench/exports.py                       # 10,000 and 100,000 rows
    .venv/bin/python bench/exports.py --rows 10000 --keep   # keep the database afterwards

What it does:
1. Database: PostgreSQL ``portal_bench_exports`` (``BENCH_DATABASE_URL`` overrides
   ``postgres://postgres@127.0.0.1:5432/portal_bench_exports``), created if absent,
   migrated, with the reference data (``load_reference_data``), a HomePage and one
   superuser. For each size N a ConsultationPage ``bench-exports-<N>`` with 15 questions
   (see QUESTIONS: yes/no, themes, checkboxes with "Other", long French text, helped by,
   commune, age band, situation, number, date, e-mail, short text, dropdown with
   "Other") gets N submissions (seed 6) over one month (Europe/Paris), written with
   ``COPY ... FROM STDIN`` (``submit_time`` is ``auto_now_add``: ``bulk_create`` would
   overwrite it). The oldest 5 % also answer a question since removed from the form.
   Pages already holding their N submissions are kept. Without ``--keep`` the database
   is dropped at the end.
2. Measures, each in a fresh subprocess (``--measure NAME --rows N``), so that peak RSS
   (``getrusage(RUSAGE_SELF).ru_maxrss`` read at the end) is the measure's own:
   - ``baseline``: Django set up and the page read, nothing exported (the RSS floor);
   - ``csv``: ``ExportTable`` + ``iter_csv`` encoded in UTF-8, as
     ``/admin/comite/<id>/export.csv`` builds its streamed body: time to the first
     chunk (from before ``ExportTable``), total time;
   - ``xlsx``: ``write_xlsx(table, tmpfile)``; ``ods``: ``iter_ods(table)`` consumed;
   - ``stock_csv`` / ``stock_xlsx``: Wagtail's ``SubmissionsListView``
     (``/admin/forms/submissions/<id>/?export=csv|xlsx``) through Django's test Client
     as a superuser, the whole (streamed) response consumed;
   - ``copy``: ``COPY (SELECT id, submit_time, form_data FROM ... WHERE page_id = %s ORDER
     BY submit_time, id) TO STDOUT WITH CSV`` through psycopg 3 ``cursor.copy()``.
   Each process prints one JSON line; the parent prints the table and the goals.
   Wagtail's stock form views hide ConsultationPages (this project's hook
   ``filter_form_submissions_for_user``): the stock measures re-open them inside their
   own process only (:func:`stock_form_views`).
3. ``--smoke`` (or ``BENCH_SMOKE=1``): 20 rows, one round, a fresh database of its own
   (see bench/_smoke.py), dropped at the end; what CI runs so that the bench keeps
   working.
"""

import argparse
import contextlib
import datetime
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import _smoke  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/portal_bench_exports"
SETTINGS = "bench._exports_settings"
SLUG = "bench-exports-{rows}"
SUPERUSER = "bench-exports@example.org"
MEASURES = ["baseline", "csv", "xlsx", "ods", "stock_csv", "stock_xlsx", "copy"]
SEED = 6
#: First day of the month of answers (Europe/Paris); answers spread over 30 days.
START = datetime.datetime(2026, 3, 1)

YES_NO = "Oui\nNon"
DIFFICULTIES = (
    "Perte de revenus\nRetard de loyer ou de factures\nÉcole à la maison difficile\n"
    "Isolement, solitude\nAccès aux soins\nDémarches en ligne impossibles"
)
HEARD = "Mairie ou CCAS\nRéseaux sociaux\nJournal « Sud Ouest »\nUne association\nLe bouche-à-oreille"

#: (label, field_type, required, choices, allow_other)
QUESTIONS = [
    ("Avez-vous rencontré des difficultés pendant et/ou après le confinement ?",
     "radio", True, YES_NO, False),
    ("Si oui, dans quel(s) domaine(s) ?", "themes", False, "", False),
    ("Quelles difficultés précisément ?", "checkboxes", False, DIFFICULTIES, True),
    ("Racontez-nous ce que vous avez vécu", "multiline", False, "", False),
    ("Avez-vous été aidé(e) ?", "yes_no", True, "", False),
    ("Par qui ?", "helped_by", False, "", False),
    ("Avez-vous des propositions d'actions à engager ?", "multiline", False, "", False),
    ("Votre commune", "commune", True, "", False),
    ("Votre tranche d'âge", "age_band", True, "", False),
    ("Votre situation", "situation", True, "", False),
    ("Combien de personnes vivent dans votre foyer ?", "number", False, "", False),
    ("Depuis quand rencontrez-vous ces difficultés ?", "date", False, "", False),
    ("Votre adresse e-mail pour recevoir la synthèse (facultatif)", "email", False, "", False),
    ("En un mot, votre état d'esprit aujourd'hui", "singleline", False, "", False),
    ("Comment avez-vous connu cette consultation ?", "dropdown", False, HEARD, True),
]
REMOVED_KEY = "avez_vous_un_jardin_partage_pres_de_chez_vous"

SENTENCES = [
    "Pendant le confinement, j'ai perdu mon emploi à mi-temps dans la restauration à Mimizan.",
    "Mes enfants n'avaient qu'un seul ordinateur pour trois, l'école à la maison était très compliquée.",
    "Ma mère âgée de quatre-vingt-cinq ans vit seule à Saint-Sever et je ne pouvais plus la voir.",
    "Le CCAS m'a aidée pour les factures d'électricité, sans eux je n'aurais pas tenu l'hiver.",
    "Les démarches en ligne de la CAF sont incompréhensibles quand on n'a pas l'habitude d'internet.",
    "Sans voiture, aller à la pharmacie ou chez le médecin à Dax devenait une expédition.",
    "Nos voisins ont organisé des courses groupées, c'était très réconfortant de se sentir épaulés.",
    "J'ai dû renoncer à des soins dentaires faute de rendez-vous et d'argent.",
    "- loyer trop cher, - chauffage trop cher, - plus rien à la fin du mois.",
    "L'association du quartier distribuait des colis alimentaires le mercredi après-midi.",
    "Il faudrait une permanence « papiers » à la médiathèque, même une fois par mois, ça changerait tout.",
    "Je suis aide-soignante : épuisement, peur de ramener le virus à la maison, aucune reconnaissance.",
    "Créer un réseau d'entraide entre générations : les jeunes font les courses, les aînés gardent le lien.",
    "Un transport à la demande vers Mont-de-Marsan pour les rendez-vous médicaux serait précieux.",
    "Être écouté, c'est déjà beaucoup ; merci de nous demander notre avis.",
]
WORDS = ["Épuisé·e", "Confiant", "Inquiète", "Soulagé", "Combative", "Fatigué", "Serein",
         "Optimiste", "Découragé", "En colère", "=SOMME(A1:A3)", "Plutôt bien, merci"]
HELPERS = ["famille", "voisins-amis", "association", "commune-ccas", "departement", "caf",
           "employeur", "autre"]
AGE_BANDS = ["moins-18", "18-24", "25-34", "35-49", "50-64", "65-79", "80-plus"]
SITUATIONS = ["emploi", "recherche-emploi", "etudiant", "retraite", "foyer", "autre"]
#: INSEE codes answered more often (Mont-de-Marsan, Dax, Biscarrosse, Saint-Paul-lès-Dax).
FREQUENT_COMMUNES = ["40192", "40088", "40046", "40279"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", default="10000,100000",
                        help="sizes, comma-separated (default 10000,100000)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the database (and reuse its rows on the next run)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="fresh processes per measure; the table gives medians (default 3)")
    parser.add_argument("--measure", choices=MEASURES, help=argparse.SUPPRESS)
    parser.add_argument("--profile", metavar="FILE",
                        help="with --measure: write a cProfile of the measure to FILE")
    _smoke.add_argument(parser)
    args = parser.parse_args()
    if _smoke.enabled(args) and not args.measure:
        args.rows, args.repeat, args.keep = "20", 1, False
    return args


def database_url():
    """The bench database's URL (smoke mode: its own, see bench/_smoke.py)."""
    return _smoke.database_url(DEFAULT_DB)


def admin_connect(url):
    import psycopg

    return psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True)


def ensure_database(url):
    """Create the PostgreSQL database of ``url`` unless it exists."""
    name = url.rsplit("/", 1)[1]
    with admin_connect(url) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url):
    name = url.rsplit("/", 1)[1]
    with admin_connect(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_django(url):
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    import django

    django.setup()


# --- data --------------------------------------------------------------------------------

def prepare(sizes):
    """Migrate, load the reference data, create the HomePage, the superuser and one
    ConsultationPage with its submissions per size. Output: dict size -> page id."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from portal.models import Commune

    if not Commune.objects.exists():
        call_command("load_reference_data", verbosity=0)
    from home.demo import create_home

    home = create_home()
    user_model = get_user_model()
    if not user_model.objects.filter(email=SUPERUSER).exists():
        user_model.objects.create_superuser(email=SUPERUSER, password=None)
    return {rows: ensure_page(home, rows) for rows in sizes}


def ensure_page(home, rows, slug=SLUG, questions=QUESTIONS, title=None, filler=None):
    """The page ``slug`` (formatted with ``rows``) holding ``rows`` submissions of
    ``questions`` ((label, type, required, choices, allow_other) tuples), created and
    filled by ``filler(page, rows)`` (default :func:`fill`) unless already full.
    Output: the page id."""
    from consultation.models import ConsultationPage, FormField

    slug = slug.format(rows=rows)
    page = ConsultationPage.objects.filter(slug=slug).first()
    if page is not None and page.get_submissions().count() == rows:
        return page.pk
    if page is not None:
        page.delete()
    page = ConsultationPage(
        title=title or f"Consultation (banc d'essai, {rows:,} réponses)".replace(",", " "),
        slug=slug,
        form_fields=[
            FormField(label=label, field_type=kind, required=required, choices=choices,
                      allow_other=other, sort_order=order)
            for order, (label, kind, required, choices, other) in enumerate(questions)
        ],
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    started = time.perf_counter()
    (filler or fill)(page, rows)
    print(f"  {rows:>7,} submissions written in {time.perf_counter() - started:.1f} s",
          flush=True)
    return page.pk


def fill(page, rows):
    """Write ``rows`` submissions of ``page`` with COPY FROM STDIN (seeded, one month)."""
    from django.db import connection
    from django.utils import timezone
    from portal.models import Commune, Theme

    rng = random.Random(SEED + rows)
    keys = [f.clean_name for f in page.get_form_fields()]
    communes = dict(Commune.objects.values_list("insee_code", "pk"))
    codes = sorted(communes)
    themes = list(Theme.objects.values_list("slug", flat=True))
    difficulties = DIFFICULTIES.split("\n")
    heard = HEARD.split("\n")
    paris = timezone.get_default_timezone()
    start = START.replace(tzinfo=paris).timestamp()
    moments = sorted(start + rng.random() * 30 * 86400 for _ in range(rows))

    def text(low, high):
        return " ".join(rng.sample(SENTENCES, rng.randint(low, high)))

    def answers(index):
        difficult = rng.random() < 0.7
        helped = rng.random() < 0.5
        commune = (rng.choice(FREQUENT_COMMUNES) if rng.random() < 0.4
                   else rng.choice(codes))
        data = {
            keys[0]: "Oui" if difficult else "Non",
            keys[1]: rng.sample(themes, rng.randint(1, 4)) if difficult else [],
            keys[2]: rng.sample(difficulties + ["Autre"], rng.randint(0, 3)),
            keys[3]: text(2, 6),
            keys[4]: "Oui" if helped else "Non",
            keys[5]: rng.sample(HELPERS, rng.randint(1, 3)) if helped else [],
            keys[6]: text(1, 4) if rng.random() < 0.6 else "",
            keys[7]: commune,
            keys[8]: rng.choice(AGE_BANDS),
            keys[9]: rng.choice(SITUATIONS),
            keys[10]: str(rng.randint(1, 7)),
            keys[11]: f"2020-{rng.randint(3, 12):02d}-{rng.randint(1, 28):02d}",
            keys[12]: f"habitant{index}@example.org" if rng.random() < 0.3 else "",
            keys[13]: rng.choice(WORDS),
            keys[14]: rng.choice(heard + ["Autre"]),
        }
        if "Autre" in data[keys[2]]:
            data[keys[2] + "__autre"] = "Plus de mutuelle depuis la perte d'emploi"
        if data[keys[14]] == "Autre":
            data[keys[14] + "__autre"] = "+33 6 12 34 56 78 m'a appelé·e"
        if index < rows // 20:
            data[REMOVED_KEY] = rng.choice(["Oui", "Non", "Je ne sais pas"])
        return data, communes[commune]

    # How each answer came (the fields have Django defaults, not database ones: COPY
    # names them). 80 % online, the rest entered by three operators: paper forms in two
    # batches with their form numbers, phone calls, front desk; 10 % easy-read.
    from consultation.models import EntryBatch, EntryOperator

    operators = [EntryOperator.objects.get_or_create(number=n)[0].pk for n in (1, 2, 3)]
    batches = [EntryBatch.objects.get_or_create(page=page, number=f"L{n}",
                                                defaults={"channel": "papier"})[0].pk
               for n in (1, 2)]

    def provenance(index):
        draw = rng.random()
        version = "facile" if rng.random() < 0.1 else "standard"
        if draw < 0.8:
            return "en-ligne", version, None, None, ""
        operator = rng.choice(operators)
        if draw < 0.9:
            return "papier", version, operator, rng.choice(batches), str(index)
        return ("telephone" if draw < 0.95 else "accueil"), version, operator, None, ""

    columns = ("page_id, form_data, submit_time, commune_id, form_token, "
               "privacy_notice_version, channel, version, operator_id, batch_id, paper_number")
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        with cursor.copy(
            f"COPY consultation_consultationsubmission ({columns}) FROM STDIN"
        ) as copy:
            for index, moment in enumerate(moments):
                data, commune_id = answers(index)
                copy.write_row((
                    page.pk, json.dumps(data, ensure_ascii=False),
                    datetime.datetime.fromtimestamp(moment, tz=datetime.UTC),
                    commune_id, str(uuid.UUID(int=rng.getrandbits(128))), "bench",
                    *provenance(index),
                ))
    connection.connection.commit()
    # COPY bypasses ConsultationSubmission.save(): record the answer keys as a bulk
    # import must (manage.py record_answer_keys).
    from consultation.models import AnswerKey

    AnswerKey.record_all(page.get_submissions())
    with connection.connection.cursor() as cursor:
        cursor.execute("ANALYZE consultation_consultationsubmission")


# --- measures (each in its own process) ----------------------------------------------------

class Sink:
    """Counts the bytes it is given (a file or a stream consumer that keeps nothing)."""

    def __init__(self):
        self.size = 0

    def add(self, chunk):
        self.size += len(chunk)


def our_table(page):
    """The ExportTable of ``page`` as the committee export views build it (no filter,
    no contact details: a committee member without the contact permission)."""
    from consultation.committee.exports import ExportTable
    from consultation.committee.filters import SubmissionFilter

    submissions = SubmissionFilter(None, queryset=page.get_submissions(), page=page).qs
    return ExportTable(page, submissions, include_contact=False)


def copy_rows(page, sink, started):
    """The floor: ``COPY (SELECT id, submit_time, form_data ... ORDER BY submit_time,
    id) TO STDOUT WITH CSV`` of ``page``'s submissions through psycopg 3, into ``sink``
    (a :class:`Sink`). Output: seconds from ``started`` (perf_counter) to the first
    chunk, or None without rows."""
    from django.db import connection

    first = None
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        with cursor.copy(
            "COPY (SELECT id, submit_time, form_data FROM "
            "consultation_consultationsubmission WHERE page_id = %s "
            "ORDER BY submit_time, id) TO STDOUT WITH CSV", [page.pk]
        ) as copy:
            for chunk in copy:
                if first is None:
                    first = time.perf_counter() - started
                sink.add(chunk)
    return first


def measure(name, page_id):
    """Run one measure; output dict with seconds ``total``, ``first`` (first chunk, or
    None) and ``bytes`` (size of the output)."""
    from consultation.models import ConsultationPage

    page = ConsultationPage.objects.get(pk=page_id)
    sink = Sink()
    first = None
    started = time.perf_counter()
    if name == "baseline":
        pass
    elif name == "csv":
        from consultation.committee.exports import iter_csv

        for chunk in (c.encode("utf-8") for c in iter_csv(our_table(page), ",")):
            if first is None:
                first = time.perf_counter() - started
            sink.add(chunk)
    elif name == "xlsx":
        from consultation.committee.exports import write_xlsx

        with tempfile.TemporaryFile() as handle:
            write_xlsx(our_table(page), handle)
            sink.size = handle.tell()
    elif name == "ods":
        from consultation.committee.exports import iter_ods

        for chunk in iter_ods(our_table(page)):
            if first is None:
                first = time.perf_counter() - started
            sink.add(chunk)
    elif name in ("stock_csv", "stock_xlsx"):
        from django.contrib.auth import get_user_model
        from django.test import Client

        client = Client()
        client.force_login(get_user_model().objects.get(email=SUPERUSER))
        started = time.perf_counter()
        with stock_form_views():
            response = client.get(
                f"/admin/forms/submissions/{page.pk}/?export={name.split('_')[1]}"
            )
        assert response.status_code == 200, response.status_code
        if response.streaming:
            for chunk in response.streaming_content:
                if first is None:
                    first = time.perf_counter() - started
                sink.add(chunk)
        else:
            sink.add(response.content)
        response.close()
    elif name == "copy":
        first = copy_rows(page, sink, started)
    total = time.perf_counter() - started
    return {"total": total, "first": first, "bytes": sink.size}


@contextlib.contextmanager
def stock_form_views():
    """Wagtail's stock "Forms" submission views as Wagtail ships them, for the baseline.

    This project's hook ``filter_form_submissions_for_user``
    (consultation/wagtail_hooks.py) hides every ConsultationPage from them, so they
    answer 403 for our pages. Inside this context only (this measuring process, never
    the site), one more hook, run after it, gives back Wagtail's own list of form pages
    whose answers the user may read: the pages with a form that the user may change
    (what ``wagtail.contrib.forms.utils.get_forms_for_user`` computes before any hook).
    """
    from wagtail import hooks
    from wagtail.contrib.forms.utils import get_form_types
    from wagtail.models import Page
    from wagtail.permissions import policy_registry

    def stock_forms(user, editable_forms):
        return policy_registry.get_by_type(Page).instances_user_has_permission_for(
            user, "change").filter(content_type__in=get_form_types())

    with hooks.register_temporarily("filter_form_submissions_for_user", stock_forms,
                                    order=10_000):
        yield


def run_measure(args):
    setup_django(database_url())
    rows = int(args.rows)
    from consultation.models import ConsultationPage

    page_id = ConsultationPage.objects.get(slug=SLUG.format(rows=rows)).pk
    # Peak RSS of the measure itself: Linux resets VmHWM when "5" is written to
    # clear_refs (ru_maxrss keeps the peak of imports and set-up as well).
    start_rss = proc_status("VmRSS")
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
        reset = True
    except OSError:
        reset = False
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        result = profiler.runcall(measure, args.measure, page_id)
        profiler.dump_stats(args.profile)
    else:
        result = measure(args.measure, page_id)
    # ru_maxrss is in KiB on Linux.
    result["rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["start_mib"] = start_rss
    result["measure_peak_mib"] = proc_status("VmHWM") if reset else None
    print(json.dumps(result))


def proc_status(field):
    """A memory figure of this process from /proc/self/status, in MiB (None elsewhere)."""
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def spawn(name, rows, script=__file__):
    """Run measure ``name`` at ``rows`` in a fresh process of ``script`` (this file or
    another bench script with the same ``--measure``/``--rows`` options). Output: the
    dict it prints as its last line of JSON."""
    env = dict(os.environ, BENCH_DATABASE_URL=database_url())
    out = subprocess.run(
        [sys.executable, script, "--measure", name, "--rows", str(rows)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    if out.returncode:
        sys.stderr.write(out.stdout + out.stderr)
        raise SystemExit(f"measure {name} at {rows} rows failed (status {out.returncode})")
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- report ----------------------------------------------------------------------------------

LABELS = {
    "baseline": "Django set up, nothing exported",
    "csv": "ours: CSV (ExportTable + iter_csv)",
    "xlsx": "ours: XLSX (write_xlsx, xlsxwriter)",
    "ods": "ours: ODS (iter_ods, stream-write-ods)",
    "stock_csv": "Wagtail stock CSV",
    "stock_xlsx": "Wagtail stock XLSX",
    "copy": "COPY ... TO STDOUT (floor)",
}


def seconds(value):
    return "—" if value is None else f"{value:.2f} s"


def report(results, sizes, load, repeat):
    print()
    print(f"Medians of {repeat} run(s), each in a fresh process.")
    print("| measure | rows | first chunk | total | peak RSS (process) "
          "| RSS before -> peak during the measure | output |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name in MEASURES:
        for rows in sizes:
            r = results[rows][name]
            during = ("—" if r["measure_peak_mib"] is None
                      else f"{r['start_mib']:.0f} -> {r['measure_peak_mib']:.0f} MiB")
            print(f"| {LABELS[name]} | {rows:,} | {seconds(r['first'])} | "
                  f"{seconds(r['total'])} | {r['rss_mib']:.0f} MiB | {during} | "
                  f"{r['bytes'] / 2**20:.1f} MiB |")
    print()
    print("Goals (ratios measured in this run):")
    for rows in sizes:
        r = results[rows]
        ok = lambda good: "OK" if good else "MISSED"  # noqa: E731
        print(f"- {rows:,} rows:")
        print(f"  CSV first chunk {r['csv']['first']:.2f} s (< 0.5 s): "
              f"{ok(r['csv']['first'] < 0.5)}")
        ratio_copy = r["csv"]["total"] / r["copy"]["total"]
        print(f"  CSV total / COPY = {ratio_copy:.1f}x (<= 4x): {ok(ratio_copy <= 4)}")
        speedup = r["stock_csv"]["total"] / r["csv"]["total"]
        print(f"  stock CSV / our CSV = {speedup:.1f}x faster (>= 3x): {ok(speedup >= 3)}")
        xlsx_speed = r["stock_xlsx"]["total"] / r["xlsx"]["total"]
        xlsx_mem = r["xlsx"]["rss_mib"] / r["stock_xlsx"]["rss_mib"]
        print(f"  stock XLSX / our XLSX = {xlsx_speed:.1f}x faster (> 1x): "
              f"{ok(xlsx_speed > 1)}; our XLSX peak = {xlsx_mem:.2f} of stock (<= 1/3): "
              f"{ok(xlsx_mem <= 1 / 3)}")
    if len(sizes) > 1:
        small, large = min(sizes), max(sizes)
        for name in ("csv", "xlsx", "ods", "stock_csv", "stock_xlsx"):
            growth = results[large][name]["rss_mib"] / results[small][name]["rss_mib"] - 1
            during = ""
            if results[large][name]["measure_peak_mib"] is not None:
                low = results[small][name]["measure_peak_mib"]
                high = results[large][name]["measure_peak_mib"]
                during = f"; peak during the measure {low:.0f} -> {high:.0f} MiB"
            print(f"- {name} peak RSS {small:,} -> {large:,} rows: {growth:+.1%} "
                  f"(flat within 10 %: {'OK' if growth <= 0.10 else 'MISSED'}){during}")
    print()
    print("Machine load during the measures:", load)


def main():
    args = parse_args()
    if args.measure:
        run_measure(args)
        return
    sizes = [int(s) for s in args.rows.split(",") if s.strip()]
    url = database_url()
    if _smoke.enabled():
        drop_database(url)
    ensure_database(url)
    setup_django(url)
    print(f"Database {url.rsplit('/', 1)[1]}: preparing {', '.join(f'{s:,}' for s in sizes)} "
          "submissions", flush=True)
    prepare(sizes)
    from django.db import connections

    connections.close_all()
    loads = [os.getloadavg()]
    runs = {rows: {name: [] for name in MEASURES} for rows in sizes}
    try:
        # Rounds of every measure, so that a busy minute on the machine spreads over all.
        for round_ in range(1, args.repeat + 1):
            for rows in sizes:
                for name in MEASURES:
                    r = spawn(name, rows)
                    runs[rows][name].append(r)
                    loads.append(os.getloadavg())
                    print(f"  run {round_} {rows:>7,} {name:<11} total {r['total']:7.2f} s  "
                          f"first {seconds(r['first']):>7}  peak {r['rss_mib']:6.0f} MiB  "
                          f"load {loads[-1][0]:.1f}", flush=True)
    finally:
        if not args.keep:
            drop_database(url)
    results = {
        rows: {name: median_of(items) for name, items in by_name.items()}
        for rows, by_name in runs.items()
    }
    load = (f"{min(x[0] for x in loads):.1f} to {max(x[0] for x in loads):.1f} "
            f"(1-minute load average, {os.cpu_count()} CPUs)")
    report(results, sizes, load, args.repeat)
    if _smoke.enabled():
        print("Smoke run: tiny sizes, the figures above mean nothing.")


def median_of(items):
    """Median of each figure over the runs of one measure (dict of the same keys)."""
    out = {}
    for key in items[0]:
        values = [item[key] for item in items]
        out[key] = None if None in values else statistics.median(values)
    return out


if __name__ == "__main__":
    main()
