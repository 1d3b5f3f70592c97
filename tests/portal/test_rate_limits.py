"""Rate limits of the public forms in production: one counter per resident (behind the
reverse proxy, from X-Forwarded-For), shared by every worker process (a shared cache),
and deploy checks that warn when either is missing."""

import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings as django_settings
from django.test import Client

from tests.consultation.conftest import read_token
from tests.portal.test_once import questionnaire_answers

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


def answer_through_proxy(client, resident):
    """GET then POST the questionnaire as ``resident`` (an IP address str) behind one
    proxy at PROXY. Output: the POST response."""
    meta = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": resident}
    token = read_token(client.get("/consultation/", **meta))
    return client.post("/consultation/", {"form_token": token, **questionnaire_answers()},
                       **meta)


def test_100_residents_behind_one_proxy_are_all_accepted(settings):
    from consultation.models import ConsultationSubmission

    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    settings.PORTAL_CONSULTATION_RATE = "2/h"
    statuses = [
        answer_through_proxy(Client(), f"198.51.{n // 250}.{n % 250 + 1}").status_code
        for n in range(100)
    ]
    assert statuses == [302] * 100
    assert ConsultationSubmission.objects.count() == 100


def test_one_resident_over_the_limit_is_refused_in_french_and_nothing_is_stored(settings):
    from consultation.models import ConsultationSubmission

    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    settings.PORTAL_CONSULTATION_RATE = "2/h"
    # A new browser each time (a desk's residents): no replay cookie.
    statuses = [answer_through_proxy(Client(), "203.0.113.9").status_code for _ in range(2)]
    refused = answer_through_proxy(Client(), "203.0.113.9")
    assert statuses + [refused.status_code] == [302, 302, 429]
    assert "Vous avez envoyé ce formulaire trop de fois en peu de temps" in \
        refused.content.decode()
    assert ConsultationSubmission.objects.count() == 2
    # Another resident through the same proxy is not limited.
    assert answer_through_proxy(Client(), "203.0.113.10").status_code == 302


def test_a_ccas_desk_is_not_refused_by_the_default_limits():
    """One shared address, a resident every 10 minutes all day long, and an evening
    workshop of 6 computers each sending an answer every 10 minutes: within the rates."""
    from django_ratelimit.core import _split_rate

    for name in ("PORTAL_CONSULTATION_RATE", "PORTAL_SUBMISSION_RATE"):
        count, seconds = _split_rate(getattr(django_settings, name))
        assert count / seconds * 3600 >= 36, name


REDIS_URL = os.environ.get("REDIS_URL", "")


@pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set (CI sets it)")
def test_two_processes_share_the_counter_through_redis(settings, rf):
    """Two cache clients with their own connections (as two gunicorn workers have) count
    together: the third post is refused whichever worker gets it."""
    from django.core.cache import caches

    from portal.spam import rate_limited

    prefix = f"test-{uuid.uuid4().hex}"
    backend = {"BACKEND": "portal.redis_cache.ReusedClientRedisCache",
               "LOCATION": REDIS_URL, "KEY_PREFIX": prefix}
    settings.CACHES = {**django_settings.CACHES, "worker_a": backend, "worker_b": dict(backend)}
    assert caches["worker_a"] is not caches["worker_b"]
    request = rf.post("/", REMOTE_ADDR="203.0.113.50")
    results = []
    for worker in ("worker_a", "worker_b", "worker_a", "worker_b"):
        settings.RATELIMIT_USE_CACHE = worker
        results.append(rate_limited(request, "tests.shared", "2/h"))
    assert results == [False, False, True, True]
    caches["worker_a"].clear()


def production_setting(expression, **env):
    """Evaluate ``expression`` on django.conf.settings in a fresh process with the
    production settings and ``env``. Output: its repr (str)."""
    environment = {
        key: value for key, value in os.environ.items()
        if key not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(DJANGO_SETTINGS_MODULE="portal.settings.production",
                       SECRET_KEY="x" * 50, **env)
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    return subprocess.run([sys.executable, "-c", code], env=environment, check=True,
                          capture_output=True, text=True).stdout.strip()


def test_production_counts_in_a_shared_cache_never_in_process_memory():
    backend = "settings.CACHES['default']['BACKEND']"
    assert production_setting(backend) == "django.core.cache.backends.db.DatabaseCache"
    assert production_setting(backend, REDIS_URL="redis://127.0.0.1:6379/9") == \
        "portal.redis_cache.ReusedClientRedisCache"


def test_deploy_checks_warn_about_process_memory_and_a_missing_proxy_count(settings):
    from portal.checks import rate_limit_checks

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.PORTAL_TRUSTED_PROXY_COUNT = 0
    warnings = {warning.id: warning for warning in rate_limit_checks(None)}
    assert set(warnings) == {"portal.W002", "portal.W003"}
    assert "REDIS_URL" in warnings["portal.W002"].hint
    assert "PORTAL_TRUSTED_PROXY_COUNT" in warnings["portal.W003"].hint


def test_deploy_checks_are_quiet_when_configured(settings):
    from portal.checks import rate_limit_checks

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                                   "LOCATION": "portal_cache"}}
    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    assert rate_limit_checks(None) == []
