"""Browser check of “Autre (précisez)” on the fixed lists: the text box of “Votre
situation” and “Par qui ?” shows only while “Other” is chosen, is required then, and
its text is stored; axe-core finds nothing with the box open and its error shown."""

import pytest

from tests.e2e.conftest import axe_violations, describe
from tests.e2e.test_questionnaire_kept_answers import group

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_other_text_of_fixed_lists_shows_when_chosen_and_is_stored(page):
    from wagtail.models import Site

    from consultation.models import ConsultationPage, ConsultationSubmission, FormField

    home = Site.objects.get(is_default_site=True).root_page
    questionnaire = ConsultationPage(title="Situation", slug="situation-autre", form_fields=[
        FormField(label="Votre situation", field_type="situation", required=True,
                  allow_other=True, sort_order=0),
        FormField(label="Par qui ?", field_type="helped_by", required=False,
                  allow_other=True, sort_order=1),
    ])
    home.add_child(instance=questionnaire)
    questionnaire.save_revision().publish()

    page.goto(page.base_url + "/situation-autre/")
    page.wait_for_load_state("load")
    situation, helpers = group(page, "Votre situation"), group(page, "Par qui ?")
    assert not situation.get_by_label("Précisez", exact=True).is_visible()
    assert not helpers.get_by_label("Précisez", exact=True).is_visible()
    situation.get_by_label("Autre (précisez)", exact=True).check()
    assert situation.get_by_label("Précisez", exact=True).is_visible()
    assert not helpers.get_by_label("Précisez", exact=True).is_visible()
    helpers.get_by_label("Autre (précisez)", exact=True).check()
    helpers.get_by_label("Précisez", exact=True).fill("Le club de foot")

    page.get_by_role("button", name="Envoyer").click()
    page.wait_for_load_state("load")
    assert "Précisez votre réponse « Autre »." in page.locator("main").inner_text()
    situation = group(page, "Votre situation")
    assert situation.get_by_label("Précisez", exact=True).is_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    situation.get_by_label("Précisez", exact=True).fill("Bénévole")
    page.get_by_role("button", name="Envoyer").click()
    page.wait_for_url("**/situation-autre/merci/")
    data = ConsultationSubmission.objects.get(page=questionnaire).form_data
    assert data["votre_situation"] == "autre"
    assert data["votre_situation__autre"] == "Bénévole"
    assert data["par_qui"] == ["autre"]
    assert data["par_qui__autre"] == "Le club de foot"
