"""Purging a CDN or caching proxy in front of the site when a page is published or
unpublished (Wagtail's ``wagtail.contrib.frontend_cache``), configured from the
environment.

Environment variables read (all optional; each one set adds a backend, several may be
combined):

- ``PORTAL_FRONTEND_CACHE_PURGE_URL``: comma-separated addresses of caching proxies that
  accept HTTP ``PURGE`` requests (Varnish, nginx with a purge module), e.g.
  ``http://10.0.0.5:6081``; each receives ``PURGE <page path>`` with the page's ``Host``;
- ``PORTAL_CLOUDFLARE_ZONE_ID`` with ``PORTAL_CLOUDFLARE_BEARER_TOKEN``: a Cloudflare zone
  and an API token allowed "Zone.Cache Purge";
- ``PORTAL_CLOUDFRONT_DISTRIBUTION_ID``: an Amazon CloudFront distribution (credentials from
  boto3's chain: ``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY`` or an instance role).
"""

BACKENDS = "wagtail.contrib.frontend_cache.backends."


def frontend_cache_backends(environ):
    """The ``WAGTAILFRONTENDCACHE`` setting for these environment variables.

    Input: a mapping of environment variables (``os.environ``); empty values count as
    unset. Output: dict of backend name -> Wagtail backend settings (``BACKEND`` dotted
    path plus its parameters); empty when nothing is configured, in which case the app
    is not installed at all. Raises ``ValueError`` (at start-up, for the operator) when
    only one of the two Cloudflare variables is set.
    """
    get = lambda name: (environ.get(name) or "").strip()  # noqa: E731
    backends = {}
    urls = [url.strip() for url in get("PORTAL_FRONTEND_CACHE_PURGE_URL").split(",") if url.strip()]
    for number, url in enumerate(urls, start=1):
        backends[f"http{number}"] = {"BACKEND": BACKENDS + "HTTPBackend", "LOCATION": url}
    zone, token = get("PORTAL_CLOUDFLARE_ZONE_ID"), get("PORTAL_CLOUDFLARE_BEARER_TOKEN")
    if bool(zone) != bool(token):
        raise ValueError(
            "PORTAL_CLOUDFLARE_ZONE_ID and PORTAL_CLOUDFLARE_BEARER_TOKEN go together")
    if zone:
        backends["cloudflare"] = {
            "BACKEND": BACKENDS + "CloudflareBackend", "ZONEID": zone, "BEARER_TOKEN": token}
    if get("PORTAL_CLOUDFRONT_DISTRIBUTION_ID"):
        backends["cloudfront"] = {
            "BACKEND": BACKENDS + "CloudfrontBackend",
            "DISTRIBUTION_ID": get("PORTAL_CLOUDFRONT_DISTRIBUTION_ID")}
    return backends
