"""Every environment variable the settings read is described in the README's table, so
that an operator who has never seen the code can configure the site."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [*sorted((ROOT / "portal" / "settings").glob("*.py")),
           ROOT / "portal" / "storage_settings.py", ROOT / "portal" / "frontend_cache_settings.py"]
# os.environ["X"], os.environ.get("X"...), env_bool("X"...), and get("PORTAL_X") on an
# environment mapping (portal.storage_settings, portal.frontend_cache_settings).
READ = re.compile(r"""(?:(?:environ\[|environ\.get\(|env_bool\()\s*["']([A-Z][A-Z0-9_]{2,})["']"""
                  r"""|\bget\(\s*["'](PORTAL_[A-Z0-9_]+)["'])""")


def variables_read():
    names = set()
    for source in SOURCES:
        for match in READ.finditer(source.read_text(encoding="utf-8")):
            names.add(match.group(1) or match.group(2))
    return names


def test_the_scan_finds_the_settings_variables():
    names = variables_read()
    assert {"SECRET_KEY", "DATABASE_URL", "PORTAL_S3_BUCKET", "PORTAL_CLOUDFLARE_ZONE_ID",
            "SECURE_SSL_REDIRECT", "PORTAL_MEDIA_ROOT"} <= names


def test_every_variable_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = sorted(name for name in variables_read() if f"`{name}`" not in readme)
    assert not missing, f"not described in README.md: {missing}"
