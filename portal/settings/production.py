"""Production settings: every secret and host comes from the environment.

Required: SECRET_KEY, ALLOWED_HOSTS (comma-separated), DATABASE_URL (PostgreSQL).
Optional: media on S3-compatible storage (PORTAL_S3_*, portal.storage_settings), a CDN
or caching proxy purged on publish (portal.frontend_cache_settings); README, "Déploiement".
Without REDIS_URL the cache is Django's database cache: run
``manage.py createcachetable`` before ``migrate`` (migrate's post_migrate handlers use
the cache). ``PORTAL_LOG_FORMAT``: ``json`` (default, one JSON object per line) or
``text``.
"""

from portal.frontend_cache_settings import frontend_cache_backends
from portal.storage_settings import default_storage, media_origins

from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]  # noqa: F405
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]  # noqa: F405
CSRF_TRUSTED_ORIGINS = [WAGTAILADMIN_BASE_URL]  # noqa: F405

# Media on the local disk (MEDIA_ROOT, PORTAL_MEDIA_ROOT), or on S3-compatible object
# storage when PORTAL_S3_BUCKET is set (portal.storage_settings).
STORAGES = {
    "default": default_storage(os.environ),  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Documents always go through Wagtail's serve view, wherever they are stored: it checks
# the privacy of their collection and streams the file (never a redirect to the bucket).
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# A CDN or caching proxy purged on publish and unpublish, when configured
# (portal.frontend_cache_settings): the app is installed only then.
WAGTAILFRONTENDCACHE = frontend_cache_backends(os.environ)  # noqa: F405
if WAGTAILFRONTENDCACHE:
    INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.contrib.frontend_cache"]  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)  # noqa: F405
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))  # noqa: F405
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading HSTS binds the whole domain (often the département's main one) for years:
# the operator decides, so the check that asks for it is silenced.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)  # noqa: F405
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Served over HTTPS only: browsers fetch any http:// subresource over HTTPS instead.
# Images may also come from the object storage's host (portal.storage_settings).
_MEDIA_ORIGINS = media_origins(os.environ)  # noqa: F405
CONTENT_SECURITY_POLICY = {"DIRECTIVES": {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],  # noqa: F405
    "img-src": [*CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"], *_MEDIA_ORIGINS],  # noqa: F405
    "upgrade-insecure-requests": True}}
PORTAL_ADMIN_CONTENT_SECURITY_POLICY = {"DIRECTIVES": {
    **PORTAL_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"],  # noqa: F405
    "img-src": [*PORTAL_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"], *_MEDIA_ORIGINS],  # noqa: F405
    "upgrade-insecure-requests": True}}

# Rate-limit counters must be shared by every gunicorn worker: never per-process memory.
if not os.environ.get("REDIS_URL"):  # noqa: F405
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
            # Django's default (300 rows) would let cached pages (portal.page_cache)
            # push out rate-limit counters: past the limit it deletes a third of the
            # rows by key order, whatever they hold.
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PORTAL_CACHE_MAX_ENTRIES", "") or 20000)},  # noqa: F405
        }
    }

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")  # noqa: F405
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))  # noqa: F405
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")  # noqa: F405
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")  # noqa: F405
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)  # noqa: F405

# Log lines: one JSON object per line unless PORTAL_LOG_FORMAT=text (portal.log_format).
# Every handler redacts private links first (portal.log_filters); gunicorn's access and
# error logs do the same, in the same format (gunicorn.conf.py).
from portal.log_format import formatter_config, log_format  # noqa: E402

PORTAL_LOG_FORMAT = log_format()
LOGGING = with_redaction({  # noqa: F405
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "formatters": {"portal": formatter_config(PORTAL_LOG_FORMAT)},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "portal"},
        # Django's default e-mail to ADMINS on server errors, here redacted as well.
        "mail_admins": {"level": "ERROR", "filters": ["require_debug_false"],
                        "class": "django.utils.log.AdminEmailHandler"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},  # noqa: F405
    "loggers": {
        # Replaces Django's default handlers of "django" (console when DEBUG, e-mail);
        # its lines reach the root's console.
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        # One line per background task run is noise at INFO.
        "django_tasks": {"level": "WARNING"},
    },
})
