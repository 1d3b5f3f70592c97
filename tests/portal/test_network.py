"""The client's address behind trusted reverse proxies (portal.network.client_ip)."""

import pytest
from django.test import RequestFactory

from portal.network import client_ip


def request_from(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_proxy_the_remote_address_is_the_client(settings):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


@pytest.mark.parametrize("forwarded, expected", [
    ("198.51.100.20", "198.51.100.20"),
    # The client wrote a false entry first; the proxy appended the real one.
    ("10.9.9.9, 198.51.100.20", "198.51.100.20"),
    (" 2001:db8::1 ", "2001:db8::1"),
])
def test_one_proxy_reads_the_entry_it_appended(settings, forwarded, expected):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from("10.0.0.2", forwarded)) == expected


def test_two_proxies_read_the_second_entry_from_the_right(settings):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 2
    request = request_from("10.0.0.3", "1.2.3.4, 198.51.100.20, 10.0.0.2")
    assert client_ip(request) == "198.51.100.20"


@pytest.mark.parametrize("forwarded", [None, "", "not-an-address", "unknown, 10.0.0.1"])
def test_a_request_that_bypassed_the_proxy_falls_back_to_remote_addr(settings, forwarded):
    settings.PORTAL_TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from("10.0.0.2", forwarded)) == "10.0.0.2"
