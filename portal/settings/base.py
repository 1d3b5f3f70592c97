"""Settings shared by every environment.

Environment variables (all optional here; see README, "Variables d'environnement"):
DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS, PORTAL_BASE_URL, EMAIL_URL-like settings
(EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS,
DEFAULT_FROM_EMAIL), PORTAL_MAP_TILE_URL, PORTAL_MAP_TILE_ATTRIBUTION.
"""

import os  # noqa: F401  (re-exported to the environment-specific settings)
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

from portal.security_headers import tile_origin

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    """Read a boolean environment variable ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


INSTALLED_APPS = [
    "portal",
    "home",
    "initiatives",
    "consultation",
    "diagnostic",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "wagtailgeowidget",
    "rest_framework",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "wagtail.contrib.sitemaps",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.security_headers.PortalCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.portal",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

# SQLite when DATABASE_URL is unset (the quick start), PostgreSQL in production and CI.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=0
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "portal.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"
# Wagtail's stock login form leaves the password field unlabelled (read "Password"):
# ours labels it in French (DESIGN §8).
WAGTAILADMIN_USER_LOGIN_FORM = "portal.admin_forms.LoginForm"

# Internationalisation: the UI is French; message ids in code are English (DESIGN §7).
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [PROJECT_DIR / "locale"]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
# Front-end libraries come from the npm registry (package-lock.json) and are served
# by the site itself, never from a CDN.
STATICFILES_DIRS = [
    ("vendor/leaflet", BASE_DIR / "node_modules" / "leaflet" / "dist"),
    ("vendor/leaflet.markercluster", BASE_DIR / "node_modules" / "leaflet.markercluster" / "dist"),
]
STATIC_ROOT = BASE_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Large StreamField pages and forms with many options post many fields (DESIGN §8).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# E-mail: console in dev, locmem in tests, SMTP from the environment in production.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Nouvelles solidarités <ne-pas-repondre@localhost>"
)

# Wagtail
WAGTAIL_SITE_NAME = "Les nouvelles solidarités, j'en parle"
WAGTAILADMIN_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "xlsx", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAIL_I18N_ENABLED = False
# API v2 returns rich text as HTML, never the stored form (DESIGN §8, case C16).
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAIL_USER_CUSTOM_FIELDS = []

# The département this portal serves (INSEE code of the département).
PORTAL_DEPARTEMENT = os.environ.get("PORTAL_DEPARTEMENT", "40")
PORTAL_DEPARTEMENT_NAME = "Landes"
PORTAL_REFERENCE_FILE = PROJECT_DIR / "data" / f"communes-{PORTAL_DEPARTEMENT}.json"
# Centre of the Landes (WGS84 degrees) and the zoom that shows the whole département.
PORTAL_MAP_CENTER = {"lat": 43.95, "lng": -0.78}
PORTAL_MAP_ZOOM = 9

# Map tiles: the only third-party resource (DESIGN §6). IGN Géoplateforme, Plan IGN v2.
PORTAL_MAP_TILE_URL = os.environ.get(
    "PORTAL_MAP_TILE_URL",
    "https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
    "&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&STYLE=normal&FORMAT=image/png"
    "&TILEMATRIXSET=PM&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}",
)
PORTAL_MAP_TILE_ATTRIBUTION = os.environ.get(
    "PORTAL_MAP_TILE_ATTRIBUTION",
    '&copy; <a href="https://www.ign.fr/">IGN</a> – Plan IGN v2',
)

# Content-Security-Policy (django-csp 4). Public pages: only the site's own scripts and
# stylesheets (no inline script, no eval), no plugins, no <base>, forms posting to the
# site only, never framed; images from the site, data: URLs (small images libraries inline)
# and the map tile host. The theme colours' inline <style> is allowed by its hash
# (portal.security_headers). Keep "style-src" listed in both policies.
PORTAL_MAP_TILE_ORIGIN = tile_origin(PORTAL_MAP_TILE_URL)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *filter(None, [PORTAL_MAP_TILE_ORIGIN])],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Under /admin/ (portal.security_headers.PortalCSPMiddleware): what Wagtail 8's admin
# needs (why, directive by directive: docs/decisions.md). Inline <script> elements (its
# date/time pickers, InlinePanel, chooser widgets) but no handler attribute; inline styles
# (Draftail adds <style> elements); blob: images (upload previews); framed by itself only
# (the preview panel).
PORTAL_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, UNSAFE_INLINE],
        "script-src-attr": [NONE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [*CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"], "blob:"],
        "frame-ancestors": [SELF],
    }
}
# Browser features the site never uses are switched off for it and any frame it embeds
# (django-permissions-policy); geolocation too until the map offers "near me". Only
# features chromium recognises ("bluetooth" is not, in Debian's build: it logs an error).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "browsing-topics", "camera",
        "display-capture", "geolocation", "gyroscope", "hid", "interest-cohort",
        "magnetometer", "microphone", "midi", "payment", "screen-wake-lock", "serial", "usb",
        "xr-spatial-tracking",
    )
}

# wagtailgeowidget reads these once at import (DESIGN §8).
GEO_WIDGET_DEFAULT_LOCATION = PORTAL_MAP_CENTER
GEO_WIDGET_ZOOM = PORTAL_MAP_ZOOM
GEO_WIDGET_LEAFLET_TILE_LAYER = PORTAL_MAP_TILE_URL
GEO_WIDGET_LEAFLET_TILE_LAYER_OPTIONS = {
    "attribution": PORTAL_MAP_TILE_ATTRIBUTION,
    "maxZoom": 18,
}

# RGPD (DESIGN §4c).
PORTAL_CONTACT_RETENTION_DAYS = int(os.environ.get("PORTAL_CONTACT_RETENTION_DAYS", "365"))
PORTAL_PRIVACY_NOTICE_VERSION = "2026-11"
# How to reach the data protection officer (RGPD art. 13.1.b): an e-mail address (shown as
# a link) or a postal address, printed in every privacy notice. `check --deploy` warns
# when it is empty.
PORTAL_DPO_CONTACT = os.environ.get("PORTAL_DPO_CONTACT", "")
# Public forms: posts per client and per period (django-ratelimit syntax), counted in the
# cache under an HMAC of the address (portal.spam); drafts never confirmed by their
# submitter are deleted after this many days (manage.py purge_submitters).
PORTAL_SUBMISSION_RATE = os.environ.get("PORTAL_SUBMISSION_RATE", "5/h")
# Questionnaire answers a client may send (django-ratelimit syntax).
PORTAL_CONSULTATION_RATE = os.environ.get("PORTAL_CONSULTATION_RATE", "20/h")
PORTAL_UNCONFIRMED_SUBMISSION_DAYS = 30
# Reverse proxies of our own in front of gunicorn, each appending to X-Forwarded-For: the
# client's address is read from that header (portal.network.client_ip) by the rate limits
# and the sign-in lockout. 0: REMOTE_ADDR is the client (no proxy).
PORTAL_TRUSTED_PROXY_COUNT = int(os.environ.get("PORTAL_TRUSTED_PROXY_COUNT", "0") or 0)
RATELIMIT_IP_META_KEY = "portal.network.client_ip"

# Statistical confidentiality of the committee statistics: counts from 1 to this number
# minus one are shown as "< N" (consultation.statistics).
PORTAL_STATISTICS_MIN_COUNT = 5

PORTAL_COLORS = {"primary": "#005a8c", "accent": "#b3361f"}

# No browser call to wagtail.org from the admin: the map tiles are the only third-party
# resource (DESIGN §6).
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No Gravatar: the admin would send a hash of each user's e-mail to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Background work (django-tasks): "immediate" runs a task inside the request (quick start,
# tests); "database" queues it for `manage.py db_worker` (django-tasks-db), as production
# should. Used by the committee's large XLSX/ODS exports.
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS = {
    "default": {
        "BACKEND": _TASK_BACKENDS[os.environ.get("PORTAL_TASKS_BACKEND", "immediate")],
    }
}
# Committee exports: XLSX/ODS of more rows than this are built by a background task.
PORTAL_EXPORT_BACKGROUND_THRESHOLD = int(
    os.environ.get("PORTAL_EXPORT_BACKGROUND_THRESHOLD", "5000")
)
# Where finished background exports wait for their download (never a public folder).
PORTAL_EXPORTS_DIR = Path(os.environ.get("PORTAL_EXPORTS_DIR", BASE_DIR / "var" / "exports"))
# Hours a background export's download link stays valid.
PORTAL_EXPORT_LINK_HOURS = int(os.environ.get("PORTAL_EXPORT_LINK_HOURS", "24"))

# Cache: per-process memory unless REDIS_URL names a Redis server (Django's own Redis
# backend). Several gunicorn hosts need Redis so that rate-limit counters (portal.spam)
# and the map feed's cached bodies are shared.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("PORTAL_CACHE_PREFIX", "portal"),
        }
    }
