"""Browser journey: on a phone, a committee member signs in and reaches a
consultation's answers from the "Comité" panel of the admin home, without opening the
sidebar that hides the admin menu at this width. The panel reads the number of answers
and the day and time of the last one (Europe/Paris); axe-core finds no violation in the
admin home's main region (RGAA 4.1 / WCAG 2.1 AA)."""

import datetime
import zoneinfo

import pytest

from tests.e2e.conftest import axe_violations, describe, sign_in_to_admin

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
#: Paris wall times of the stored answers; the last one is 22:10 on 30 June in UTC.
MOMENTS = [datetime.datetime(2020, 6, 29, 10, 15), datetime.datetime(2020, 7, 1, 0, 10)]


def test_member_on_a_phone_reaches_the_answers_from_the_home_panel(page, make_user):
    from consultation.models import ConsultationPage, ConsultationSubmission

    consultation = ConsultationPage.objects.get(slug="consultation")
    for moment in MOMENTS:
        submission = ConsultationSubmission.objects.create(page=consultation, form_data={})
        ConsultationSubmission.objects.filter(pk=submission.pk).update(
            submit_time=moment.replace(tzinfo=PARIS))
    make_user("comite-accueil@example.org", groups=["Comité Nouvelles solidarités"],
              password="pass-word-123")

    sign_in_to_admin(page, "comite-accueil@example.org", "pass-word-123")
    assert page.viewport_size["width"] == 390

    # The sidebar stays closed: its "Comité" menu item is not shown at this width.
    toggle = page.get_by_role("button", name="Afficher/masquer la barre latérale")
    assert toggle.get_attribute("aria-expanded") == "false"
    menu = page.get_by_role("navigation", name="Menu principal")
    menu_item = menu.get_by_role("link", name="Comité", exact=True)
    assert not menu_item.is_visible()

    panel = page.get_by_role("region", name="Comité")
    assert panel.is_visible()
    item = panel.locator(".committee-dashboard__item").first
    assert item.get_by_role("heading", level=3).inner_text() == consultation.title
    figures = item.locator(".committee-dashboard__figures").inner_text().splitlines()
    assert figures == ["2 réponses", "Dernière réponse : 1 juillet 2020 à 00:10"]

    violations = axe_violations(page, "main")
    assert violations == [], describe(violations)

    answers = panel.get_by_role("link", name=f"Réponses — {consultation.title}", exact=True)
    answers.click()
    page.wait_for_url(f"**/admin/comite/{consultation.pk}/")
    assert "2 réponses" in page.locator("main").inner_text().splitlines()
    # The sidebar was never opened; opening it now shows the menu item the panel spared.
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert menu_item.is_visible()
