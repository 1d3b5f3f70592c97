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
