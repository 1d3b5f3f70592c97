"""System checks of the portal's own settings (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Warning, register

from .network import trusted_proxy_count


@register(deploy=True)
def dpo_contact_check(app_configs, **kwargs):
    """Warn (``portal.W001``) when ``PORTAL_DPO_CONTACT`` is empty: the privacy notices
    must give the data protection officer's contact details (RGPD art. 13.1.b). Output:
    list of django.core.checks.Warning (empty when set)."""
    if (getattr(settings, "PORTAL_DPO_CONTACT", "") or "").strip():
        return []
    return [Warning(
        "PORTAL_DPO_CONTACT is empty: the privacy notices give no contact for the data "
        "protection officer (GDPR art. 13.1.b).",
        hint="Set PORTAL_DPO_CONTACT to the DPO's e-mail or postal address.",
        id="portal.W001",
    )]


#: Cache backends private to one process: each gunicorn worker would count on its own.
PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(deploy=True)
def rate_limit_checks(app_configs, **kwargs):
    """Warn when the public forms' rate limits would not count per resident across the
    whole site. Output: list of django.core.checks.Warning (empty when configured).

    - ``portal.W002``: the rate-limit cache (``RATELIMIT_USE_CACHE``, default
      ``"default"``) is per-process memory: with n workers each limit is multiplied by n.
    - ``portal.W003``: ``PORTAL_TRUSTED_PROXY_COUNT`` is 0: behind a reverse proxy every
      resident has the proxy's address and shares one counter.
    """
    warnings = []
    alias = getattr(settings, "RATELIMIT_USE_CACHE", "default")
    backend = settings.CACHES.get(alias, {}).get("BACKEND", "")
    if backend in PER_PROCESS_CACHES:
        warnings.append(Warning(
            f"The cache {alias!r} used by the rate limits is private to each process "
            f"({backend}): each worker counts on its own, multiplying every limit.",
            hint="Set REDIS_URL, or use django.core.cache.backends.db.DatabaseCache "
                 "(the production settings' default) and run manage.py createcachetable.",
            id="portal.W002",
        ))
    if trusted_proxy_count() == 0:
        warnings.append(Warning(
            "PORTAL_TRUSTED_PROXY_COUNT is 0: the rate limits count per REMOTE_ADDR. "
            "Behind a reverse proxy every resident has the proxy's address and shares "
            "one counter.",
            hint="Set PORTAL_TRUSTED_PROXY_COUNT to the number of reverse proxies of your "
                 "own in front of gunicorn (each appending to X-Forwarded-For).",
            id="portal.W003",
        ))
    return warnings


@register(deploy=True)
def page_cache_check(app_configs, **kwargs):
    """Warn (``portal.W010``) when the page cache is on and the default cache is private to
    each process: a publication would purge the pages of the process that handled it
    only, the others serving the old pages until they expire. Output: list of
    django.core.checks.Warning (empty when shared or off)."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if not getattr(settings, "PORTAL_PAGE_CACHE_ENABLED", True) or backend not in PER_PROCESS_CACHES:
        return []
    return [Warning(
        f"The page cache keeps pages in each process's memory ({backend}): a publication "
        "is seen at once only by the worker that handled it.",
        hint="Set REDIS_URL, or use django.core.cache.backends.db.DatabaseCache (the "
             "production settings' default), or set PORTAL_PAGE_CACHE_ENABLED=0.",
        id="portal.W010",
    )]
