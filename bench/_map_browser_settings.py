"""Settings of the map browser benchmark (bench/map_browser.py): the test settings
(DEBUG off, WhiteNoise serving static files from the finders) without WhiteNoise's
per-request file scan, so static files are served as in production."""

from portal.settings.test import *  # noqa: F401,F403

WHITENOISE_AUTOREFRESH = False

import warnings  # noqa: E402

# No collectstatic here: WhiteNoise serves from the finders and need not warn about STATIC_ROOT.
warnings.filterwarnings("ignore", message="No directory at")
