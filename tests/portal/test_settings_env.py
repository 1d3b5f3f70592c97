"""Settings read from the environment: an empty variable counts as unset."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    """Run ``manage.py`` in a subprocess with the quick start's settings and ``env``."""
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(DJANGO_SETTINGS_MODULE="portal.settings.dev", **env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=120)


def test_empty_database_url_means_sqlite():
    result = run_manage("check", DATABASE_URL="")
    assert result.returncode == 0, result.stderr
    shown = run_manage("shell", "-c", "from django.db import connection; "
                       "print(connection.vendor, connection.settings_dict['NAME'])",
                       DATABASE_URL="")
    assert shown.returncode == 0, shown.stderr
    vendor, name = shown.stdout.strip().splitlines()[-1].split()
    assert vendor == "sqlite" and name.endswith("db.sqlite3")


def test_portal_base_url_is_the_base_of_wagtail_admin_and_api_links():
    shown = run_manage("shell", "-c", "from django.conf import settings as s; "
                       "print(s.PORTAL_BASE_URL, s.WAGTAILADMIN_BASE_URL, s.WAGTAILAPI_BASE_URL)",
                       PORTAL_BASE_URL="https://solidarites.example.fr/")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip().splitlines()[-1].split() == ["https://solidarites.example.fr"] * 3


def conn_settings(**env):
    """(CONN_MAX_AGE, CONN_HEALTH_CHECKS) of the default database under ``env``."""
    shown = run_manage("shell", "-c", "from django.conf import settings as s; "
                       "d = s.DATABASES['default']; "
                       "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])", **env)
    assert shown.returncode == 0, shown.stderr
    age, checks = shown.stdout.strip().splitlines()[-1].split()
    return int(age), checks == "True"


def test_postgresql_connections_persist_with_health_checks():
    """A new PostgreSQL connection per request costs as much as a simple page: each worker
    keeps its connection 60 s by default, checked before reuse (a database restart needs
    no gunicorn restart)."""
    url = "postgres://postgres@127.0.0.1:5432/any_name"
    assert conn_settings(DATABASE_URL=url) == (60, True)
    assert conn_settings(DATABASE_URL=url, PORTAL_DB_CONN_MAX_AGE="300") == (300, True)
    assert conn_settings(DATABASE_URL=url, PORTAL_DB_CONN_MAX_AGE="0") == (0, True)
    assert conn_settings(DATABASE_URL=url, PORTAL_DB_CONN_MAX_AGE="") == (60, True)


def test_sqlite_opens_a_connection_per_request_by_default():
    assert conn_settings(DATABASE_URL="") == (0, True)
