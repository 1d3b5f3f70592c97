#!/usr/bin/env python
"""Load benchmark of the questionnaire against a bare Django form view, same server.

Not part of ``make test`` (timings never live in tests). Run it from the repository root:

    .venv/bin/python bench/questionnaire_load.py                  # 1,000 answers, 24 clients
    .venv/bin/python bench/questionnaire_load.py --answers 2000 --clients 32 --port 8850
    .venv/bin/python bench/questionnaire_load.py --smoke          # CI: tiny, own database

What it does:
1. Database: PostgreSQL ``portal_bench_questionnaire`` (``BENCH_DATABASE_URL``
   overrides), created if absent (``--fresh`` drops it first), migrated, with the
   reference data and the demo content (the questionnaire ``/consultation/``: 10
   questions, 327 communes), and ``/consultation-x2/``, the same questions twice (the
   query counts must not grow with them).
2. Server: gunicorn, ``--workers`` (4) sync workers, ``bench/_questionnaire_settings.py``
   (DEBUG off, persistent database connections as in production), the cache in Redis
   (``BENCH_REDIS_URL``, default ``redis://127.0.0.1:6379/6``, under a key prefix of its
   own for each run) so that the workers share the rate-limit counters, and
   ``PORTAL_TRUSTED_PROXY_COUNT=1``: each answer comes from its own ``X-Forwarded-For``
   address, so the real rate limit (60 an hour per address) is counted for every answer
   and never reached.
3. Load, from ``--clients`` (24) concurrent clients (threads spread over 4 client
   processes, so that the load generator's own Python is not the bottleneck), each with
   its cookies, as a browser does; every hidden input of the page is sent back (CSRF,
   one-time token), the honeypot empty, each question answered (first option of a group,
   a commune picked in the list, a text of its own, so that no two answers are identical).
   For the questionnaire and for the bare view (``/bench/nu/``, bench/_questionnaire_urls.py:
   a template with a small form and its CSRF token on GET, one row inserted on POST,
   then a redirect), interleaved in ``--rounds`` rounds so that a change of machine
   load touches both alike:
   - pairs: ``--answers`` GET then POST, timed together;
   - POST alone: ``--answers`` forms fetched first (timed as GET alone), then all posted.
   An answer is acknowledged when its POST gets a redirect to the thank-you page.
4. Checks: for each kind, the rows stored during the run are exactly the acknowledged
   answers (their one-time tokens), none twice; any failure is printed and makes the
   script exit with status 1 (never in smoke mode for figures, always for lost answers).
5. Queries: counted in-process (Django's test client, same settings) for GET and POST of
   ``/consultation/`` and ``/consultation-x2/`` and of the bare view.
6. The routing floor, in process: Wagtail's routing of a POST to the questionnaire
   (site, pages, view restrictions) timed alone, next to a whole bare POST and a whole
   questionnaire POST (:func:`routing_floor`): the least any answer stored through
   Wagtail's page serving costs.

Output: req/s and p50/p95 latencies of each measure, and the ratio lines
``questionnaire / bare view`` (goal: at least 0.5x for the pairs and for the POST alone).
"""

import argparse
import concurrent.futures
import http.client
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import _smoke  # noqa: E402

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/portal_bench_questionnaire"
DEFAULT_REDIS = "redis://127.0.0.1:6379/6"
SETTINGS = "bench._questionnaire_settings"
QUESTIONNAIRE = "/consultation/"
QUESTIONNAIRE_X2 = "/consultation-x2/"
BARE = "/bench/nu/"
#: Client processes the clients are spread over.
CLIENT_PROCESSES = 4
GOAL = 0.5


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--answers", type=int, default=1000,
                        help="answers per measure and kind (pairs, POST alone)")
    parser.add_argument("--clients", type=int, default=24)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--rounds", type=int, default=2,
                        help="the answers are sent in this many interleaved rounds")
    parser.add_argument("--port", type=int, default=0, help="gunicorn port (0: a free one)")
    parser.add_argument("--fresh", action="store_true", help="drop and refill the database")
    _smoke.add_argument(parser)
    args = parser.parse_args()
    if _smoke.enabled(args):
        args.answers, args.clients, args.rounds, args.fresh = 24, 4, 1, True
    return args


# --- Database ---------------------------------------------------------------------------

def ensure_database(url, fresh):
    """Create (or, with ``fresh``, drop and create) the PostgreSQL database of ``url``."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(url, redis_url, prefix):
    os.environ.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE=SETTINGS, REDIS_URL=redis_url,
                      PORTAL_CACHE_PREFIX=prefix, PORTAL_TRUSTED_PROXY_COUNT="1")
    import django

    django.setup()


def fill():
    """Migrate, load the reference data and the demo content, add /consultation-x2/."""
    from django.core.management import call_command
    from wagtail.models import Site

    from consultation.models import ConsultationPage, FormField

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_reference_data", verbosity=0)
    call_command("load_demo_content", verbosity=0)
    home = Site.objects.get(is_default_site=True).root_page.specific
    if ConsultationPage.objects.filter(slug="consultation-x2").exists():
        return
    demo = ConsultationPage.objects.get(slug="consultation")
    questions = list(demo.get_form_fields())
    fields = []
    for copy in ("", " (bis)"):
        for question in questions:
            fields.append(FormField(
                label=question.label + copy, field_type=question.field_type,
                required=question.required, choices=question.choices,
                default_value=question.default_value, help_text=question.help_text,
                allow_other=question.allow_other, sort_order=len(fields),
                show_if_question=(question.show_if_question + copy
                                  if question.show_if_question else ""),
                show_if_value=question.show_if_value,
            ))
    page = ConsultationPage(
        title="Questionnaire, questions en double (banc de charge)", slug="consultation-x2",
        contact_question=demo.contact_question, contact_value=demo.contact_value,
        form_fields=fields,
    )
    home.add_child(instance=page)
    page.save_revision().publish()


def stored_tokens(kind):
    """Tokens stored so far (list of str, duplicates kept) for ``kind``."""
    from consultation.models import ConsultationPage, ConsultationSubmission
    from portal.models import FormToken

    if kind == "bare":
        return list(FormToken.objects.filter(scope="bench.bare").values_list("token", flat=True))
    page = ConsultationPage.objects.get(slug="consultation")
    return list(ConsultationSubmission.objects.filter(page=page)
                .values_list("form_token", flat=True))


def count_queries():
    """Queries of a GET and of a POST (dict "path method" -> int), in process, each
    measured on a second request (the first one fills per-process caches)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts, sizes = {}, {}
    for path in (QUESTIONNAIRE, QUESTIONNAIRE_X2, BARE):
        for number in range(2):
            address = f"198.51.100.{number + 1}"
            client = Client(HTTP_X_FORWARDED_FOR=address, REMOTE_ADDR="127.0.0.1")
            with CaptureQueriesContext(connection) as get_queries:
                response = client.get(path)
            page = response.content.decode()
            data = {}
            for name, value in form_answers(page, number, random.Random(number)):
                data.setdefault(name, []).append(value)
            with CaptureQueriesContext(connection) as post_queries:
                posted = client.post(path, data)
            if posted.status_code not in (302, 303):
                raise SystemExit(f"POST {path} answered {posted.status_code}, not a redirect: "
                                 + "; ".join(re.findall(r'class="error-message"[^>]*>([^<]*)',
                                                        posted.content.decode())))
        counts[f"{path} GET"] = len(get_queries)
        counts[f"{path} POST"] = len(post_queries)
        sizes[path] = len(response.content)
    return counts, sizes


def routing_floor(repeat):
    """What Wagtail's page serving costs before the questionnaire does anything, next to
    the whole POSTs, in process and one request at a time (no HTTP server, no
    concurrency): median milliseconds of ``repeat`` requests each.

    Output: dict with "bare POST", "questionnaire POST" (valid answers, stored, via
    Django's test client) and "routing" (``Page.route_for_request`` for a POST to
    ``/consultation/``: site lookup, the home page, the questionnaire page, then its view
    restrictions, which Wagtail checks before serving any page), plus "routing queries"
    (int). The routing is the least any answer stored through Wagtail's page serving
    costs, however fast the questionnaire's own work."""
    from django.db import connection
    from django.test import Client, RequestFactory
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Page

    def prepared(path, number):
        client = Client(HTTP_X_FORWARDED_FOR=f"10.{number // 250 % 250}.{number % 250}.9",
                        REMOTE_ADDR="127.0.0.1")
        data = {}
        for name, value in form_answers(client.get(path).content.decode(), number,
                                        random.Random(number)):
            data.setdefault(name, []).append(value)
        return client, urlencode(data, doseq=True)

    def timed_posts(path, first):
        batch = [prepared(path, number) for number in range(first, first + repeat)]
        times = []
        for client, body in batch:
            began = time.perf_counter()
            answer = client.post(path, body, content_type="application/x-www-form-urlencoded")
            times.append(time.perf_counter() - began)
            if answer.status_code not in (302, 303):
                raise SystemExit(f"POST {path} answered {answer.status_code} (routing floor)")
        return statistics.median(times) * 1000

    factory = RequestFactory()

    def route():
        request = factory.post(QUESTIONNAIRE, {"x": "y"})
        page = Page.route_for_request(request, QUESTIONNAIRE)[0]
        list(page.get_view_restrictions())

    route()
    with CaptureQueriesContext(connection) as queries:
        route()
    query_count = len(queries)  # now: each request of the test client empties the log
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        route()
        times.append(time.perf_counter() - began)
    return {
        "bare POST": timed_posts(BARE, 60000),
        "routing": statistics.median(times) * 1000,
        "routing queries": query_count,
        "questionnaire POST": timed_posts(QUESTIONNAIRE, 61000),
    }


# --- Answering a form as a browser does ---------------------------------------------------

class FormReader(HTMLParser):
    """The inputs of the first ``<form method="post">`` of a page: ``hidden`` (name ->
    value), ``texts`` (names of text-like inputs, with their ``required``), ``groups``
    (radio/checkbox name -> list of values), ``single_checkboxes`` (names),
    ``selects`` (name -> option values), ``textareas`` (names)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hidden, self.texts, self.groups = {}, {}, {}
        self.checkboxes, self.selects, self.textareas = {}, {}, []
        self._select = None
        self._in_form = False
        self._done = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._done:
            return
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._in_form = True
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind == "hidden":
                self.hidden[name] = attrs.get("value") or ""
            elif kind == "radio":
                self.groups.setdefault(name, []).append(attrs.get("value") or "on")
            elif kind == "checkbox":
                self.checkboxes.setdefault(name, []).append(attrs.get("value") or "on")
            elif kind not in ("submit", "button", "file"):
                self.texts[name] = ("required" in attrs, kind)
        elif tag == "select" and name:
            self._select = name
            self.selects[name] = []
        elif tag == "option" and self._select:
            self.selects[self._select].append(attrs.get("value") or "")
        elif tag == "textarea" and name:
            self.textareas.append(name)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form" and self._in_form:
            self._in_form, self._done = False, True


def form_answers(page, number, rng):
    """POST data (list of (name, value)) answering the form of ``page`` (str, HTML) as
    answer ``number`` (int): every hidden input as served, text inputs empty unless
    required, the first option of each radio and checkbox group (a lone checkbox left
    unticked), a commune of the list picked by ``rng``, each text area a text naming
    the answer (so that no two answers are identical)."""
    reader = FormReader()
    reader.feed(page)
    data = list(reader.hidden.items())
    for name, (required, kind) in reader.texts.items():
        value = ""
        if required:
            value = "reponse@example.org" if kind == "email" else f"Réponse {number}"
        data.append((name, value))
    for name, values in reader.groups.items():
        data.append((name, values[0]))
    for name, values in reader.checkboxes.items():
        if len(values) > 1:
            data.append((name, values[0]))
    for name, values in reader.selects.items():
        choices = [value for value in values if value]
        if choices:
            data.append((name, rng.choice(choices)))
    for name in reader.textareas:
        data.append((name, f"Réponse n° {number} du banc de charge : une action près de chez moi."))
    return data


def token_of(data):
    """The one-time token (str) in POST ``data``: ``form_token`` or ``token``."""
    values = dict(data)
    return values.get("form_token") or values.get("token")


class Browser:
    """One client: an HTTP/1.1 connection to the server, its cookies, its address."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.cookies = {}
        self.connection = None

    def request(self, method, path, address, body=None):
        """Send one request; output (status, headers dict lowercased, body bytes)."""
        headers = {"X-Forwarded-For": address, "Accept": "text/html"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(3):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (ConnectionError, http.client.HTTPException):
                # gunicorn's sync workers close each connection after the response.
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _sep, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        return response.status, {k.lower(): v for k, v in response.getheaders()}, content


def acknowledged(status, headers):
    """True when a POST's answer is the redirect to the thank-you page."""
    return status in (302, 303) and "merci" in headers.get("location", "")


# --- Client processes ---------------------------------------------------------------------

def client_process(job):
    """Run one client process. ``job``: dict with ``base``, ``path``, ``net`` (second
    byte of the clients' addresses), ``start_at`` (time.time() at which to start) and
    ``mode``: "pairs" (each thread GETs then POSTs each of its ``shares``, lists of
    answer numbers), "get" (each thread GETs its forms and keeps them) or "post" (each
    thread POSTs the forms of one of ``batches``, (cookies, [(number, data)]) as "get"
    returned them). Output: dict of lists: ``pair``, ``get``, ``post`` latencies (s),
    ``tokens`` acknowledged, ``failures`` (str), ``begin``/``end`` wall-clock times of
    each thread, ``batches`` (mode "get")."""
    parts = urlsplit(job["base"])
    result = {"pair": [], "get": [], "post": [], "tokens": [], "failures": [],
              "begin": [], "end": [], "batches": []}
    lock = threading.Lock()

    def address(number):
        return f"10.{job['net']}.{number // 250}.{number % 250 + 1}"

    def fetch(browser, number):
        started = time.perf_counter()
        status, _headers, body = browser.request("GET", job["path"], address(number))
        elapsed = time.perf_counter() - started
        if status != 200:
            raise RuntimeError(f"GET {job['path']} answered {status}")
        return elapsed, form_answers(body.decode(), number, random.Random(number))

    def send(browser, number, data):
        started = time.perf_counter()
        status, headers, body = browser.request("POST", job["path"], address(number),
                                                urlencode(data).encode())
        elapsed = time.perf_counter() - started
        if not acknowledged(status, headers):
            errors = re.findall(r'class="error-message"[^>]*>([^<]*)',
                                body.decode("utf-8", "replace"))
            raise RuntimeError(f"POST {job['path']} answered {status} {errors[:2]}")
        return elapsed

    def run(work):
        browser = Browser(parts.hostname, parts.port)
        if job["mode"] == "post":
            browser.cookies, work = dict(work[0]), work[1]
        kept = []
        time.sleep(max(0.0, job["start_at"] - time.time()))
        begin = time.time()
        for item in work:
            try:
                if job["mode"] == "post":
                    number, data = item
                    posted = send(browser, number, data)
                    with lock:
                        result["post"].append(posted)
                        result["tokens"].append(token_of(data))
                    continue
                number = item
                got, data = fetch(browser, number)
                if job["mode"] == "get":
                    kept.append((number, data))
                    with lock:
                        result["get"].append(got)
                    continue
                posted = send(browser, number, data)
                with lock:
                    result["pair"].append(got + posted)
                    result["get"].append(got)
                    result["post"].append(posted)
                    result["tokens"].append(token_of(data))
            except Exception as error:  # noqa: BLE001 (reported, counted)
                with lock:
                    result["failures"].append(f"{item if isinstance(item, int) else item[0]}: "
                                              f"{error}")
        with lock:
            result["begin"].append(begin)
            result["end"].append(time.time())
            if job["mode"] == "get":
                result["batches"].append((dict(browser.cookies), kept))
        if browser.connection is not None:
            browser.connection.close()

    works = job["batches"] if job["mode"] == "post" else job["shares"]
    threads = [threading.Thread(target=run, args=(work,)) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return result


def run_load(pool, base, path, mode, work, clients, net):
    """One phase from ``clients`` clients spread over CLIENT_PROCESSES processes of
    ``pool``, all starting together. ``work``: answer numbers (modes "pairs", "get") or
    the ``batches`` a "get" phase returned (mode "post", one client each). Output: the
    merged result dict (see :func:`client_process`)."""
    processes = min(CLIENT_PROCESSES, clients)
    if mode == "post":
        units = [work[i::processes] for i in range(processes)]
    else:
        shares = [work[i::clients] for i in range(clients)]
        units = [shares[i::processes] for i in range(processes)]
    start_at = time.time() + 1.0
    jobs = [{"base": base, "path": path, "mode": mode, "net": net, "start_at": start_at,
             "shares": unit, "batches": unit} for unit in units if unit]
    merged = {}
    for result in pool.map(client_process, jobs):
        for key, values in result.items():
            merged.setdefault(key, []).extend(values)
    merged["mode"] = mode
    return merged


# --- Server -------------------------------------------------------------------------------

def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(url, redis_url, prefix, port, workers):
    """Start gunicorn; return (process, base URL) once the questionnaire answers."""
    env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE=SETTINGS,
               REDIS_URL=redis_url, PORTAL_CACHE_PREFIX=prefix,
               PORTAL_TRUSTED_PROXY_COUNT="1", PYTHONPATH=str(ROOT))
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "portal.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--log-level", "warning"],
        # gunicorn.conf.py logs each request on stdout, as in production: not here.
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped (status {process.returncode})")
        try:
            browser = Browser("127.0.0.1", port)
            status, _h, _b = browser.request("GET", QUESTIONNAIRE, "192.0.2.1")
            if status == 200:
                # Warm every worker: imports, template loading, form classes.
                for number in range(workers * 4):
                    for path in (QUESTIONNAIRE, BARE):
                        Browser("127.0.0.1", port).request("GET", path, "192.0.2.1")
                return process, base
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit("gunicorn did not answer within 90 s")


# --- Figures --------------------------------------------------------------------------------

def percentile(values, fraction):
    """The ``fraction`` percentile (0..1) of ``values`` (nearest rank), in ms."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000


def rate(count, begins, ends):
    """Requests per second over the phase: ``count`` / (last end - first begin)."""
    if not begins or not ends:
        return float("nan")
    return count / max(1e-9, max(ends) - min(begins))


def figures_of(rows, key):
    """(req/s, p50 ms, p95 ms, count) of the latencies ``key`` over the phases ``rows``
    (merged results): req/s is the mean over the phases of count / phase duration."""
    values, per_second = [], []
    for row in rows:
        values.extend(row[key])
        per_second.append(rate(len(row[key]), row["begin"], row["end"]))
    return (statistics.mean(per_second) if per_second else float("nan"),
            percentile(values, 0.50), percentile(values, 0.95), len(values))


def summarise(results):
    """Figures of one kind's phases: dict measure -> (req/s, p50 ms, p95 ms, count)."""
    return {
        "GET+POST pairs": figures_of([r for r in results if r["mode"] == "pairs"], "pair"),
        "POST alone": figures_of([r for r in results if r["mode"] == "post"], "post"),
        "GET alone": figures_of([r for r in results if r["mode"] == "get"], "get"),
    }


def main():
    args = parse_args()
    smoke = _smoke.enabled()
    url = _smoke.database_url(DEFAULT_DATABASE)
    redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS)
    prefix = f"bench-questionnaire-{uuid.uuid4().hex[:8]}"
    ensure_database(url, args.fresh)
    setup_django(url, redis_url, prefix)
    started = time.monotonic()
    fill()
    print(f"Database ready in {time.monotonic() - started:.0f} s ({url.rsplit('/', 1)[1]}).",
          flush=True)
    counts, sizes = count_queries()
    floor = routing_floor(20 if smoke else 200)
    from django.db import connections

    connections.close_all()
    port = args.port or free_port()
    server, base = start_server(url, redis_url, prefix, port, args.workers)
    failures = []
    results = {"questionnaire": [], "bare": []}
    before = {kind: stored_tokens(kind) for kind in results}
    connections.close_all()
    try:
        per_round = max(1, args.answers // args.rounds)
        number = 0
        with concurrent.futures.ProcessPoolExecutor(CLIENT_PROCESSES) as pool:
            for round_number in range(args.rounds):
                for measure in ("pairs", "post alone"):
                    for kind, path in (("bare", BARE), ("questionnaire", QUESTIONNAIRE)):
                        numbers = list(range(number, number + per_round))
                        number += per_round
                        # Each phase's addresses come from a /16 network of its own.
                        net = (round_number * 4 + (measure != "pairs") * 2
                               + (kind == "bare")) % 250 + 1
                        if measure == "pairs":
                            phases = [run_load(pool, base, path, "pairs", numbers,
                                               args.clients, net)]
                        else:
                            fetched = run_load(pool, base, path, "get", numbers,
                                               args.clients, net)
                            posted = run_load(pool, base, path, "post", fetched["batches"],
                                              args.clients, net)
                            phases = [fetched, posted]
                        for phase in phases:
                            results[kind].append(phase)
                            failures.extend(f"{kind} {phase['mode']} {failure}"
                                            for failure in phase["failures"])
                        print(f"round {round_number + 1}/{args.rounds} {measure:<10} "
                              f"{kind:<13} {len(phases[-1]['tokens'])} acknowledged, "
                              f"{sum(len(p['failures']) for p in phases)} failed", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)

    lost = []
    for kind in results:
        acknowledged_tokens = [t for r in results[kind] for t in r["tokens"]]
        new = stored_tokens(kind)
        for token in before[kind]:
            new.remove(token)
        duplicates = len(new) - len(set(new))
        missing = set(acknowledged_tokens) - set(new)
        unacknowledged = set(new) - set(acknowledged_tokens)
        print(f"{kind}: {len(acknowledged_tokens)} acknowledged, {len(new)} stored, "
              f"{duplicates} stored twice, {len(missing)} acknowledged but not stored, "
              f"{len(unacknowledged)} stored without acknowledgement")
        if duplicates or missing or len(new) != len(acknowledged_tokens):
            lost.append(kind)

    figures = {kind: summarise(rows) for kind, rows in results.items()}
    print()
    print(f"Machine: {os.cpu_count()} CPUs, load average "
          f"{' / '.join(f'{x:.1f}' for x in os.getloadavg())} at the end; gunicorn "
          f"{args.workers} sync workers, {args.clients} clients, {args.answers} answers per "
          f"measure in {args.rounds} rounds, PostgreSQL + Redis cache.")
    print(f"{'measure':<16} {'kind':<14} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'n':>6}")
    for measure in ("GET+POST pairs", "POST alone", "GET alone"):
        for kind in ("bare", "questionnaire"):
            per_second, p50, p95, count = figures[kind][measure]
            print(f"{measure:<16} {kind:<14} {per_second:>8.1f} {p50:>8.1f} {p95:>8.1f} {count:>6}")
    print()
    print("Queries (in process, second request): " + ", ".join(
        f"{name} {count}" for name, count in counts.items()))
    print("Page sizes (bytes): " + ", ".join(f"{path} {size:,}" for path, size in sizes.items()))
    grows = (counts[f"{QUESTIONNAIRE_X2} GET"] != counts[f"{QUESTIONNAIRE} GET"]
             or counts[f"{QUESTIONNAIRE_X2} POST"] != counts[f"{QUESTIONNAIRE} POST"])
    print(f"Queries with twice the questions: "
          f"{'GROW' if grows else 'the same'} (GET {counts[f'{QUESTIONNAIRE} GET']} -> "
          f"{counts[f'{QUESTIONNAIRE_X2} GET']}, POST {counts[f'{QUESTIONNAIRE} POST']} -> "
          f"{counts[f'{QUESTIONNAIRE_X2} POST']})")
    print(f"In process, one request at a time (median ms): bare POST {floor['bare POST']:.2f}; "
          f"Wagtail's routing of a POST to {QUESTIONNAIRE} alone (site, pages, view "
          f"restrictions; {floor['routing queries']} queries) {floor['routing']:.2f}, that is "
          f"{floor['routing'] / floor['bare POST']:.1f}x the whole bare POST; questionnaire "
          f"POST {floor['questionnaire POST']:.2f}.")
    print()
    met = True
    for measure in ("GET+POST pairs", "POST alone", "GET alone"):
        q_rate, q50, q95, _n = figures["questionnaire"][measure]
        b_rate, b50, b95, _n = figures["bare"][measure]
        ratio = q_rate / b_rate if b_rate else float("nan")
        goal = measure != "GET alone"
        verdict = ""
        if goal:
            verdict = "  goal >= 0.5x: " + ("met" if ratio >= GOAL else "NOT met")
            met = met and ratio >= GOAL
        print(f"RATIO {measure}: questionnaire / bare view = {ratio:.2f}x req/s "
              f"({q_rate:.1f} vs {b_rate:.1f}); p50 {q50:.0f} vs {b50:.0f} ms, "
              f"p95 {q95:.0f} vs {b95:.0f} ms{verdict}")
    if failures:
        print(f"{len(failures)} requests failed, first ones: " + "; ".join(failures[:5]))
    if smoke:
        _smoke.drop_database(url)
    if lost or failures:
        return 1
    if not met or grows:
        print("Goal not met (figures taken under the machine's current load).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
