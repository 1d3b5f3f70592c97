"""Settings of the questionnaire load benchmark (bench/questionnaire_load.py): the test
settings (DEBUG off) without WhiteNoise's per-request file scan, with the bench's URLs
(the site's, plus the bare view that serves as the baseline: bench/_questionnaire_urls.py).
The database (DATABASE_URL), the shared Redis cache (REDIS_URL, PORTAL_CACHE_PREFIX) and
the trusted proxy (PORTAL_TRUSTED_PROXY_COUNT=1: each answer comes from its own
X-Forwarded-For address, so the questionnaire's real rate limit is counted, never hit)
come from the environment the bench gives gunicorn."""

from portal.settings.test import *  # noqa: F401,F403

ROOT_URLCONF = "bench._questionnaire_urls"
WHITENOISE_AUTOREFRESH = False

import warnings  # noqa: E402

# No collectstatic here: WhiteNoise serves from the finders and need not warn about STATIC_ROOT.
warnings.filterwarnings("ignore", message="No directory at")
