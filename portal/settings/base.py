"""Settings shared by every environment.

Environment variables (all optional here; see README, "Variables d'environnement"):
DATABASE_URL, PORTAL_DB_CONN_MAX_AGE, SECRET_KEY, ALLOWED_HOSTS, PORTAL_BASE_URL, EMAIL_URL-like settings
(EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS,
DEFAULT_FROM_EMAIL), PORTAL_MAP_TILE_URL, PORTAL_MAP_TILE_ATTRIBUTION.
"""

import os  # noqa: F401  (re-exported to the environment-specific settings)
from datetime import timedelta
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


# Logging: Django's defaults, every handler first redacting private links (a submitter's
# /carte/mon-action/<token>/, password reset links) from the lines it writes
# (portal.log_filters). Production replaces it with its own, redacted the same way.
from django.utils import log as _django_log  # noqa: E402

from portal.log_filters import with_redaction  # noqa: E402

LOGGING = with_redaction(_django_log.DEFAULT_LOGGING)


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
    # Anonymous page views from the cache (portal.page_cache): before the outage and session
    # middlewares, so a hit reads no database and cached pages still answer while the
    # database is down; after the security headers, which every answer gets.
    "portal.page_cache.PageCacheMiddleware",
    # A database outage answers 503 + Retry-After (portal.outage): after static files,
    # before the first middleware that reads the database (sessions).
    "portal.outage.DatabaseOutageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # gzip for public JSON answers only (API v2, the map's feed), never HTML (BREACH).
    # Below CsrfViewMiddleware, so that it still sees whether the answer used a CSRF
    # token (Django clears that flag on the way out); no middleware below rewrites a
    # JSON body. WhiteNoise serves its own precompressed static files.
    "portal.compression.PublicJSONGZipMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Refuses bodies too large for their kind of route before anything reads them (no
    # middleware above reads the body; CsrfViewMiddleware does in process_view, later).
    "portal.request_size.RequestSizeLimitMiddleware",
    # Refuses a NUL character in the path, a query parameter or a form field (400).
    "portal.null_bytes.NullByteMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
# Seconds a client is asked to wait (Retry-After) when the database cannot be reached
# (portal.outage answers 503).
PORTAL_OUTAGE_RETRY_AFTER = int(os.environ.get("PORTAL_OUTAGE_RETRY_AFTER", "") or 30)

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

# SQLite when DATABASE_URL is unset or empty (the quick start), PostgreSQL in production
# and CI.
_DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"


def db_conn_max_age(url):
    """Seconds (int) a database connection is kept for the next requests of its worker:
    ``PORTAL_DB_CONN_MAX_AGE`` when set (0: a new connection per request), else 60 on
    PostgreSQL (opening one costs as much as a simple page: persistent connections
    served the questionnaire 40 % faster) and 0 on SQLite (opening a file is cheap)."""
    value = (os.environ.get("PORTAL_DB_CONN_MAX_AGE") or "").strip()
    if value:
        return int(value)
    return 0 if url.startswith("sqlite") else 60


DATABASES = {
    "default": dj_database_url.parse(
        _DATABASE_URL,
        conn_max_age=db_conn_max_age(_DATABASE_URL),
        # A kept connection broken by a database restart is replaced at the next
        # request, without restarting gunicorn.
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "portal.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"
# Wagtail's stock login form leaves the password field unlabelled (read "Password"):
# ours labels it in French.
WAGTAILADMIN_USER_LOGIN_FORM = "portal.admin_forms.LoginForm"

# Sign-in security (portal.accounts): lockout after repeated failures (django-axes),
# optional TOTP two-factor (django-otp), throttled password-reset e-mails, idle timeout.
INSTALLED_APPS += [
    "portal.accounts",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
]
MIDDLEWARE += [
    "django_otp.middleware.OTPMiddleware",
    "portal.accounts.middleware.TwoFactorMiddleware",
    "portal.accounts.middleware.IdleTimeoutMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its lockout page.
    "axes.middleware.AxesMiddleware",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Wagtail's login form posts the e-mail address as "username".
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "portal.accounts.lockout.username"
AXES_CLIENT_IP_CALLABLE = "portal.network.client_ip"
# Lock the (e-mail, address) pair: an attacker cannot lock a staff member out from every
# site of the département, nor everyone behind a shared address out of their accounts.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "portal.accounts.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# No record of successful sign-ins (with their address) kept in the database.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# Password-reset e-mails a client address / an e-mail address may ask for
# (django-ratelimit syntax).
PORTAL_PASSWORD_RESET_RATE = os.environ.get("PORTAL_PASSWORD_RESET_RATE", "5/h")
PORTAL_PASSWORD_RESET_EMAIL_RATE = os.environ.get("PORTAL_PASSWORD_RESET_EMAIL_RATE", "3/h")
# Authenticator apps show this name next to the account.
OTP_TOTP_ISSUER = "Nouvelles solidarités"
# True: an administrator (superuser) without an authenticator app must enrol one before
# using the admin.
PORTAL_REQUIRE_2FA_FOR_SUPERUSERS = env_bool("PORTAL_REQUIRE_2FA_FOR_SUPERUSERS", False)
# Idle timeout: a session unused for this many seconds is signed out (requests push the
# expiry ahead, at most once a minute: portal.accounts.middleware.IdleTimeoutMiddleware).
PORTAL_SESSION_IDLE_SECONDS = int(os.environ.get("PORTAL_SESSION_IDLE_SECONDS", "7200"))
SESSION_COOKIE_AGE = PORTAL_SESSION_IDLE_SECONDS

# Internationalisation: the UI is French; message ids in code are English.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
# Time zones staff may choose on their account page: metropolitan France and the overseas
# territories (IANA names). Wagtail's default, every name zoneinfo knows, includes
# "localtime" on Debian, which browsers refuse (the account page's script stopped).
WAGTAIL_USER_TIME_ZONES = [
    "Europe/Paris", "America/Cayenne", "America/Guadeloupe", "America/Martinique",
    "America/Miquelon", "Indian/Mayotte", "Indian/Reunion", "Pacific/Noumea",
    "Pacific/Tahiti", "Pacific/Wallis",
]
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
# Uploaded files on the local disk (unless on object storage: production settings). Keep
# them outside the code's folder in production, so that deployments never touch them.
MEDIA_ROOT = Path(os.environ.get("PORTAL_MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Large StreamField pages and forms with many options post more than Django's default
# 1,000 fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# E-mail: console in dev, locmem in tests, SMTP from the environment in production.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Nouvelles solidarités <ne-pas-repondre@localhost>"
)

# Wagtail
WAGTAIL_SITE_NAME = "Les nouvelles solidarités, j'en parle"
# The portal's public address, base of every absolute link (portal.base_url): e-mails,
# Wagtail's notifications, the API, the sitemap and the map feed, through the default
# Site that follows it after each `migrate`. `make run` sets it to its HOST:PORT.
PORTAL_BASE_URL = (os.environ.get("PORTAL_BASE_URL") or "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = PORTAL_BASE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "xlsx", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAIL_I18N_ENABLED = False
# Slugs, hence page addresses, are ASCII: "Précarité et pauvreté" is served at
# /precarite-et-pauvrete/, not /pr%C3%A9carit%C3%A9-et-pauvret%C3%A9/ (existing pages were
# re-slugged by portal/migrations/0005_ascii_page_slugs.py).
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# API v2 returns rich text as HTML, never the stored form (no ``linktype=`` in public
# output: every link gets a usable href).
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
WAGTAILAPI_BASE_URL = PORTAL_BASE_URL
WAGTAIL_USER_CUSTOM_FIELDS = []
# Tags match whatever their case: "Bénévolat" is the existing tag "bénévolat" (django-taggit,
# in every form and in Wagtail's admin through modelcluster).
TAGGIT_CASE_INSENSITIVE = True

# Largest request body (bytes) per kind of route, refused with a French page (HTTP 413)
# by portal.request_size.RequestSizeLimitMiddleware before anything reads it: public
# pages and forms without a file field, public forms with one (the map's form and its
# photo of at most 5 MB, plus the rest of the form; a larger photo, up to this limit,
# is refused by the form itself, which keeps what was typed), the admin (images and documents
# uploads, large pages), the read-only API (no body).
PORTAL_MAX_PUBLIC_REQUEST_SIZE = int(
    os.environ.get("PORTAL_MAX_PUBLIC_REQUEST_SIZE", "") or 1024 * 1024
)
PORTAL_MAX_PUBLIC_UPLOAD_REQUEST_SIZE = int(
    os.environ.get("PORTAL_MAX_PUBLIC_UPLOAD_REQUEST_SIZE", "") or 16 * 1024 * 1024
)
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024  # Wagtail's default, stated here
# SVG accepted besides Wagtail's raster formats: the demo's illustrations and a
# département's logo are drawings. Only staff upload into Wagtail images (the public
# form's photos are checked and re-encoded as JPEG, PNG or WebP by the map plugin).
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp", "svg"]
PORTAL_MAX_ADMIN_REQUEST_SIZE = int(
    os.environ.get("PORTAL_MAX_ADMIN_REQUEST_SIZE", "")
    # The largest upload plus room for the rest of the form.
    or max(WAGTAILDOCS_MAX_UPLOAD_SIZE, WAGTAILIMAGES_MAX_UPLOAD_SIZE) + 5 * 1024 * 1024
)
PORTAL_MAX_API_REQUEST_SIZE = 0
# Form fields (files apart) Django reads into memory: as much as the admin accepts, so
# large pages save; public posts are capped much lower by the middleware first.
DATA_UPLOAD_MAX_MEMORY_SIZE = PORTAL_MAX_ADMIN_REQUEST_SIZE

# The département this portal serves (INSEE code of the département).
PORTAL_DEPARTEMENT = os.environ.get("PORTAL_DEPARTEMENT", "40")
PORTAL_DEPARTEMENT_NAME = "Landes"
# Its designation as sentences write it after "Le" (portal.site_identity: the default of
# the setting staff edit; "Département de la Gironde", "Département du Nord" elsewhere).
PORTAL_DEPARTEMENT_DESIGNATION = f"Département des {PORTAL_DEPARTEMENT_NAME}"
PORTAL_REFERENCE_FILE = PROJECT_DIR / "data" / f"communes-{PORTAL_DEPARTEMENT}.json"
# Centre of the Landes (WGS84 degrees) and the zoom that shows the whole département.
PORTAL_MAP_CENTER = {"lat": 43.95, "lng": -0.78}
PORTAL_MAP_ZOOM = 9

# Map tiles: the only third-party resource. IGN Géoplateforme, Plan IGN v2.
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
# and the map tile host. No inline style: the theme colours are a stylesheet of their
# own (/theme.css, portal.theme). Keep "style-src" listed in both policies.
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
# (django-permissions-policy). Geolocation is the site's own only (never a frame's): the
# map's "Près de chez moi" button asks for the position once, on click. Only features
# chromium recognises ("bluetooth" is not, in Debian's build: it logs an error).
PERMISSIONS_POLICY = {
    **{
        feature: []
        for feature in (
            "accelerometer", "autoplay", "browsing-topics", "camera",
            "display-capture", "gyroscope", "hid", "interest-cohort",
            "magnetometer", "microphone", "midi", "payment", "screen-wake-lock", "serial",
            "usb", "xr-spatial-tracking",
        )
    },
    "geolocation": ["self"],
}

# wagtailgeowidget reads these once at import.
GEO_WIDGET_DEFAULT_LOCATION = PORTAL_MAP_CENTER
GEO_WIDGET_ZOOM = PORTAL_MAP_ZOOM
GEO_WIDGET_LEAFLET_TILE_LAYER = PORTAL_MAP_TILE_URL
GEO_WIDGET_LEAFLET_TILE_LAYER_OPTIONS = {
    "attribution": PORTAL_MAP_TILE_ATTRIBUTION,
    "maxZoom": 18,
}

# RGPD: how long contact details and submitter e-mails are kept (purge_contacts,
# purge_submitters), and the privacy notice's version, recorded with each submission.
PORTAL_CONTACT_RETENTION_DAYS = int(os.environ.get("PORTAL_CONTACT_RETENTION_DAYS", "365"))
PORTAL_PRIVACY_NOTICE_VERSION = "2026-11"
# How to reach the data protection officer (RGPD art. 13.1.b): an e-mail address (shown as
# a link) or a postal address, printed in every privacy notice. `check --deploy` warns
# when it is empty.
PORTAL_DPO_CONTACT = os.environ.get("PORTAL_DPO_CONTACT", "")
# The company hosting the site (name, address, telephone), shown by the legal notice when
# its page leaves the field empty (loi n° 2004-575 "LCEN" art. 6 III requires it).
PORTAL_HOSTING_PROVIDER = os.environ.get("PORTAL_HOSTING_PROVIDER", "")
# Where the contact page's messages go when its page leaves the field empty (as
# DEFAULT_FROM_EMAIL, a local address until the deployment sets its own).
PORTAL_CONTACT_EMAIL = os.environ.get("PORTAL_CONTACT_EMAIL", "contact@localhost")
# Public forms: posts per client and per period (django-ratelimit syntax), counted in the
# cache under an HMAC of the address (portal.spam); drafts never confirmed by their
# submitter are deleted after this many days (manage.py purge_submitters). A CCAS desk or
# a library workshop sends everyone's forms from one address: see docs/decisions.md.
# Map actions and proposals:
PORTAL_SUBMISSION_RATE = os.environ.get("PORTAL_SUBMISSION_RATE", "40/h")
# Messages to an action's author, answers and problem reports a client may send
# (initiatives.contact), and the days an answer link works (the visitor's address is
# carried, encrypted, in it and kept nowhere else).
PORTAL_CONTACT_RATE = os.environ.get("PORTAL_CONTACT_RATE", "10/h")
PORTAL_CONTACT_REPLY_DAYS = int(os.environ.get("PORTAL_CONTACT_REPLY_DAYS", "30"))
# "Renvoyer mon lien" (the map's private links mailed again): requests per client, and
# per e-mail address typed whoever asks (the same for known and unknown addresses).
PORTAL_RESEND_LINK_RATE = os.environ.get("PORTAL_RESEND_LINK_RATE", "10/h")
PORTAL_RESEND_LINK_EMAIL_RATE = os.environ.get("PORTAL_RESEND_LINK_EMAIL_RATE", "3/h")
# Questionnaire answers a client may send (django-ratelimit syntax).
PORTAL_CONSULTATION_RATE = os.environ.get("PORTAL_CONSULTATION_RATE", "60/h")
# Days a used one-time form token is kept (portal.once; manage.py purge_form_tokens).
PORTAL_FORM_TOKEN_DAYS = int(os.environ.get("PORTAL_FORM_TOKEN_DAYS", "30"))
PORTAL_UNCONFIRMED_SUBMISSION_DAYS = 30
# Reverse proxies of our own in front of gunicorn, each appending to X-Forwarded-For: the
# client's address is read from that header (portal.network.client_ip) by the rate limits
# and the sign-in lockout. 0: REMOTE_ADDR is the client (no proxy).
PORTAL_TRUSTED_PROXY_COUNT = int(os.environ.get("PORTAL_TRUSTED_PROXY_COUNT", "0") or 0)
RATELIMIT_IP_META_KEY = "portal.network.client_ip"

# Statistical confidentiality of the committee statistics: counts from 1 to this number
# minus one are shown as "< N" (consultation.committee.statistics).
PORTAL_STATISTICS_MIN_COUNT = 5

# Default theme colours (portal.theme: the main colour under white text and as links, the
# accent as the focus ring), until staff choose theirs (portal.site_identity).
PORTAL_COLORS = {"primary": "#005a8c", "accent": "#b3361f"}

# No browser call to wagtail.org from the admin: the map tiles are the only third-party
# resource.
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
# backend). Several gunicorn workers or hosts need a shared cache so that rate-limit
# counters (portal.spam) and the map feed's cached bodies are shared: the production
# settings use the database cache when REDIS_URL is unset.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "portal.redis_cache.ReusedClientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("PORTAL_CACHE_PREFIX", "portal"),
        }
    }

# Page cache (portal.page_cache): anonymous views of the home, map, action and diagnostic
# pages served from the default cache above, purged whenever content changes. Lifetimes
# in seconds: a page without query string, a query-string variant (filters, list pages:
# short, they are many), a live counter (numbers of actions shown on pages). MAX_AGE > 0
# adds "Cache-Control: public, max-age=N" to cached pages, for browsers and a CDN.
PORTAL_PAGE_CACHE_ENABLED = env_bool("PORTAL_PAGE_CACHE_ENABLED", True)
PORTAL_PAGE_CACHE_SECONDS = int(os.environ.get("PORTAL_PAGE_CACHE_SECONDS", "") or 600)
PORTAL_PAGE_CACHE_QUERY_SECONDS = int(
    os.environ.get("PORTAL_PAGE_CACHE_QUERY_SECONDS", "") or 60
)
PORTAL_PAGE_CACHE_MAX_AGE = int(os.environ.get("PORTAL_PAGE_CACHE_MAX_AGE", "") or 0)
PORTAL_LIVE_COUNT_SECONDS = int(os.environ.get("PORTAL_LIVE_COUNT_SECONDS", "") or 60)
