"""Settings of the page cache benchmark (bench/page_cache.py): the test settings (DEBUG
off, WhiteNoise serving static files from the finders, without its per-request scan) with
a cache shared by every gunicorn worker and the bench process, as in production:
Redis (``BENCH_REDIS_URL``) or, with ``BENCH_CACHE=database``, Django's database cache.
The page cache is on unless ``PORTAL_PAGE_CACHE_ENABLED`` says otherwise."""

import os

from portal.settings.test import *  # noqa: F401,F403

WHITENOISE_AUTOREFRESH = False

if os.environ.get("BENCH_CACHE", "redis") == "database":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                          "LOCATION": "portal_cache"}}
else:
    CACHES = {"default": {
        "BACKEND": "portal.redis_cache.ReusedClientRedisCache",
        "LOCATION": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"),
        "KEY_PREFIX": os.environ.get("PORTAL_CACHE_PREFIX", "bench-page-cache"),
    }}

import warnings  # noqa: E402

# No collectstatic here: WhiteNoise serves from the finders and need not warn about STATIC_ROOT.
warnings.filterwarnings("ignore", message="No directory at")
