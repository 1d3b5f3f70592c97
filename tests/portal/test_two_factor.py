"""Optional two-step verification (TOTP) of staff: enrolment from the account page, the
code asked after the password, the gate on every admin URL, throttled wrong codes."""

import base64
import re

import pytest
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import Page, PageViewRestriction

pytestmark = pytest.mark.django_db

EMAIL = "agent-2fa@example.org"
PASSWORD = "un-mot-de-passe-long"
VERIFY = "/admin/deux-etapes/verification/"


def code(device, shift=0):
    """The 6-digit code (str) ``device`` accepts now (``shift`` steps later)."""
    device.refresh_from_db()
    return str(totp(device.bin_key, device.step, device.t0, device.digits,
                    device.drift + shift)).zfill(6)


def wrong_code(device):
    """A 6-digit code that ``device`` refuses (none of the codes around now)."""
    accepted = {code(device, shift) for shift in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in accepted)


@pytest.fixture
def agent(make_user):
    return make_user(EMAIL, is_staff=True, is_superuser=True, password=PASSWORD,
                     first_name="Agent")


@pytest.fixture
def device(agent):
    return TOTPDevice.objects.create(user=agent, name="Téléphone", confirmed=True)


def sign_in(client):
    return client.post("/admin/login/", {"username": EMAIL, "password": PASSWORD})


def field_errors_are_tied(html, field_id="id_otp_token"):
    """Whether the input ``field_id`` names, in aria-describedby, an element holding the
    error (Wagtail's formattedfield)."""
    match = re.search(rf'<input[^>]*id="{field_id}"[^>]*>', html)
    described = re.search(r'aria-describedby="([^"]+)"', match.group(0))
    return bool(described) and all(
        f'id="{ident}"' in html for ident in described.group(1).split())


# Users without a device ---------------------------------------------------------------

def test_a_user_without_device_signs_in_with_the_password_only(client, agent):
    assert sign_in(client).status_code == 302
    assert client.get("/admin/").status_code == 200
    # The verification page sends them on.
    response = client.get(VERIFY)
    assert response.status_code == 302 and response["Location"] == "/admin/"


# Sign-in of a user with a device ------------------------------------------------------

def test_a_user_with_a_device_is_asked_for_a_code_before_any_admin_page(client, device):
    response = sign_in(client)
    assert response.status_code == 302
    home = client.get(response["Location"])
    assert home.status_code == 302
    assert home["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    for url in ("/admin/pages/", "/admin/account/", "/admin/comite/",
                "/admin/comite/propositions-export.csv", "/admin/deux-etapes/",
                "/admin/users/"):
        blocked = client.get(url)
        assert blocked.status_code == 302, url
        assert blocked["Location"].startswith(VERIFY), url


def test_the_verification_page_is_french_and_accessible(client, device):
    sign_in(client)
    response = client.get(VERIFY + "?next=/admin/pages/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Vérification en deux étapes</h1>" in html
    assert re.search(r'<label[^>]*for="id_otp_token"[^>]*>\s*Code à 6 chiffres', html)
    assert 'autocomplete="one-time-code"' in html
    assert 'inputmode="numeric"' in html
    assert "Se déconnecter" in html
    assert "<script>" not in html  # no inline script (Content-Security-Policy)
    assert ' style="' not in html


def test_a_wrong_code_is_refused_with_the_error_tied_to_the_field(client, device):
    sign_in(client)
    response = client.post(VERIFY, {"otp_token": wrong_code(device), "next": "/admin/"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ce code n’est pas valide" in html
    assert field_errors_are_tied(html)
    assert client.get("/admin/").status_code == 302


def test_a_badly_formed_code_gets_a_french_error(client, device):
    sign_in(client)
    response = client.post(VERIFY, {"otp_token": "12ab"})
    assert response.status_code == 200
    assert "Le code est composé de 6 chiffres." in response.content.decode()
    response = client.post(VERIFY, {"otp_token": ""})
    assert "Saisissez le code à 6 chiffres affiché par votre application." in (
        response.content.decode())


def test_the_right_code_opens_the_admin_and_the_next_page(client, device):
    sign_in(client)
    response = client.post(VERIFY, {"otp_token": code(device), "next": "/admin/pages/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/comite/propositions-export.csv").status_code == 200


def test_next_never_leaves_the_site(client, device):
    sign_in(client)
    response = client.post(VERIFY, {"otp_token": code(device),
                                    "next": "https://attaquant.example/"})
    assert response["Location"] == "/admin/"


@override_settings(OTP_TOTP_THROTTLE_FACTOR=600)
def test_wrong_codes_are_throttled(client, device):
    sign_in(client)
    client.post(VERIFY, {"otp_token": wrong_code(device)})
    response = client.post(VERIFY, {"otp_token": code(device)})
    assert response.status_code == 200
    assert "Trop de codes erronés. Attendez" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_sign_out_from_the_verification_page(client, device):
    sign_in(client)
    response = client.post("/admin/logout/")
    assert response.status_code == 302
    assert client.get(VERIFY).status_code == 302
    assert client.get("/admin/").headers["Location"].startswith("/admin/login/")


def test_outside_the_admin_an_unverified_user_is_anonymous(client, device, home_page):
    private = home_page.get_children().live().first()
    PageViewRestriction.objects.create(page=private,
                                       restriction_type=PageViewRestriction.LOGIN)
    sign_in(client)
    response = client.get(private.url)
    assert response.status_code == 302
    assert "/login/" in response["Location"] or "/_util/login/" in response["Location"]
    client.post(VERIFY, {"otp_token": code(device)})
    assert client.get(Page.objects.get(pk=private.pk).url).status_code == 200


# Enrolment and removal ----------------------------------------------------------------

def test_the_account_page_links_to_two_step_verification(client, agent):
    client.force_login(agent)
    html = client.get("/admin/account/").content.decode()
    assert 'href="/admin/deux-etapes/"' in html
    assert "Vérification en deux étapes" in html


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)  # a person takes over 1 s to retype
def test_enrolment_shows_a_local_qr_code_and_the_key_then_confirms(client, agent):
    client.force_login(agent)
    response = client.get("/admin/deux-etapes/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "QR code à scanner avec votre application" in html
    assert "http" not in html[html.index("<svg"):html.index("</svg>")]
    device = TOTPDevice.objects.get(user=agent)
    assert device.confirmed is False
    secret = re.search(r'<code id="totp-secret">([A-Z2-7 ]+)</code>', html).group(1)
    key = secret.replace(" ", "")
    assert base64.b32decode(key + "=" * (-len(key) % 8)) == device.bin_key
    assert re.search(r'<label[^>]*for="id_otp_token"', html)
    # Reloading keeps the same key (the app may already hold it).
    client.get("/admin/deux-etapes/")
    assert TOTPDevice.objects.filter(user=agent).count() == 1

    refused = client.post("/admin/deux-etapes/", {"otp_token": wrong_code(device)})
    assert refused.status_code == 200
    assert "Ce code n’est pas valide" in refused.content.decode()
    device.refresh_from_db()
    assert device.confirmed is False

    confirmed = client.post("/admin/deux-etapes/", {"otp_token": code(device)})
    assert confirmed.status_code == 302
    assert confirmed["Location"] == "/admin/account/"
    device.refresh_from_db()
    assert device.confirmed is True
    # This session is verified: the admin stays open.
    assert client.get("/admin/").status_code == 200
    page = client.get("/admin/deux-etapes/").content.decode()
    assert "La vérification en deux étapes est activée" in page


def verified(client, user, device):
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)  # a person takes over 1 s to retype
def test_removal_needs_a_valid_code(client, agent, device):
    verified(client, agent, device)
    refused = client.post("/admin/deux-etapes/supprimer/", {"otp_token": wrong_code(device)})
    assert refused.status_code == 200
    assert "Ce code n’est pas valide" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=agent).exists()
    removed = client.post("/admin/deux-etapes/supprimer/", {"otp_token": code(device)})
    assert removed.status_code == 302
    assert not TOTPDevice.objects.filter(user=agent).exists()
    client.logout()
    assert sign_in(client).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_removal_is_post_only(client, agent, device):
    verified(client, agent, device)
    assert client.get("/admin/deux-etapes/supprimer/").status_code == 405


def test_an_administrator_removes_a_lost_device_with_a_command(client, agent, device):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("remove_two_factor", EMAIL.upper(), stdout=out)
    assert "1 authenticator app(s) removed" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=agent).exists()
    assert sign_in(client).status_code == 302
    assert client.get("/admin/").status_code == 200
    with pytest.raises(CommandError):
        call_command("remove_two_factor", "personne@example.org")


# Required for administrators (PORTAL_REQUIRE_2FA_FOR_SUPERUSERS) ----------------------

@override_settings(PORTAL_REQUIRE_2FA_FOR_SUPERUSERS=True, OTP_TOTP_THROTTLE_FACTOR=0)
def test_when_required_an_administrator_must_enrol_before_using_the_admin(client, agent,
                                                                         make_user):
    assert sign_in(client).status_code == 302
    for url in ("/admin/", "/admin/pages/", "/admin/comite/propositions-export.csv"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == "/admin/deux-etapes/", url
    page = client.get("/admin/deux-etapes/")
    assert page.status_code == 200
    assert "Les administrateurs doivent activer la vérification en deux étapes" in (
        page.content.decode())
    device = TOTPDevice.objects.get(user=agent)
    assert client.post("/admin/deux-etapes/", {"otp_token": code(device)}).status_code == 302
    assert client.get("/admin/").status_code == 200
    # Other staff are not concerned.
    client.logout()
    make_user("redaction@example.org", is_staff=True, password=PASSWORD,
              groups=["Rédaction"])
    client.post("/admin/login/", {"username": "redaction@example.org", "password": PASSWORD})
    assert client.get("/admin/").status_code == 200


def test_by_default_administrators_are_not_required_to_enrol(client, agent, settings):
    assert settings.PORTAL_REQUIRE_2FA_FOR_SUPERUSERS is False
    sign_in(client)
    assert client.get("/admin/").status_code == 200


def test_request_user_stays_one_lazy_object_deep_for_the_audit_log(rf, agent):
    """Wagtail's audit log unwraps one lazy object to find the model of ``request.user``;
    django-otp's middleware wraps Django's lazy user again, so ``log(instance=
    request.user)`` found no model and logged nothing. Our middleware keeps one level."""
    from django.contrib.auth.middleware import AuthenticationMiddleware
    from django.contrib.sessions.middleware import SessionMiddleware
    from django_otp.middleware import OTPMiddleware
    from wagtail.log_actions import registry
    from wagtail.models import ModelLogEntry

    from portal.accounts.middleware import TwoFactorMiddleware

    seen = {}

    def view(request):
        seen["model"] = registry.get_log_model_for_instance(request.user)
        seen["verified"] = request.user.is_verified()
        from django.http import HttpResponse
        return HttpResponse()

    chain = SessionMiddleware(AuthenticationMiddleware(OTPMiddleware(TwoFactorMiddleware(view))))
    request = rf.get("/")
    SessionMiddleware(lambda r: None).process_request(request)
    request.session["_auth_user_id"] = str(agent.pk)
    request.session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    request.session["_auth_user_hash"] = agent.get_session_auth_hash()
    request.session.save()
    request.COOKIES["sessionid"] = request.session.session_key
    chain(request)
    assert seen == {"model": ModelLogEntry, "verified": False}


def test_anonymous_visits_do_not_read_the_session(client, home_page):
    """The gate reads nothing for visitors without a session cookie: their responses
    keep no ``Vary: Cookie`` of ours, so shared caches keep one copy of public pages."""
    response = client.get(home_page.url)
    assert response.status_code == 200
    assert "cookie" not in response.get("Vary", "").lower()


# Audit log --------------------------------------------------------------------------

def two_factor_entries(user):
    """Wagtail audit entries about ``user``'s two-step verification: list of
    (action, message as the site history shows it, acting user's pk or None)."""
    from wagtail.models import ModelLogEntry

    entries = ModelLogEntry.objects.filter(
        action__startswith="portal.two_factor", object_id=str(user.pk)
    ).order_by("pk")
    return [(entry.action, entry.message, entry.user_id) for entry in entries]


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_turning_two_step_verification_on_and_off_is_in_the_site_history(
        client, agent, device):
    """Staff can tell when a colleague's second factor changed, and by whom (a command
    run by an administrator has no acting user)."""
    verified(client, agent, device)
    client.post("/admin/deux-etapes/supprimer/", {"otp_token": code(device)})
    assert two_factor_entries(agent) == [
        ("portal.two_factor.disable", "Vérification en deux étapes désactivée", agent.pk),
    ]
    client.get("/admin/deux-etapes/")
    new_device = TOTPDevice.objects.get(user=agent)
    client.post("/admin/deux-etapes/", {"otp_token": code(new_device)})
    from django.core.management import call_command

    call_command("remove_two_factor", EMAIL, stdout=__import__("io").StringIO())
    assert [entry[0] for entry in two_factor_entries(agent)] == [
        "portal.two_factor.disable", "portal.two_factor.enable", "portal.two_factor.disable",
    ]
    assert two_factor_entries(agent)[1][1] == "Vérification en deux étapes activée"
    assert two_factor_entries(agent)[2][2] is None
