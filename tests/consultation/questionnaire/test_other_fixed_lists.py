"""“Autre (précisez)” on the fixed lists (“Votre situation”, “Par qui ?”): ticking it
in the editor gives the text box, required when “Other” is chosen, stored under
``<key>__autre`` and exported next to its column; a type without an “Other” option
refuses it."""

import pytest

from consultation.models import ConsultationSubmission
from consultation.questionnaire.question_types import OTHER_VALUES, other_value

from ..conftest import answer
from .test_question_rules import build_page, export_rows  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_one_rule_names_the_other_value_of_each_type():
    assert OTHER_VALUES["radio"] == "Autre"
    assert OTHER_VALUES["situation"] == "autre"
    assert OTHER_VALUES["helped_by"] == "autre"
    assert "yes_no" not in OTHER_VALUES and "commune" not in OTHER_VALUES

    class Question:
        field_type = "age_band"
        allow_other = True

    assert other_value(Question()) == ""


def test_situation_with_other_shows_requires_and_stores_the_text(client, make_user,
                                                                 build_page):
    page = build_page("situation-autre", [
        dict(label="Votre situation", field_type="situation", allow_other=True)])
    html = client.get(page.url).content.decode()
    assert 'name="votre_situation__autre"' in html
    assert "Autre (précisez)" in html
    # conditions.js shows the text only while "autre" is chosen.
    assert 'data-show-if-key="votre_situation" data-show-if-value="autre"' in html

    response, _ = answer(client, page, {"votre_situation": "autre"})
    assert response.status_code == 200
    assert "Précisez votre réponse « Autre »." in response.content.decode()
    assert not ConsultationSubmission.objects.filter(page=page).exists()

    response, _ = answer(client, page, {"votre_situation": "autre",
                                        "votre_situation__autre": "Bénévole"})
    assert response.status_code == 302
    (submission,) = ConsultationSubmission.objects.filter(page=page)
    assert submission.form_data["votre_situation"] == "autre"
    assert submission.form_data["votre_situation__autre"] == "Bénévole"

    header, row = export_rows(client, make_user, page)
    index = header.index("Votre situation")
    assert header[index + 1] == "Votre situation — autre (précisez)"
    assert row[index + 1] == "Bénévole"


def test_helped_by_with_other_keeps_the_text_only_when_chosen(client, make_user,
                                                              build_page):
    page = build_page("aide-autre", [
        dict(label="Par qui ?", field_type="helped_by", allow_other=True)])
    html = client.get(page.url).content.decode()
    assert 'name="par_qui__autre"' in html

    response, _ = answer(client, page, {"par_qui": ["famille", "autre"]})
    assert response.status_code == 200
    assert "Précisez votre réponse « Autre »." in response.content.decode()

    response, _ = answer(client, page, {"par_qui": ["famille", "autre"],
                                        "par_qui__autre": "Le curé"})
    assert response.status_code == 302
    response, _ = answer(client, page, {"par_qui": ["caf"], "par_qui__autre": "oublié"})
    assert response.status_code == 302
    first, second = ConsultationSubmission.objects.filter(page=page).order_by("pk")
    assert first.form_data["par_qui__autre"] == "Le curé"
    assert "par_qui__autre" not in second.form_data

    header, *rows = export_rows(client, make_user, page)
    assert "Par qui ? — autre (précisez)" in header
    cells = [row[header.index("Par qui ? — autre (précisez)")] for row in rows]
    assert sorted(cells) == ["", "Le curé"]


def test_without_allow_other_a_fixed_list_has_no_text_box(client, build_page):
    page = build_page("situation-simple", [
        dict(label="Votre situation", field_type="situation")])
    html = client.get(page.url).content.decode()
    assert "__autre" not in html
    response, _ = answer(client, page, {"votre_situation": "autre"})
    assert response.status_code == 302


def test_the_editor_refuses_other_on_a_type_without_an_other_option(build_page):
    from consultation.models import ConsultationPage

    page = build_page("editeur-autre", [dict(label="Âge", field_type="age_band")])
    form_class = ConsultationPage.get_edit_handler().get_form_class()
    data = {
        "title": page.title, "slug": page.slug,
        "form_fields-TOTAL_FORMS": "2", "form_fields-INITIAL_FORMS": "0",
        "form_fields-MIN_NUM_FORMS": "0", "form_fields-MAX_NUM_FORMS": "1000",
        "form_fields-0-label": "Âge", "form_fields-0-field_type": "age_band",
        "form_fields-0-allow_other": "on", "form_fields-0-ORDER": "1",
        "form_fields-1-label": "Situation", "form_fields-1-field_type": "situation",
        "form_fields-1-allow_other": "on", "form_fields-1-ORDER": "2",
    }
    form = form_class(data, instance=page, for_user=None)
    assert not form.is_valid()
    formset = form.formsets["form_fields"]
    assert "allow_other" in formset.forms[0].errors
    assert "n’a pas d’option « Autre »" in str(formset.forms[0].errors["allow_other"])
    assert "allow_other" not in formset.forms[1].errors


def test_the_api_names_the_other_text_of_a_fixed_list(client, build_page):
    page = build_page("api-autre", [
        dict(label="Votre situation", field_type="situation", allow_other=True),
        dict(label="Âge", field_type="age_band")])
    response = client.get(f"/api/v2/pages/{page.pk}/")
    assert response.status_code == 200
    situation, age = response.json()["questions"]
    assert situation["other"] == {"value": "autre", "key": "votre_situation__autre"}
    assert age["other"] is None


def test_a_too_long_other_text_gets_one_error_that_says_why(client, build_page):
    """A text over 500 characters is refused for its length only, not also as missing."""
    page = build_page("situation-autre-long", [
        dict(label="Votre situation", field_type="situation", allow_other=True)])
    response, _ = answer(client, page, {"votre_situation": "autre",
                                        "votre_situation__autre": "x" * 501})
    html = response.content.decode()
    assert response.status_code == 200
    assert "500 caractères" in html
    assert "Précisez votre réponse « Autre »" not in html
    assert not ConsultationSubmission.objects.filter(page=page).exists()
