#!/usr/bin/env python
"""Smoke mode of the benchmarks, and the runner that CI uses.

Every bench script (``bench/[!_]*.py``) takes ``--smoke`` (or the environment variable
``BENCH_SMOKE=1``, inherited by the processes a bench spawns): tiny row counts, one
round, a fresh database of its own dropped at the end, no figure compared with a goal in
a way that can fail. The point is that a bench which no longer runs on the current code
(a new model field it does not fill, a view it can no longer reach) fails CI instead of
rotting until the next real measure. No bench restarts or reconfigures the shared
PostgreSQL: ``bench/multi_host.py``, which restarts its database on purpose, creates a
throwaway cluster of its own (``bench/_pg_cluster.py``, port 55433) and ignores the
database URL given here.

Database of a smoke run: ``BENCH_SMOKE_DATABASE_URL`` when set, else the bench's own
default database name followed by ``_smoke`` (never ``BENCH_DATABASE_URL``, which may
hold the rows of real measures).

Run as a script, it runs every bench in smoke mode, one after the other, each with its own
database ``<BENCH_SMOKE_DATABASE_URL>_<script name>`` (default
``postgres://postgres@127.0.0.1:5432/portal_bench_smoke``), prints each one's output and
exits with status 1 when any of them failed (the names of the failed ones on the last
line)::

    .venv/bin/python bench/_smoke.py            # every bench
    .venv/bin/python bench/_smoke.py exports    # some of them, by script name
"""

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

ENV = "BENCH_SMOKE"
DATABASE_ENV = "BENCH_SMOKE_DATABASE_URL"
DEFAULT_PREFIX = "postgres://postgres@127.0.0.1:5432/portal_bench_smoke"
HELP = "smoke run: tiny sizes, one round, a fresh database dropped at the end (for CI)"


def add_argument(parser):
    """Add the ``--smoke`` flag to an argparse ``parser``."""
    parser.add_argument("--smoke", action="store_true", help=HELP)


def enabled(args=None):
    """Whether this process runs in smoke mode. Input: parsed arguments holding ``smoke``
    (optional). With ``--smoke``, sets ``BENCH_SMOKE=1`` so that spawned processes
    inherit the mode. Output: bool."""
    if args is not None and getattr(args, "smoke", False):
        os.environ[ENV] = "1"
    return os.environ.get(ENV) == "1"


def database_url(default, real_env="BENCH_DATABASE_URL"):
    """The postgres:// URL of the bench's database.

    Input: the bench's default URL. Output: in smoke mode ``BENCH_SMOKE_DATABASE_URL``
    (set to ``default + "_smoke"`` when absent, so spawned processes use the same one);
    otherwise ``BENCH_DATABASE_URL`` or ``default``.
    """
    if enabled():
        return os.environ.setdefault(DATABASE_ENV, default + "_smoke")
    return os.environ.get(real_env, default)


def drop_database(url):
    """Drop the PostgreSQL database of ``url`` (postgres://…/name) if it exists."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def dropped_after(url):
    """Context manager around a bench's work on the database of ``url``: in smoke mode,
    on the way out (errors included), Django's connections are closed and the database
    is dropped (:func:`drop_database`); otherwise nothing happens."""
    try:
        yield
    finally:
        if enabled():
            from django.db import connections

            connections.close_all()
            drop_database(url)


def main(names):
    """Run the benches named in ``names`` (script names without ``.py``; all when
    empty) in smoke mode. Output: process exit status, 1 when any failed."""
    here = Path(__file__).resolve().parent
    scripts = sorted(p for p in here.glob("[!_]*.py") if not names or p.stem in names)
    prefix = os.environ.get(DATABASE_ENV, DEFAULT_PREFIX)
    failed = []
    for script in scripts:
        print(f"== {script.name} --smoke", flush=True)
        env = dict(os.environ, **{ENV: "1", DATABASE_ENV: f"{prefix}_{script.stem}"})
        started = time.monotonic()
        status = subprocess.run([sys.executable, str(script), "--smoke"], cwd=here.parent,
                                env=env).returncode
        print(f"== {script.name}: {'ok' if status == 0 else f'FAILED (status {status})'} "
              f"in {time.monotonic() - started:.0f} s", flush=True)
        if status:
            failed.append(script.name)
    if failed:
        print("Benches that crashed in smoke mode: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
