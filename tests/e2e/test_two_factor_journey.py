"""Browser journey: a staff member turns on two-step verification from their account
page (key typed by hand, as someone who cannot scan the QR code), signs out, signs in
again and is asked for the code before the admin opens. axe-core finds no violation on
the enrolment and verification pages (RGAA 4.1 / WCAG 2.1 AA)."""

import base64

import pytest

from tests.e2e.conftest import axe_violations, describe, sign_in_to_admin

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EMAIL = "agent-2fa@example.org"
PASSWORD = "mot-de-passe-long-42"


def current_code(secret_text):
    """The code (str, 6 digits) an authenticator app shows now for ``secret_text``."""
    from django_otp.oath import totp

    key = secret_text.replace(" ", "")
    key = base64.b32decode(key + "=" * (-len(key) % 8))
    return str(totp(key)).zfill(6)


def test_staff_member_turns_on_two_step_verification_and_signs_in_with_a_code(page, make_user):
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from playwright.sync_api import expect

    make_user(EMAIL, is_staff=True, is_superuser=True, password=PASSWORD)
    sign_in_to_admin(page, EMAIL, PASSWORD)

    page.goto(page.base_url + "/admin/account/")
    page.get_by_role("tab", name="Plus d'actions").click()
    page.get_by_role("link", name="Vérification en deux étapes").click()
    page.wait_for_url("**/admin/deux-etapes/")
    assert page.get_by_role("img", name="QR code à scanner avec votre application").count() == 1
    violations = axe_violations(page, "main")
    assert violations == [], describe(violations)

    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label("Code à 6 chiffres").fill(
        "000000" if current_code(secret) != "000000" else "111111")
    page.get_by_role("button", name="Activer la vérification en deux étapes").click()
    expect(page.get_by_text("Ce code n’est pas valide").first).to_be_visible()
    page.wait_for_timeout(1100)  # django-otp makes the next try wait 1 s after a wrong one
    page.get_by_label("Code à 6 chiffres").fill(current_code(secret))
    page.get_by_role("button", name="Activer la vérification en deux étapes").click()
    page.wait_for_url("**/admin/account/")

    # Sign out, then in again: the code is asked before anything else.
    page.context.clear_cookies()
    TOTPDevice.objects.update(last_t=-1)  # as if the next 30-second code had come
    page.goto(page.base_url + "/admin/login/")
    page.get_by_label("Adresse e-mail").fill(EMAIL)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="S'identifier").click()
    page.wait_for_url("**/admin/deux-etapes/verification/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Vérification en deux étapes"
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    page.goto(page.base_url + "/admin/comite/")
    page.wait_for_url("**/admin/deux-etapes/verification/**")

    page.get_by_label("Code à 6 chiffres").fill(current_code(secret))
    page.get_by_role("button", name="Vérifier").click()
    page.wait_for_url("**/admin/comite/")
