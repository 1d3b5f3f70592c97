"""Browser journey: a committee member opens a consultation's statistics, filters them,
picks a cross-tab and the "besoins / actions" view; axe-core finds no violation in the
content we render (charts, tables, forms; RGAA 4.1 / WCAG 2.1 AA)."""

import pytest

from tests.e2e.conftest import axe_violations, describe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_committee_member_reads_statistics(page, make_user):
    from consultation.models import ConsultationPage, ConsultationSubmission
    from portal.models import Commune

    consultation = ConsultationPage.objects.get(slug="consultation")
    keys = {f.label: f.clean_name for f in consultation.get_form_fields()}
    difficulties = keys["Avez-vous rencontré des difficultés pendant et/ou après le confinement ?"]
    domains = keys["Si oui, dans quel(s) domaine(s) ?"]
    mdm = Commune.objects.get(insee_code="40192")
    for i in range(8):
        ConsultationSubmission.objects.create(
            page=consultation, commune=mdm,
            form_data={difficulties: "Oui" if i < 6 else "Non",
                       domains: ["alimentation"] if i < 6 else []},
        )
    make_user("comite-e2e@example.org", groups=["Comité Nouvelles solidarités"],
              password="pass-word-123")

    page.goto(page.base_url + "/admin/login/")
    page.fill("input[name=username]", "comite-e2e@example.org")
    page.fill("input[name=password]", "pass-word-123")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")

    page.goto(page.base_url + f"/admin/comite/{consultation.pk}/statistiques/")
    assert page.locator("svg[role=img]").count() >= 2
    assert "8 réponses dans la sélection" in page.locator("main").inner_text()
    violations = axe_violations(page, "main")
    assert violations == [], describe(violations)

    page.get_by_label("Commune", exact=True).select_option("40192")
    page.get_by_role("button", name="Appliquer les filtres").click()
    page.wait_for_url("**commune=40192**")
    page.get_by_label("Question en lignes").select_option(difficulties)
    page.get_by_label("Question en colonnes").select_option(domains)
    page.get_by_role("button", name="Afficher le tableau croisé").click()
    page.wait_for_url("**lignes=**")
    assert "commune=40192" in page.url
    croise = page.locator("section", has=page.locator("h2#croise"))
    assert "Tableau croisé" in croise.inner_text()
    violations = axe_violations(page, "main")
    assert violations == [], describe(violations)

    page.get_by_role("link", name="Besoins et actions par EPCI").click()
    page.wait_for_url("**/besoins-actions/**")
    assert "Mont de Marsan Agglomération" in page.locator("main").inner_text()
    violations = axe_violations(page, "main")
    assert violations == [], describe(violations)
