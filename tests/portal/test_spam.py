"""Spam protection (portal.spam) on the public form "Ajouter une action": honeypot and
rate limit, with no IP address stored anywhere."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import RequestFactory

from tests.initiatives.test_public_submission import (
    ADD_URL,
    clear_cache,  # noqa: F401  (autouse fixture: an empty cache for each test)
    stored_counts,
    valid_data,
)


@pytest.fixture
def map_page(db):
    """The demo map page (/carte/), which carries the form "Ajouter une action"."""
    from initiatives.models import InitiativeIndexPage

    return InitiativeIndexPage.objects.get(slug="carte")


def test_client_key_is_an_hmac_of_the_address_never_the_address(settings):
    from portal.spam import client_key

    factory = RequestFactory()
    one = factory.post("/", REMOTE_ADDR="203.0.113.7")
    other = factory.post("/", REMOTE_ADDR="203.0.113.8")
    key = client_key("g", one)
    assert len(key) == 64 and "203.0.113" not in key
    assert key == client_key("g", factory.post("/", REMOTE_ADDR="203.0.113.7"))
    assert key != client_key("g", other)
    # Keyed by SECRET_KEY: another installation cannot recompute it.
    settings.SECRET_KEY = "another-secret"
    assert client_key("g", one) != key


def test_honeypot_detection():
    from portal.spam import honeypot_filled

    assert honeypot_filled({"site_web": "http://spam.example"})
    assert not honeypot_filled({"site_web": "  "})
    assert not honeypot_filled({})


@pytest.mark.django_db
def test_a_filled_honeypot_is_refused_with_a_clear_message_and_stores_nothing(
    client, map_page, django_capture_on_commit_callbacks
):
    before = stored_counts()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ADD_URL, valid_data(site_web="http://casino.example"))
    assert response.status_code == 400
    assert "Votre envoi a été refusé car il ressemble à un envoi automatique" in response.text
    assert stored_counts() == before
    assert mail.outbox == []


@pytest.mark.django_db
def cache_contents():
    """Every key and value of the default cache as one str (LocMem or Redis)."""
    backend = cache._cache
    if hasattr(backend, "items"):  # LocMemCache: a dict
        return repr(list(backend.items()))
    redis = backend.get_client(None)  # django.core.cache.backends.redis
    return repr([(key, redis.get(key)) for key in redis.scan_iter()])


def test_the_rate_limit_refuses_a_client_after_n_posts_and_stores_nothing(
    client, map_page, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_SUBMISSION_RATE = "2/h"
    address = "198.51.100.23"
    before = stored_counts()
    # Different actions each time: the same answers again from this browser would be a
    # resend, answered with the thank-you page (portal.once).
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(2):
            response = client.post(ADD_URL, valid_data(title=f"Action {n}"), REMOTE_ADDR=address)
            assert response.status_code == 302
        response = client.post(ADD_URL, valid_data(title="Action 3"), REMOTE_ADDR=address)
    assert response.status_code == 429
    assert "Vous avez envoyé ce formulaire trop de fois en peu de temps" in response.text
    assert "rien n’a été enregistré" in response.text
    assert stored_counts()[2] == before[2] + 2
    assert len(mail.outbox) == 2

    # Another client is not limited.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ADD_URL, valid_data(), REMOTE_ADDR="198.51.100.24")
    assert response.status_code == 302

    # The address is nowhere: not in the cache keys or values, not in the database.
    cached = cache_contents()
    assert address not in cached
    from initiatives.submitters import InitiativeSubmitter

    assert address not in repr(list(InitiativeSubmitter.objects.values_list()))


@pytest.mark.django_db
def test_invalid_posts_do_not_count_against_the_limit(
    client, map_page, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_SUBMISSION_RATE = "1/h"
    for _ in range(3):
        assert client.post(ADD_URL, valid_data(title="")).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(ADD_URL, valid_data()).status_code == 302


@pytest.mark.django_db
def test_an_unreadable_client_address_lets_the_post_through_instead_of_500(settings, caplog):
    from portal.spam import rate_limited

    settings.RATELIMIT_IP_META_KEY = "HTTP_X_REAL_IP"  # a header the proxy did not set
    request = RequestFactory().post("/")
    assert rate_limited(request, "tests.unreadable", "1/h") is False
    assert rate_limited(request, "tests.unreadable", "1/h") is False
    assert "the client address cannot be read" in caplog.text
