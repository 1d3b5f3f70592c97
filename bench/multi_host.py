#!/usr/bin/env python
"""Two hosts sharing one PostgreSQL and one Redis, and faults during the load.

Not part of ``make test`` (no timing in tests). Run it from the repository root:

    .venv/bin/python bench/multi_host.py                   # 600 answers, 16 clients
    .venv/bin/python bench/multi_host.py --answers 200 --clients 8 --outage 5
    .venv/bin/python bench/multi_host.py --smoke           # CI: tiny sizes, < 90 s

What it does:

1. **Its own PostgreSQL cluster** (bench/_pg_cluster.py): Debian's PostgreSQL 15
   binaries, a temporary directory, port ``--pg-port`` (55433), trust authentication;
   as root, through ``runuser -u postgres``. Stopped and removed at the end, also on
   Ctrl-C or SIGTERM. The shared server on 5432 is never touched, and the database URL
   that bench/_smoke.py passes (``BENCH_SMOKE_DATABASE_URL``) is ignored: this bench
   restarts its database, so it cannot use a shared one. The database is migrated and
   loaded with the reference data and the demo content; static files are collected (the
   production settings serve hashed names).
2. **Two hosts**: two gunicorn masters (``gunicorn.conf.py``, ``--workers`` 2 each) on
   ``--ports`` (8860, 8861) with the production settings (``portal.settings.production``,
   ``PORTAL_TRUSTED_PROXY_COUNT=1``, ``SECURE_SSL_REDIRECT=0``, Redis ``BENCH_REDIS_URL``
   (default ``redis://127.0.0.1:6379/7``) under a key prefix of this run, removed at the
   end; ``PORTAL_DB_CONN_MAX_AGE`` = ``--conn-max-age`` (60)). Each simulated resident
   fetches a form on one host and posts it to the other, with its own cookies and its
   own address in ``X-Forwarded-For``. Proves:
   - **once-only across hosts**: the same rendered questionnaire, "Ajouter une action"
     (``/carte/ajouter/``) and proposal form posted to both hosts at the same instant
     (``--twice`` times each) is acknowledged on both and stored once;
   - **rate limits across hosts**: the hosts run with ``PORTAL_CONSULTATION_RATE`` =
     ``--rate-limit``/h; one address sends twice that many answers, alternating hosts,
     from 4 threads: exactly ``--rate-limit`` are acknowledged, the rest refused (429);
   - **a publish on one host is seen by the other**: an action added through the public
     form stays a draft; host B's feed ``/carte/geojson/`` and list ``/carte/`` are read
     (warming any cache) and do not show it; a staff member signs in on host A and
     publishes it with Wagtail's bulk "Publish" action in the admin; at once every
     worker of host B shows it in the feed and in the list (the feed's data version and
     any page cache must be shared and bumped on publish).
3. **Load, then faults during the load**: ``--answers`` questionnaire answers (each a
   GET of the form on one host and a POST of it on the other) from ``--clients``
   threads. A first quarter without faults is the baseline; then the rest with:
   (a) one gunicorn worker of host A killed (SIGKILL) after a quarter of that phase:
   gunicorn starts another; (b) the bench's PostgreSQL stopped (``pg_ctl stop -m fast``),
   down ``--outage`` seconds (3), started again, after half of it (``--outage 0``: one
   ``pg_ctl restart -m fast``). A resident whose post fails sends the same form again
   (same token, other host) every 0.5 s until ``--retry-seconds``. A prober reads the
   questionnaire on both hosts every 0.25 s to time the recovery. Proves:
   - **nothing acknowledged is lost, nothing stored twice**: every answer whose post
     was answered by a redirect to the thank-you page is in the database, once (each
     answer carries a unique marker in its free-text question);
   - **failures get the 503 page**: status codes are counted per kind of request; the
     verdict says whether every failed request got 503 with ``Retry-After`` and a
     French HTML page (cut connections, e.g. the killed worker's, are counted apart);
   - **service recovers without a restart**: seconds from PostgreSQL accepting
     connections again to the first success on each host (goal ``--recovery-limit``,
     30 s), and a full answer stored through each host after the load.

Figures: requests/s and answers/s over the two hosts, the ratio of the faulty phase's
answers/s to the baseline's, status counts, recovery seconds. Exit status 1 when a
property fails; in smoke mode (``--smoke`` or ``BENCH_SMOKE=1``: 40 answers, 6 clients,
``--twice`` 2, rate limit 5) only for what is not timing: a lost acknowledged answer, a
duplicate, a form stored twice, a rate limit not holding, a publish not seen.
``--sabotage`` deletes one acknowledged answer and stores another twice before the
check, to see the run fail.
"""

import argparse
import collections
import html.parser
import http.client
import itertools
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import _smoke  # noqa: E402
from bench._pg_cluster import Cluster  # noqa: E402

DB_NAME = "portal_multihost"
SETTINGS = "portal.settings.production"
STAFF_EMAIL = "banc.multihote@example.org"
#: A hostname the production settings accept (ALLOWED_HOSTS below).
HOSTNAME = "127.0.0.1"
#: Status codes of a stored post: the redirect to the thank-you page.
REDIRECTS = (302, 303)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add = parser.add_argument
    add("--answers", type=int, default=600, help="questionnaire answers of the load")
    add("--clients", type=int, default=16, help="concurrent residents")
    add("--workers", type=int, default=2, help="gunicorn workers per host")
    add("--ports", default="8860,8861", help="the two hosts' ports")
    add("--pg-port", type=int, default=55433, help="port of the bench's PostgreSQL")
    add("--twice", type=int, default=5, help="forms of each kind posted to both hosts at once")
    add("--rate-limit", type=int, default=10, help="questionnaire answers per address and hour")
    add("--outage", type=float, default=3.0,
        help="seconds PostgreSQL stays down (0: one pg_ctl restart -m fast)")
    add("--retry-seconds", type=float, default=60.0, help="how long a resident keeps resending")
    add("--recovery-limit", type=float, default=30.0,
        help="goal: seconds from the database's return to a success on each host")
    add("--conn-max-age", default="60", help="PORTAL_DB_CONN_MAX_AGE of the hosts")
    add("--keep-logs", action="store_true", help="keep the gunicorn logs and print their path")
    parser.add_argument("--sabotage", action="store_true",
                        help="after the faults, delete one acknowledged answer and store another "
                             "twice: the run must fail (shows that the checks can fail)")
    _smoke.add_argument(parser)
    args = parser.parse_args()
    args.ports = [int(p) for p in args.ports.split(",")]
    if len(args.ports) != 2:
        parser.error("--ports takes two ports")
    if _smoke.enabled(args):
        args.answers, args.clients, args.twice, args.rate_limit = 40, 6, 2, 5
        args.retry_seconds = 40.0
    return args


# -- HTTP: one resident ------------------------------------------------------------------

class Response:
    """What a request got: ``status`` (int, or a str naming the transport error, e.g.
    "ConnectionResetError"), ``headers`` (dict, lower-case names), ``body`` (str)."""

    def __init__(self, status, headers=None, body=""):
        self.status, self.headers, self.body = status, headers or {}, body

    @property
    def location(self):
        return self.headers.get("location", "")

    def redirected_to_thanks(self):
        """True for the redirect that acknowledges a public form (to its thank-you
        route; a refused post answers 400 or 429 with the form, never a redirect)."""
        return self.status in REDIRECTS and "/admin" not in self.location

    def is_503_page(self):
        """True when this is the outage page: 503, ``Retry-After``, French HTML."""
        return (self.status == 503 and "retry-after" in self.headers
                and "text/html" in self.headers.get("content-type", "")
                and 'lang="fr"' in self.body)


class Browser:
    """A resident's browser: cookies (dict name -> value) and an address sent in
    ``X-Forwarded-For`` (one trusted proxy: the address the rate limits count)."""

    def __init__(self, address):
        self.address = address
        self.cookies = {}

    def request(self, port, method, path, fields=None, timeout=30.0):
        """Send one request to ``127.0.0.1:port``. ``fields``: list of (name, value) for
        a form POST (urlencoded). Output: a :class:`Response`; transport errors (refused,
        reset, timeout) give a Response whose ``status`` is the exception's class name."""
        headers = {"X-Forwarded-For": self.address, "Accept-Language": "fr",
                   "User-Agent": "bench-multi-host"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection(HOSTNAME, port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            raw = conn.getresponse()
            text = raw.read().decode("utf-8", "replace")
            for header in raw.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                value = rest.split(";", 1)[0]
                if "max-age=0" in header.lower() or not value:
                    self.cookies.pop(name.strip(), None)
                else:
                    self.cookies[name.strip()] = value
            return Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, text)
        except (OSError, http.client.HTTPException) as error:
            return Response(type(error).__name__)
        finally:
            conn.close()


class FormParser(html.parser.HTMLParser):
    """The ``<form method="post">`` elements of a page: ``forms`` is a list of dicts
    ``{"action": str, "fields": [dict(tag, type, name, value, checked, options)]}``."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self.form, self.select, self.textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.form = {"action": attrs.get("action") or "", "fields": []}
            self.forms.append(self.form)
        elif self.form is None:
            return
        elif tag == "input" and attrs.get("name"):
            self.form["fields"].append({
                "tag": "input", "type": (attrs.get("type") or "text").lower(),
                "name": attrs["name"],
                # A checkbox without a value sends "on", as browsers do.
                "value": attrs.get("value") or ("on" if (attrs.get("type") or "").lower() == "checkbox" else ""),
                "checked": "checked" in attrs, "required": "required" in attrs})
        elif tag == "select" and attrs.get("name"):
            self.select = {"tag": "select", "type": "select", "name": attrs["name"],
                           "options": [], "required": "required" in attrs}
            self.form["fields"].append(self.select)
        elif tag == "option" and self.select is not None:
            self.select["options"].append(attrs.get("value") or "")
        elif tag == "textarea" and attrs.get("name"):
            self.textarea = {"tag": "textarea", "type": "textarea", "name": attrs["name"],
                             "value": "", "required": "required" in attrs}
            self.form["fields"].append(self.textarea)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea["value"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


#: Override meaning "the first option of this checkbox group".
FIRST = object()


def find_form(body, marker_field):
    """The first POST form of ``body`` (HTML str) holding a field named ``marker_field``
    (e.g. "form_token"), or None."""
    parser = FormParser()
    parser.feed(body)
    for form in parser.forms:
        if any(f["name"] == marker_field for f in form["fields"]):
            return form
    return None


def fill(form, overrides, text):
    """The (name, value) pairs a resident sends for ``form`` (see :class:`FormParser`).

    Hidden inputs keep their values; a name in ``overrides`` (dict name -> str, or
    :data:`FIRST` for a checkbox group) takes that value; radio groups take "Non" when
    offered (no conditional question, no contact details), else their first option;
    selects their first non-empty option; other checkboxes stay unticked; a textarea
    not overridden gets ``text``; other text inputs stay empty (the honeypot too).
    """
    pairs, radios = [], {}
    for field in form["fields"]:
        name, kind = field["name"], field["type"]
        if kind in ("submit", "button", "image", "reset", "file"):
            continue
        if kind == "radio":
            radios.setdefault(name, []).append(field["value"])
            continue
        if kind == "checkbox":
            wanted = overrides.get(name)
            if wanted is FIRST and not any(n == name for n, _ in pairs):
                pairs.append((name, field["value"]))
            elif wanted is not None and wanted is not FIRST and wanted in (field["value"], "on"):
                pairs.append((name, field["value"]))
            continue
        if name in overrides and overrides[name] is not FIRST:
            pairs.append((name, overrides[name]))
        elif kind == "hidden":
            pairs.append((name, field["value"]))
        elif kind == "select":
            pairs.append((name, next((o for o in field["options"] if o), "")))
        elif kind == "textarea":
            pairs.append((name, text))
        else:
            pairs.append((name, field.get("value", "")))
    for name, values in radios.items():
        choice = overrides.get(name) or ("Non" if "Non" in values else values[0])
        pairs.append((name, choice))
    return pairs


class Tally:
    """Thread-safe counts of responses per (kind, status label), and when each request
    ended on which host: ``ends`` is a list of (``time.monotonic()``, port, succeeded)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counts = collections.Counter()
        self.requests = 0
        self.failures = []  # (kind, label) of every failed request
        self.ends = []

    def add(self, kind, response, port):
        """Count ``response`` (a :class:`Response`) of a ``kind`` (str) of request sent to
        ``port``. A failure is a transport error or a status of 500 or more."""
        label = str(response.status)
        if response.status == 503:
            label = "503 page" if response.is_503_page() else "503 (no Retry-After/French page)"
        failed = not isinstance(response.status, int) or response.status >= 500
        with self.lock:
            self.requests += 1
            self.counts[(kind, label)] += 1
            self.ends.append((time.monotonic(), port, not failed))
            if failed:
                self.failures.append((kind, label))
        return label

    def recovery(self, port, since):
        """Seconds (float) from ``since`` (monotonic time) to the first success on
        ``port`` ending after it, and the number of failures on ``port`` ending after that
        success (a stale connection kept by a worker shows here). (None, 0) when no
        success came."""
        with self.lock:
            ends = sorted(e for e in self.ends if e[1] == port and e[0] >= since)
        first = next((t for t, _, ok in ends if ok), None)
        if first is None:
            return None, 0
        return first - since, sum(1 for t, _, ok in ends if t > first and not ok)


# -- the database, the hosts ---------------------------------------------------------

def host_env(args, url, secret, prefix):
    """Environment (dict) of the gunicorn hosts and of the preparing process."""
    return dict(
        os.environ, DJANGO_SETTINGS_MODULE=SETTINGS, DATABASE_URL=url, SECRET_KEY=secret,
        ALLOWED_HOSTS="127.0.0.1,localhost", PORTAL_TRUSTED_PROXY_COUNT="1",
        SECURE_SSL_REDIRECT="0", REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7"),
        PORTAL_CACHE_PREFIX=prefix, PORTAL_CONSULTATION_RATE=f"{args.rate_limit}/h",
        PORTAL_DB_CONN_MAX_AGE=str(args.conn_max_age), PORTAL_DPO_CONTACT="dpo@example.org",
        # No mail server: a refused connection at once (the portal logs and goes on).
        EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(args.ports[0] + 9), LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )


def prepare(env, password):
    """Migrate and fill the database named by ``env`` (in this process, then every
    connection closed). Output: dict with ``consultation``, ``map`` and ``proposals``
    (paths of the demo pages, str) and ``connections`` (the hosts' persistent connection
    settings, as text)."""
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from consultation.models import ConsultationPage
    from consultation.models import ProposalPage
    from initiatives.models import InitiativeIndexPage
    from portal.models import User

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_reference_data", verbosity=0, stdout=open(os.devnull, "w"))
    call_command("load_demo_content", verbosity=0, stdout=open(os.devnull, "w"))
    call_command("collectstatic", verbosity=0, interactive=False)
    User.objects.create_superuser(STAFF_EMAIL, password)
    paths = {
        "consultation": ConsultationPage.objects.live().get().url_path,
        "map": InitiativeIndexPage.objects.live().get().url_path,
        "proposals": ProposalPage.objects.live().get().url_path,
    }
    from django.conf import settings

    database = settings.DATABASES["default"]
    paths["connections"] = (f"CONN_MAX_AGE={database.get('CONN_MAX_AGE')}, "
                            f"CONN_HEALTH_CHECKS={database.get('CONN_HEALTH_CHECKS')}")
    connections.close_all()
    # url_path starts with the root page's slug: "/accueil/consultation/" -> "/consultation/".
    return {key: "/" + path.strip("/").split("/", 1)[1] + "/" if path.startswith("/") else path
            for key, path in paths.items()}


class Host:
    """One gunicorn master with its workers, on ``port``; ``log`` is its stderr file."""

    def __init__(self, name, port, workers, env, log_dir):
        self.name, self.port = name, port
        self.log = Path(log_dir) / f"gunicorn-{port}.log"
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py",
             "portal.wsgi", "--bind", f"{HOSTNAME}:{port}", "--workers", str(workers),
             "--timeout", "60", "--graceful-timeout", "5", "--log-level", "warning"],
            # gunicorn.conf.py logs each request on stdout: not wanted among the figures.
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(self.log, "w"),
        )

    def workers(self):
        """PIDs (sorted list of int) of the master's children: its workers."""
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                children.append(int(stat.parent.name))
        return sorted(children)

    def wait_ready(self, path, timeout=120):
        """Wait until ``path`` answers 200 (RuntimeError with the log's end otherwise)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            if Browser("192.0.2.1").request(self.port, "GET", path, timeout=10).status == 200:
                return
            time.sleep(0.3)
        raise RuntimeError(f"host {self.name} did not serve {path}:\n"
                           + self.log.read_text(errors="replace")[-3000:])

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def sql(url, query, params=()):
    """Rows (list of tuples) of ``query`` on the database of ``url`` (a new connection)."""
    import psycopg

    with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
        return conn.execute(query, params).fetchall()


# -- the properties -----------------------------------------------------------------

class Bench:
    """The run: the hosts, the database URL, the pages' paths, the verdicts."""

    def __init__(self, args, url, hosts, paths, password, run_id):
        self.args, self.url, self.hosts, self.paths = args, url, hosts, paths
        self.password, self.run_id = password, run_id
        self.verdicts = []  # (name, passed, detail, soft)
        self.addresses = itertools.count(1)
        self.address_lock = threading.Lock()
        self.draft_title = None

    def address(self):
        """A fresh client address (str, 10.x.y.z), never reused in a run."""
        with self.address_lock:
            n = next(self.addresses)
        return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"

    def verdict(self, name, passed, detail, soft=False):
        """Record and print one verdict line. ``soft``: a goal about timing or about the
        503 page, which never fails a smoke run (CI on a loaded machine)."""
        self.verdicts.append((name, passed, detail, soft))
        print(f"{'PASS' if passed else 'FAIL'}  {name}: {detail}", flush=True)

    @property
    def ports(self):
        return [host.port for host in self.hosts]

    # once-only ------------------------------------------------------------------
    def forms(self):
        """(kind, path, overrides(marker), query counting rows holding the marker)."""
        return [
            ("questionnaire", self.paths["consultation"], lambda m: {},
             "SELECT count(*) FROM consultation_consultationsubmission WHERE form_data::text LIKE %s"),
            ("Ajouter une action", self.paths["map"] + "ajouter/",
             lambda m: {"title": m, "description": f"Action du banc {m}.", "commune": "Mont-de-Marsan",
                        "themes": FIRST, "email": "resident@example.org", "consent": "on"},
             "SELECT count(*) FROM wagtailcore_page WHERE title LIKE %s"),
            ("proposal", self.paths["proposals"],
             lambda m: {"title": m, "description": f"Proposition du banc {m}."},
             "SELECT count(*) FROM consultation_proposal WHERE title LIKE %s"),
        ]

    def once_only(self):
        """The same rendered form posted to both hosts at the same instant, per kind."""
        for kind, path, overrides, count_query in self.forms():
            stored, acknowledged, problems = [], 0, []
            for n in range(self.args.twice):
                marker = f"Banc {self.run_id} double {kind[:5]} {n:03d}"
                browser = Browser(self.address())
                page = browser.request(self.ports[0], "GET", path)
                form = find_form(page.body, "form_token") if page.status == 200 else None
                if form is None:
                    problems.append(f"GET {path}: {page.status}")
                    continue
                fields = fill(form, overrides(marker), f"Réponse du banc {marker}.")
                barrier = threading.Barrier(2)
                results = [None, None]

                def post(i, port):
                    barrier.wait()
                    results[i] = browser.request(port, "POST", form["action"] or path, fields)

                threads = [threading.Thread(target=post, args=(i, port))
                           for i, port in enumerate(self.ports)]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                acknowledged += sum(r.redirected_to_thanks() for r in results)
                for r in results:
                    if not r.redirected_to_thanks():
                        problems.append(f"POST {r.status} {errors_of(r.body)}")
                stored.append(sql(self.url, count_query, [f"%{marker}%"])[0][0])
                if kind == "Ajouter une action" and self.draft_title is None:
                    self.draft_title = marker
            passed = bool(stored) and all(n == 1 for n in stored) and not problems
            self.verdict(
                f"once-only across hosts, {kind}", passed,
                f"{len(stored)} forms each posted to both hosts at once: "
                f"{acknowledged} of {2 * len(stored)} posts acknowledged, stored "
                f"{stored} times" + (f"; problems: {problems[:3]}" if problems else ""))

    # rate limits ---------------------------------------------------------------------
    def rate_limit(self):
        """One address sends twice the limit of answers over both hosts (4 threads)."""
        limit, address = self.args.rate_limit, self.address()
        statuses = collections.Counter()
        jobs = iter(range(2 * limit))
        lock = threading.Lock()

        def worker():
            while True:
                with lock:
                    n = next(jobs, None)
                if n is None:
                    return
                browser = Browser(address)
                page = browser.request(self.ports[n % 2], "GET", self.paths["consultation"])
                form = find_form(page.body, "form_token") if page.status == 200 else None
                if form is None:
                    with lock:
                        statuses[f"GET {page.status}"] += 1
                    continue
                marker = f"banc-{self.run_id}-limite-{n:03d}"
                response = browser.request(self.ports[(n + 1) % 2], "POST",
                                           form["action"] or self.paths["consultation"],
                                           fill(form, {}, marker))
                with lock:
                    statuses["acknowledged" if response.redirected_to_thanks()
                             else str(response.status)] += 1

        threads = [threading.Thread(target=worker) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        stored = sql(self.url, "SELECT count(*) FROM consultation_consultationsubmission "
                     "WHERE form_data::text LIKE %s", [f"%banc-{self.run_id}-limite-%"])[0][0]
        passed = (statuses["acknowledged"] == limit == stored
                  and statuses["429"] == limit)
        self.verdict("rate limit across hosts", passed,
                     f"limit {limit}/h, one address sent {2 * limit} answers alternating hosts: "
                     f"{dict(statuses)}, stored {stored}")

    # publish ---------------------------------------------------------------------------
    def publish(self):
        """A draft action published through the admin of host A, then read on host B."""
        title, name = self.draft_title, "publish on host A seen at once on host B"
        if title is None:
            self.verdict(name, False, "no draft action to publish")
            return
        page_id = sql(self.url, "SELECT id FROM wagtailcore_page WHERE title = %s", [title])[0][0]
        a, b = self.ports
        reader = Browser(self.address())
        feed, listing = self.paths["map"] + "geojson/", self.paths["map"]
        # Read B first, several times (both workers), so that any cache holds the old state.
        before = {path: [reader.request(b, "GET", path) for _ in range(3)] for path in (feed, listing)}
        shown_before = sum(title in r.body for rs in before.values() for r in rs)
        read_failures = [r.status for rs in before.values() for r in rs if r.status != 200]
        staff = Browser(self.address())
        login = staff.request(a, "GET", "/admin/login/")
        form = find_form(login.body, "csrfmiddlewaretoken")
        signed_in = staff.request(a, "POST", "/admin/login/", fill(form, {
            "username": STAFF_EMAIL, "password": self.password}, "")) if form else login
        if signed_in.status not in REDIRECTS:
            self.verdict(name, False, f"staff sign-in answered {signed_in.status}")
            return
        bulk = f"/admin/bulk/wagtailcore/page/publish/?id={page_id}&next=/admin/"
        confirm = staff.request(a, "GET", bulk)
        form = find_form(confirm.body, "csrfmiddlewaretoken")
        if form is None:
            self.verdict(name, False, f"bulk publish page answered {confirm.status}")
            return
        published = staff.request(a, "POST", form["action"] or bulk, fill(form, {}, ""))
        done = time.monotonic()
        live = sql(self.url, "SELECT live FROM wagtailcore_page WHERE id = %s", [page_id])[0][0]
        after = {path: [reader.request(b, "GET", path) for _ in range(4)] for path in (feed, listing)}
        delay = time.monotonic() - done
        seen = {path: sum(title in r.body for r in rs) for path, rs in after.items()}
        read_failures += [r.status for rs in after.values() for r in rs if r.status != 200]
        passed = (not shown_before and not read_failures and live
                  and published.status in REDIRECTS and all(n == 4 for n in seen.values()))
        # The page cache marks its answers (X-Page-Cache: hit or miss); absent without one.
        marks = {path: ("/".join(r.headers.get("x-page-cache", "-") for r in before[path]),
                        "/".join(r.headers.get("x-page-cache", "-") for r in after[path]))
                 for path in (feed, listing)}
        self.verdict(
            name, passed,
            f"before: shown {shown_before} times in 6 reads of B; admin bulk publish on A "
            f"answered {published.status}, page live={live}; then on B the feed showed it "
            f"{seen[feed]}/4, the list {seen[listing]}/4 (8 reads in {delay:.2f} s)"
            + (f"; failed reads {read_failures}" if read_failures else ""))
        if any(mark.strip("-/") for pair in marks.values() for mark in pair):
            print("      X-Page-Cache of B's reads, before -> after the publish: "
                  + "; ".join(f"{path} {b} -> {a}" for path, (b, a) in marks.items()))
        else:
            print("      no X-Page-Cache header on B's reads: no page cache")

    # load and faults ----------------------------------------------------------------------
    def load(self, answers, faults):
        """``answers`` questionnaire answers from ``--clients`` residents; with
        ``faults``, a worker killed and PostgreSQL restarted during it.
        Output: dict of the phase's results."""
        args, ports = self.args, self.ports
        path = self.paths["consultation"]
        tally = Tally()
        jobs = iter(range(answers))
        lock = threading.Lock()
        acknowledged, abandoned, rejected = set(), [], []
        done = [0]
        phase = "faults" if faults else "baseline"
        prefix = f"banc-{self.run_id}-{phase}-"

        def resident():
            while True:
                with lock:
                    n = next(jobs, None)
                if n is None:
                    return
                marker = f"{prefix}{n:06d}"
                browser = Browser(self.address())
                deadline = time.monotonic() + args.retry_seconds
                form, port = None, ports[n % 2]
                while form is None and time.monotonic() < deadline:
                    page = browser.request(port, "GET", path)
                    tally.add("GET form", page, port)
                    if page.status == 200:
                        form = find_form(page.body, "form_token")
                    if form is None:
                        time.sleep(0.5)
                        port = ports[(ports.index(port) + 1) % 2]
                outcome = "abandoned"
                if form is not None:
                    fields = fill(form, {}, f"Proposition {marker}.")
                    port = ports[(n + 1) % 2]
                    while time.monotonic() < deadline:
                        response = browser.request(port, "POST", form["action"] or path, fields)
                        tally.add("POST answer", response, port)
                        if response.redirected_to_thanks():
                            outcome = "acknowledged"
                            break
                        if isinstance(response.status, int) and response.status < 500:
                            outcome = f"rejected {response.status} {errors_of(response.body)}"
                            break
                        time.sleep(0.5)  # the resident sends the same form again
                        port = ports[(ports.index(port) + 1) % 2]
                with lock:
                    done[0] += 1
                    if outcome == "acknowledged":
                        acknowledged.add(marker)
                    elif outcome == "abandoned":
                        abandoned.append(marker)
                    else:
                        rejected.append(outcome)

        events = {}
        stop = threading.Event()

        def wait_done(count):
            while done[0] < count and not stop.is_set():
                time.sleep(0.05)

        def probe():
            # Reads the questionnaire (database needed) on each host every 0.25 s.
            browser = Browser(self.address())
            while not stop.is_set():
                for port in ports:
                    response = browser.request(port, "GET", path, timeout=10)
                    tally.add("GET probe", response, port)
                time.sleep(0.25)

        def inject():
            host = self.hosts[0]
            wait_done(answers // 4)
            before = host.workers()
            if before and not stop.is_set():
                os.kill(before[0], signal.SIGKILL)
                events["killed"] = (time.monotonic(), before[0])
                deadline = time.monotonic() + 30
                while time.monotonic() < deadline:
                    now = host.workers()
                    if len(now) == len(before) and before[0] not in now:
                        events["worker replaced"] = time.monotonic() - events["killed"][0]
                        break
                    time.sleep(0.1)
            wait_done(answers // 2)
            if not stop.is_set():
                stopped, started = cluster_restart(args.outage)
                events["pg stopped"], events["pg started"] = stopped, started

        threads = [threading.Thread(target=resident, daemon=True) for _ in range(args.clients)]
        helpers = []
        if faults:
            helpers = [threading.Thread(target=probe, daemon=True),
                       threading.Thread(target=inject, daemon=True)]
        started = time.monotonic()
        for thread in threads + helpers:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        if faults:
            helpers[1].join(timeout=max(5.0, args.outage + 70))
            # Let the prober see the recovery if the load ended before it.
            deadline = time.monotonic() + args.recovery_limit + 10
            while (events.get("pg started") and time.monotonic() < deadline
                   and any(tally.recovery(p, events["pg started"])[0] is None for p in ports)):
                time.sleep(0.1)
        stop.set()
        for thread in helpers:
            thread.join(timeout=15)

        if args.sabotage and faults and acknowledged:
            self.sabotage(prefix, sorted(acknowledged))
        rows = sql(self.url, "SELECT form_data::text FROM consultation_consultationsubmission "
                   "WHERE form_data::text LIKE %s", [f"%{prefix}%"])
        stored = collections.Counter(m for (text,) in rows for m in re.findall(re.escape(prefix) + r"\d{6}", text))
        return {
            "phase": phase, "answers": answers, "elapsed": elapsed, "tally": tally,
            "acknowledged": acknowledged, "abandoned": abandoned, "rejected": rejected,
            "stored": stored, "events": events,
        }

    def sabotage(self, prefix, acknowledged):
        """``--sabotage``: delete the row of the first acknowledged answer and store the
        last one a second time (new token), so that the checks must report one lost and
        one duplicate (how to see that they can fail)."""
        table = "consultation_consultationsubmission"
        sql(self.url, f"DELETE FROM {table} WHERE form_data::text LIKE %s RETURNING id",
            [f"%{acknowledged[0]}%"])
        columns = ("form_data, page_id, commune_id, privacy_notice_version, submit_time")
        sql(self.url, f"INSERT INTO {table} (form_token, {columns}) SELECT gen_random_uuid()::text, "
            f"{columns} FROM {table} WHERE form_data::text LIKE %s RETURNING id",
            [f"%{acknowledged[-1]}%"])
        print(f"  --sabotage: deleted {acknowledged[0]}, stored {acknowledged[-1]} twice")

    def report_load(self, result, baseline=None):
        """Print a load phase's figures and verdicts."""
        tally, elapsed = result["tally"], result["elapsed"]
        acknowledged, stored = result["acknowledged"], result["stored"]
        name = result["phase"]
        rate = len(acknowledged) / elapsed if elapsed else 0.0
        print(f"\n{name}: {result['answers']} answers from {self.args.clients} residents over "
              f"2 hosts in {elapsed:.1f} s: {tally.requests} requests, "
              f"{tally.requests / elapsed:.1f} req/s, {rate:.1f} acknowledged answers/s")
        if baseline is not None:
            base = len(baseline["acknowledged"]) / baseline["elapsed"]
            print(f"  answers/s with faults / without (baseline {base:.1f}/s): "
                  f"{rate / base if base else 0:.2f}x")
        for (kind, label), count in sorted(tally.counts.items()):
            print(f"  {kind:12} {label:>34}: {count}")
        lost = sorted(acknowledged - set(stored))
        duplicates = sorted(m for m, n in stored.items() if n > 1)
        unacknowledged = sorted(set(stored) - acknowledged)
        print(f"  acknowledged {len(acknowledged)}, stored {sum(stored.values())} "
              f"({len(stored)} distinct), stored without acknowledgement {len(unacknowledged)}, "
              f"abandoned {len(result['abandoned'])}, rejected {len(result['rejected'])}"
              + (f" {result['rejected'][:3]}" if result["rejected"] else ""))
        self.verdict(f"{name}: nothing acknowledged lost, nothing stored twice",
                     not lost and not duplicates,
                     f"{len(lost)} acknowledged answers missing {lost[:5]}, "
                     f"{len(duplicates)} stored twice {duplicates[:5]}")
        if name == "baseline":
            self.verdict("baseline: every answer acknowledged",
                         len(acknowledged) == result["answers"] and not result["rejected"],
                         f"{len(acknowledged)} of {result['answers']}")
            return
        events = result["events"]
        failures = collections.Counter(label for _, label in tally.failures)
        http_failures = {label: n for label, n in failures.items() if label[0].isdigit()}
        transport = {label: n for label, n in failures.items() if not label[0].isdigit()}
        print(f"  failed requests: HTTP {http_failures or '{}'}, cut connections {transport or '{}'}")
        self.verdict("failures get the 503 page", bool(http_failures) and set(http_failures) == {"503 page"},
                     f"of {sum(http_failures.values())} failed HTTP answers, "
                     f"{http_failures.get('503 page', 0)} were 503 with Retry-After and a French page"
                     f" ({', '.join(f'{n} x {label}' for label, n in http_failures.items()) or 'none'})",
                     soft=True)
        killed = events.get("killed")
        replaced = events.get("worker replaced")
        self.verdict("killed worker replaced by gunicorn", bool(killed) and replaced is not None,
                     f"worker {killed[1] if killed else '-'} of host A killed (SIGKILL), "
                     + (f"a new one after {replaced:.1f} s" if replaced is not None else "none started"))
        outage = (events["pg started"] - events["pg stopped"]) if "pg started" in events else None
        recovery = ([tally.recovery(port, events["pg started"]) for port in self.ports]
                    if outage is not None else [(None, 0)] * 2)
        times = [t for t, _ in recovery]
        recovered = all(t is not None for t in times)
        self.verdict(
            "service recovers without a restart", recovered and max(times) <= self.args.recovery_limit,
            (f"PostgreSQL down {outage:.1f} s; first success after it came back: "
             + ", ".join((f"host {h.name} {t:.2f} s ({n} failures after it)" if t is not None
                          else f"host {h.name} never") for h, (t, n) in zip(self.hosts, recovery))
             + f" (goal {self.args.recovery_limit:.0f} s)") if outage is not None
            else "PostgreSQL was not restarted during the load", soft=True)
        # Not a timing goal: after the load, each host stores a full answer.
        afterwards = []
        for i, port in enumerate(self.ports):
            browser = Browser(self.address())
            page = browser.request(port, "GET", self.paths["consultation"])
            form = find_form(page.body, "form_token") if page.status == 200 else None
            marker = f"banc-{self.run_id}-apres-{i}"
            response = (browser.request(port, "POST", form["action"] or self.paths["consultation"],
                                        fill(form, {}, marker)) if form else page)
            stored_now = sql(self.url, "SELECT count(*) FROM consultation_consultationsubmission "
                             "WHERE form_data::text LIKE %s", [f"%{marker}%"])[0][0]
            afterwards.append((response.status, stored_now))
        self.verdict("both hosts serve and store after the faults",
                     all(s in REDIRECTS and n == 1 for s, n in afterwards),
                     ", ".join(f"host {h.name}: POST {s}, stored {n}"
                               for h, (s, n) in zip(self.hosts, afterwards)))


def errors_of(body):
    """The error texts of a re-rendered form (list of str, at most 3, for the report)."""
    found = re.findall(r'class="error-message"[^>]*>(.*?)</', body, flags=re.S)
    return [" ".join(text.split())[:120] for text in found][:3]


def interrupt(signum, frame):
    """SIGTERM handler: unwind as Ctrl-C does (hosts stopped, cluster removed)."""
    raise KeyboardInterrupt(f"signal {signum}")


cluster_restart = None  # set by main(): Cluster.restart of the bench's cluster


def main():
    global cluster_restart
    args = parse_args()
    # SIGTERM (CI timeout, kill) unwinds like Ctrl-C: hosts stopped, cluster removed.
    signal.signal(signal.SIGTERM, interrupt)
    run_id = secrets.token_hex(3)
    prefix = f"bench-multihost-{run_id}"
    password = secrets.token_urlsafe(16)
    secret = secrets.token_urlsafe(50)
    hosts, log_dir = [], tempfile.mkdtemp(prefix="bench-multihost-logs-")
    started = time.monotonic()
    bench = None
    if _smoke.enabled():
        print("Smoke run: its own PostgreSQL cluster, BENCH_SMOKE_DATABASE_URL is not used.")
    busy = [port for port in (*args.ports, args.pg_port) if port_taken(port)]
    if busy:
        print(f"Ports already in use on {HOSTNAME}: {busy} (another run? see --ports, --pg-port)")
        return 2
    try:
        with Cluster(args.pg_port) as cluster:
            cluster_restart = cluster.restart
            url = cluster.create_database(DB_NAME)
            env = host_env(args, url, secret, prefix)
            paths = prepare(env, password)
            print(f"PostgreSQL cluster on port {args.pg_port} ({cluster.directory}), database "
                  f"ready in {time.monotonic() - started:.0f} s; Redis prefix {prefix}")
            for name, port in zip("AB", args.ports):
                hosts.append(Host(name, port, args.workers, env, log_dir))
            for host in hosts:
                host.wait_ready(paths["consultation"])
            print(f"hosts A :{args.ports[0]} and B :{args.ports[1]}, {args.workers} workers each "
                  f"(A {hosts[0].workers()}, B {hosts[1].workers()}), database connections "
                  f"{paths['connections']}\n", flush=True)
            bench = Bench(args, url, hosts, paths, password, run_id)
            bench.once_only()
            bench.rate_limit()
            bench.publish()
            baseline = bench.load(max(args.clients, args.answers // 4), faults=False)
            bench.report_load(baseline)
            faulty = bench.load(args.answers - args.answers // 4, faults=True)
            bench.report_load(faulty, baseline)
    finally:
        for host in hosts:
            host.stop()
        clear_redis(prefix)
        if args.keep_logs or bench is None or failures(bench):
            print(f"gunicorn logs: {log_dir}")
        else:
            for log in Path(log_dir).glob("*"):
                log.unlink()
            os.rmdir(log_dir)
    return summary(bench, time.monotonic() - started)


def port_taken(port):
    """True when something listens on ``HOSTNAME:port`` (int)."""
    import socket

    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex((HOSTNAME, port)) == 0


def clear_redis(prefix):
    """Delete this run's keys from the bench's Redis database."""
    try:
        import redis

        client = redis.Redis.from_url(os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7"))
        keys = list(client.scan_iter(f"{prefix}*", count=1000))
        if keys:
            client.delete(*keys)
    except Exception as error:  # the report matters more than the clean-up
        print(f"Redis keys {prefix}* not removed: {error}")


def failures(bench):
    """Names (list of str) of the failed verdicts that fail the run: all of them, but in
    smoke mode not those about timing or the 503 page."""
    smoke = _smoke.enabled()
    return [name for name, ok, _, soft in bench.verdicts if not ok and not (smoke and soft)]


def summary(bench, seconds):
    """Print the verdicts' summary; output: the exit status (0 or 1)."""
    smoke = _smoke.enabled()
    failed = failures(bench)
    print(f"\n{sum(ok for _, ok, _, _ in bench.verdicts)} of {len(bench.verdicts)} properties hold "
          f"(run of {seconds:.0f} s{', smoke: timings and the 503 page do not fail it' if smoke else ''}).")
    if failed:
        print("FAILED: " + "; ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
