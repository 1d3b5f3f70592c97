"""``check --deploy`` warns when PORTAL_BASE_URL is not the public https address."""

import pytest

from portal.checks import base_url_check


@pytest.mark.parametrize("url, warned", [
    ("http://127.0.0.1:8000", True),
    ("http://solidarites.example.fr", True),
    ("https://localhost", True),
    ("https://solidarites.example.fr", False),
])
def test_base_url_check(settings, url, warned):
    settings.PORTAL_BASE_URL = url
    assert [w.id for w in base_url_check(None)] == (["portal.W002"] if warned else [])
