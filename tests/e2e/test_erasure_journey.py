"""Browser journey: an administrator erases a resident's personal data (RGPD art. 17).
From "/admin/rgpd/" they type the address (other case, spaces around), read what was
found, tick the confirmation and erase; the message says what was erased; axe-core finds
no violation in the main region of the form and of the results (RGAA 4.1 / WCAG 2.1
AA)."""

import pytest

from tests.e2e.conftest import axe_violations, describe, sign_in_to_admin

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ADDRESS = "anne.dupont@example.org"


def test_administrator_finds_and_erases_an_address(page, make_user):
    from consultation.models import ConsultationContact, ConsultationPage, ConsultationSubmission

    answer = ConsultationSubmission.objects.create(
        page=ConsultationPage.objects.get(slug="consultation"), form_data={})
    ConsultationContact.objects.create(submission=answer, name="Anne", email=ADDRESS)
    make_user("admin-effacement@example.org", is_staff=True, is_superuser=True,
              password="pass-word-123")

    sign_in_to_admin(page, "admin-effacement@example.org", "pass-word-123")
    page.goto(page.base_url + "/admin/rgpd/")
    assert axe_violations(page, "main") == []
    page.get_by_label("Adresse électronique").fill("  Anne.Dupont@EXAMPLE.org ")
    page.get_by_role("button", name="Rechercher").click()

    main = page.locator("main")
    main.get_by_role("heading", name="1 élément lié à cette adresse").wait_for()
    assert f"Coordonnées de la réponse n° {answer.pk}" in main.inner_text()
    violations = axe_violations(page, "main")
    assert violations == [], describe(violations)

    page.get_by_label("Je confirme l'effacement : il est définitif.").check()
    page.get_by_role("button", name="Effacer définitivement").click()
    page.wait_for_url("**/admin/rgpd/")
    assert "Données personnelles effacées" in page.locator("body").inner_text()
    assert not ConsultationContact.objects.filter(email=ADDRESS).exists()
    assert ConsultationSubmission.objects.filter(pk=answer.pk).exists()
