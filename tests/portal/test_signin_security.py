"""Sign-in security of the admin: lockout after repeated failures (django-axes, per
e-mail + client address), throttled password-reset e-mails, 12-character passwords and
the idle session timeout."""

from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

pytestmark = pytest.mark.django_db

EMAIL = "agent@example.org"
PASSWORD = "un-mot-de-passe-long"


@pytest.fixture
def agent(make_user):
    return make_user(EMAIL, is_staff=True, is_superuser=True, password=PASSWORD)


def sign_in(client, email=EMAIL, password=PASSWORD, address="203.0.113.7"):
    return client.post("/admin/login/", {"username": email, "password": password},
                       REMOTE_ADDR=address)


# Lockout ------------------------------------------------------------------------------

def test_five_failures_lock_the_address_and_email_pair_with_a_french_page(client, agent):
    for _ in range(4):
        response = sign_in(client, password="pas-le-bon-mot")
        assert response.status_code == 200
    locked = sign_in(client, password="pas-le-bon-mot")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Trop de tentatives de connexion" in html
    assert "15 minutes" in html
    # Even the right password is refused during the cool-off, and nobody is signed in.
    refused = sign_in(client)
    assert refused.status_code == 429
    assert client.get("/admin/").status_code == 302


def test_lockout_keeps_other_addresses_and_other_accounts_open(client, agent, make_user):
    make_user("collegue@example.org", is_staff=True, is_superuser=True, password=PASSWORD)
    for _ in range(5):
        sign_in(client, password="pas-le-bon-mot")
    assert sign_in(client).status_code == 429
    # The same staff member from another address (e.g. another site of the département).
    assert sign_in(client, address="198.51.100.20").status_code == 302
    client.logout()
    # A colleague behind the same address.
    assert sign_in(client, email="collegue@example.org").status_code == 302


def test_lockout_ignores_the_case_of_the_email(client, agent):
    for index in range(5):
        sign_in(client, email=EMAIL.upper() if index % 2 else EMAIL, password="pas-le-bon")
    assert sign_in(client).status_code == 429


def test_success_resets_the_failure_count(client, agent):
    for _ in range(4):
        sign_in(client, password="pas-le-bon-mot")
    assert sign_in(client).status_code == 302
    client.logout()
    for _ in range(4):
        assert sign_in(client, password="pas-le-bon-mot").status_code == 200
    assert sign_in(client).status_code == 302


@override_settings(PORTAL_TRUSTED_PROXY_COUNT=1)
def test_lockout_counts_the_client_behind_the_trusted_proxy(client, agent):
    def through_proxy(resident, password):
        return client.post("/admin/login/", {"username": EMAIL, "password": password},
                           REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=resident)

    for _ in range(5):
        through_proxy("203.0.113.7", "pas-le-bon-mot")
    assert through_proxy("203.0.113.7", PASSWORD).status_code == 429
    # Another resident behind the same proxy is not locked out.
    assert through_proxy("198.51.100.20", PASSWORD).status_code == 302


# Password reset -----------------------------------------------------------------------

def reset(client, email, address="203.0.113.7"):
    return client.post("/admin/password_reset/", {"email": email}, REMOTE_ADDR=address)


def test_password_reset_is_enabled_and_sends_the_mail(client, agent):
    response = reset(client, EMAIL)
    assert response.status_code == 302
    assert len(mail.outbox) == 1


def test_password_reset_mails_per_email_address_are_limited(client, agent):
    for index in range(3):
        assert reset(client, EMAIL, address=f"203.0.113.{index + 1}").status_code == 302
    refused = reset(client, EMAIL, address="203.0.113.50")
    assert refused.status_code == 200
    assert "Trop de demandes de réinitialisation" in refused.content.decode()
    assert len(mail.outbox) == 3


def test_password_reset_requests_per_client_are_limited(client, agent):
    for index in range(5):
        assert reset(client, f"inconnu{index}@example.org").status_code == 302
    refused = reset(client, EMAIL)
    assert refused.status_code == 200
    assert "Trop de demandes de réinitialisation" in refused.content.decode()
    assert mail.outbox == []


def test_password_reset_limit_does_not_reveal_whether_the_address_exists(client, agent):
    answers = []
    for email in (EMAIL, "personne@example.org"):
        statuses = [reset(client, email, address=f"198.51.100.{n}").status_code
                    for n in range(4)]
        answers.append(statuses)
    assert answers[0] == answers[1] == [302, 302, 302, 200]


# Passwords and sessions ---------------------------------------------------------------

def test_an_eleven_character_password_is_refused_in_french():
    with pytest.raises(ValidationError) as error:
        validate_password("kx7-pq2-zm9")
    assert ("Ce mot de passe est trop court. Il doit contenir au minimum 12 caractères."
            in error.value.messages)
    validate_password("kx7-pq2-zm9-w")


def test_local_logins_passwords_pass_the_validators():
    from portal.management.commands.create_local_logins import LOGINS

    for _email, password, *_rest in LOGINS:
        validate_password(password)


def stored_session(client):
    return Session.objects.get(session_key=client.session.session_key)


def test_an_idle_admin_session_is_signed_out(client, agent, settings):
    assert settings.SESSION_COOKIE_AGE == settings.PORTAL_SESSION_IDLE_SECONDS
    client.force_login(agent)
    assert client.get("/admin/").status_code == 200
    expected = timezone.now() + timedelta(seconds=settings.PORTAL_SESSION_IDLE_SECONDS)
    assert abs((stored_session(client).expire_date - expected).total_seconds()) < 60
    # Idle for longer than that: the session is gone.
    Session.objects.filter(pk=stored_session(client).pk).update(
        expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_using_the_admin_pushes_the_expiry_ahead_at_most_once_a_minute(client, agent,
                                                                       settings):
    client.force_login(agent)
    client.get("/admin/")
    soon = timezone.now() + timedelta(minutes=5)
    Session.objects.filter(pk=stored_session(client).pk).update(expire_date=soon)
    # Within the minute: no write (concurrent admin requests would race on the row).
    client.get("/admin/")
    assert stored_session(client).expire_date == soon
    # Later: the next request pushes the expiry one idle period ahead.
    session = client.session
    session["_portal_refreshed"] -= 61
    session.save()
    Session.objects.filter(pk=stored_session(client).pk).update(expire_date=soon)
    assert client.get("/admin/").status_code == 200
    expected = timezone.now() + timedelta(seconds=settings.PORTAL_SESSION_IDLE_SECONDS)
    assert abs((stored_session(client).expire_date - expected).total_seconds()) < 60


def test_idle_timeout_defaults_to_two_hours():
    from django.conf import settings

    assert settings.PORTAL_SESSION_IDLE_SECONDS == 2 * 60 * 60
