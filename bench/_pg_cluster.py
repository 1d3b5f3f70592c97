"""A throwaway PostgreSQL cluster for a bench that must restart its database.

Debian's PostgreSQL 15 binaries (``/usr/lib/postgresql/15/bin``, or ``BENCH_PG_BIN``)
create a cluster in a temporary directory, listening on 127.0.0.1 at a port of the
bench's choice with trust authentication and its Unix socket in that directory. The
shared server (port 5432) is never touched. ``initdb`` refuses to run as root: when the
bench runs as root (CI), every ``initdb``/``pg_ctl`` runs as the ``postgres`` system user
through ``runuser`` and the directory is given to that user.

Use it as a context manager: the cluster is stopped and its directory removed on the
way out, also on Ctrl-C or an exception::

    with Cluster(55433) as cluster:
        url = cluster.create_database("portal_bench")
        ...
        cluster.restart(outage=3)
"""

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

PG_BIN = Path(os.environ.get("BENCH_PG_BIN", "/usr/lib/postgresql/15/bin"))


class Cluster:
    """A PostgreSQL cluster of its own in a temporary directory.

    Input: ``port`` (int, TCP port on 127.0.0.1). Attributes: ``directory`` (Path of the
    temporary directory holding ``data/``, the socket and ``server.log``), ``port``.
    Raises RuntimeError when the binaries are missing or the server does not start.
    """

    def __init__(self, port):
        self.port = port
        self.directory = None
        self.running = False

    # -- commands, as the postgres user when we are root --------------------------
    def _as_owner(self, argv):
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--", *argv]
        return argv

    def _run(self, *argv, check=True):
        return subprocess.run(self._as_owner([str(PG_BIN / argv[0]), *argv[1:]]), check=check,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    @property
    def data(self):
        return self.directory / "data"

    @property
    def log(self):
        return self.directory / "server.log"

    # -- life cycle ------------------------------------------------------------------
    def __enter__(self):
        try:
            self.create()
        except BaseException:  # Ctrl-C or a failed start: leave nothing behind
            self.remove()
            raise
        return self

    def __exit__(self, *exc):
        self.remove()
        return False

    def create(self):
        """initdb (trust, UTF-8) in a new temporary directory, then start the server."""
        if not (PG_BIN / "initdb").exists():
            raise RuntimeError(f"no PostgreSQL binaries at {PG_BIN} (set BENCH_PG_BIN)")
        self.directory = Path(tempfile.mkdtemp(prefix="bench-pg-"))
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.directory, owner.pw_uid, owner.pw_gid)
        result = self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres",
                           "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", check=False)
        if result.returncode:
            raise RuntimeError(f"initdb failed: {result.stderr.strip()}")
        self.start()

    def start(self):
        """Start the server and wait until it accepts connections (pg_ctl -w)."""
        # fsync off: a throwaway cluster on a shared machine (migrations commit often).
        # A fast stop still writes every committed transaction to disk; only a crash of
        # the machine itself could lose some, which no bench simulates.
        options = (f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 "
                   "-c max_connections=100 -c fsync=off -c full_page_writes=off")
        result = self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options,
                           "-w", "-t", "60", "start", check=False)
        if result.returncode:
            tail = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"PostgreSQL did not start: {result.stderr.strip()}\n{tail}")
        self.running = True

    def stop(self):
        """Stop the server (fast mode: open transactions rolled back, clients cut)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop",
                  check=False)
        self.running = False

    def restart(self, outage=0.0):
        """Restart the server: ``pg_ctl restart -m fast`` when ``outage`` (seconds) is 0,
        else a fast stop, ``outage`` seconds down, then a start. Output: (stopped, started),
        two ``time.monotonic()`` values: when the server was down and when it accepted
        connections again."""
        if outage <= 0:
            before = time.monotonic()
            result = self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-m", "fast",
                               "-w", "-t", "60", "restart", check=False)
            if result.returncode:
                raise RuntimeError(f"pg_ctl restart failed: {result.stderr.strip()}")
            return before, time.monotonic()
        self.stop()
        stopped = time.monotonic()
        time.sleep(outage)
        self.start()
        return stopped, time.monotonic()

    def remove(self):
        """Stop the server if it runs and delete the directory (idempotent)."""
        if self.directory is None:
            return
        if self.data.exists():
            self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)
        self.directory = None

    # -- databases ---------------------------------------------------------------------
    def url(self, name):
        """postgres:// URL (str) of database ``name`` on this cluster (TCP, user postgres)."""
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def create_database(self, name):
        """CREATE DATABASE ``name``; output: its URL."""
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)
