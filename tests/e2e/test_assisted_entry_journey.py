"""Browser journey: an operator of "Saisie accompagnée" signs in through the admin login
form, opens the "Saisie accompagnée" menu, creates a paper batch, and types two paper
forms of it through the real entry form; each is stored once with its channel, batch,
form number and operator, and the batch page lists both. axe-core finds no violation in
the entry form (RGAA 4.1 / WCAG 2.1 AA)."""

import pytest

from tests.e2e.conftest import axe_violations, describe, sign_in_to_admin

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def fill_paper_form(page, number, age_band):
    """Type one paper form: its number and the required answers (no difficulty, not
    helped, no role), with ``age_band`` (French label) as its age band."""
    main = page.locator("main")
    main.get_by_label("Numéro du formulaire").fill(number)
    main.get_by_role("group", name="Avez-vous rencontré des difficultés").get_by_label(
        "Non").check()
    main.get_by_role("group", name="Avez-vous été aidé(e) ?").get_by_label("Non").check()
    main.get_by_role("group", name="Souhaitez-vous jouer un rôle ?").get_by_label("Non").check()
    main.get_by_label("Votre commune").select_option("40192")
    main.get_by_role("group", name="Votre tranche d'âge").get_by_label(age_band).check()
    main.get_by_role("group", name="Votre situation").get_by_label("En emploi").check()
    main.get_by_role("button", name="Enregistrer cette réponse").click()


def test_an_operator_enters_two_paper_forms_of_a_batch(page, make_user):
    from consultation.models import ConsultationPage, ConsultationSubmission

    consultation = ConsultationPage.objects.get(slug="consultation")
    make_user("saisie-e2e@example.org", groups=["Saisie accompagnée"],
              password="pass-word-123")
    sign_in_to_admin(page, "saisie-e2e@example.org", "pass-word-123")

    page.get_by_role("button", name="Afficher/masquer la barre latérale").click()
    menu = page.get_by_role("navigation", name="Menu principal")
    menu.get_by_role("link", name="Saisie accompagnée", exact=True).click()
    page.wait_for_url("**/admin/saisie/")
    page.get_by_role("link", name=f"Lots — {consultation.title}").click()
    page.wait_for_url(f"**/admin/saisie/{consultation.pk}/")

    main = page.locator("main")
    main.get_by_label("Numéro de lot").fill("2026-A")
    main.get_by_label("Canal").select_option("papier")
    main.get_by_role("button", name="Créer le lot").click()
    page.wait_for_url(f"**/admin/saisie/{consultation.pk}/")
    assert "Lot 2026-A créé." in page.content()
    main.get_by_role("link", name="Saisir une réponse — Lot 2026-A").click()
    page.wait_for_url("**/saisir/?lot=*")
    violations = axe_violations(page, "main")
    assert violations == [], describe(violations)

    fill_paper_form(page, "1", "35-49 ans")
    page.wait_for_url("**/saisir/?lot=*")
    first = ConsultationSubmission.objects.get(paper_number="1")
    assert f"Réponse n° {first.pk} enregistrée (formulaire n° 1)." in main.inner_text()
    # A fresh form for the same batch: the next paper form of the pile.
    assert main.get_by_label("Numéro du formulaire").input_value() == ""
    fill_paper_form(page, "2", "50-64 ans")
    page.wait_for_url("**/saisir/?lot=*")
    second = ConsultationSubmission.objects.get(paper_number="2")
    assert f"Réponse n° {second.pk} enregistrée (formulaire n° 2)." in main.inner_text()

    stored = ConsultationSubmission.objects.filter(batch__number="2026-A").order_by("pk")
    assert [(s.paper_number, s.channel, str(s.operator)) for s in stored] == [
        ("1", "papier", "Opérateur 1"), ("2", "papier", "Opérateur 1")]
    assert [s.form_data["votre_tranche_d_age"] for s in stored] == ["35-49", "50-64"]

    batch = stored[0].batch
    page.goto(page.base_url + f"/admin/saisie/{consultation.pk}/lots/{batch.pk}/")
    rows = page.locator("main table tbody tr").all_inner_texts()
    assert [row.split("\t")[0] for row in rows] == ["1", "2"]
    assert "complet" in main.inner_text()
