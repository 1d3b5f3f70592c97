"""A CDN or caching proxy purged on publish (Wagtail's frontend cache), configured from the
environment (portal.frontend_cache_settings, production settings)."""

import pytest

from portal.frontend_cache_settings import frontend_cache_backends
from tests.portal.test_storage_settings import production_settings

APP = "wagtail.contrib.frontend_cache"
B = "wagtail.contrib.frontend_cache.backends."


def test_nothing_configured_means_no_backend():
    assert frontend_cache_backends({}) == {}
    assert frontend_cache_backends({"PORTAL_FRONTEND_CACHE_PURGE_URL": " , "}) == {}


def test_each_purge_url_is_an_http_backend():
    backends = frontend_cache_backends(
        {"PORTAL_FRONTEND_CACHE_PURGE_URL": "http://10.0.0.5:6081, http://10.0.0.6:6081"})
    assert backends == {
        "http1": {"BACKEND": B + "HTTPBackend", "LOCATION": "http://10.0.0.5:6081"},
        "http2": {"BACKEND": B + "HTTPBackend", "LOCATION": "http://10.0.0.6:6081"},
    }


def test_cloudflare_and_cloudfront():
    backends = frontend_cache_backends({
        "PORTAL_CLOUDFLARE_ZONE_ID": "zone", "PORTAL_CLOUDFLARE_BEARER_TOKEN": "token",
        "PORTAL_CLOUDFRONT_DISTRIBUTION_ID": "E123"})
    assert backends == {
        "cloudflare": {"BACKEND": B + "CloudflareBackend", "ZONEID": "zone", "BEARER_TOKEN": "token"},
        "cloudfront": {"BACKEND": B + "CloudfrontBackend", "DISTRIBUTION_ID": "E123"},
    }


def test_cloudflare_half_configured_is_refused():
    with pytest.raises(ValueError, match="PORTAL_CLOUDFLARE_BEARER_TOKEN"):
        frontend_cache_backends({"PORTAL_CLOUDFLARE_ZONE_ID": "zone"})


def test_production_installs_the_app_only_when_configured():
    plain = production_settings()
    assert APP not in plain["apps"] and plain["frontend"] == {}
    purged = production_settings(PORTAL_FRONTEND_CACHE_PURGE_URL="http://127.0.0.1:6081")
    assert APP in purged["apps"]
    assert purged["frontend"] == {
        "http1": {"BACKEND": B + "HTTPBackend", "LOCATION": "http://127.0.0.1:6081"}}
