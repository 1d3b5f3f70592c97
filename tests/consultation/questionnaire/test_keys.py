"""Field keys: built with anyascii, never empty, never shared by two questions of one
page (one input must never feed two columns), wherever the fields are created."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from consultation.questionnaire.keys import key_from_label
from consultation.models import ConsultationPage, FormField

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


@pytest.mark.parametrize("label, key", [
    ("Mise en œuvre", "mise_en_oeuvre"),
    ("Âge", "age"),
    ("Age", "age"),
    (f"Quel est votre âge{NBSP}?", "quel_est_votre_age"),
    ("Quel est votre âge?", "quel_est_votre_age"),
    ("Où ?", "ou"),
    ("?", ""),
])
def test_key_from_label(label, key):
    assert key_from_label(label) == key


def test_code_path_builds_readable_key(make_page):
    page = make_page("cles", [("Mise en œuvre", "singleline", False)])
    assert [f.clean_name for f in page.get_form_fields()] == ["mise_en_oeuvre"]


@pytest.mark.parametrize("labels", [
    ("Âge", "Age"),
    (f"Quel est votre âge{NBSP}?", "Quel est votre âge?"),
])
def test_code_path_refuses_duplicate_key(make_page, labels):
    page = make_page("doublons", [(labels[0], "singleline", False)])
    with pytest.raises(ValidationError) as info:
        FormField.objects.create(page=page, label=labels[1], field_type="singleline")
    assert "label" in info.value.message_dict
    field = FormField(page=page, label=labels[1], field_type="singleline")
    with pytest.raises(ValidationError):
        field.full_clean()
    assert page.form_fields.count() == 1


def test_code_path_refuses_duplicates_in_one_new_page(home_page):
    page = ConsultationPage(title="Doublons", slug="doublons-neuf", form_fields=[
        FormField(label="Âge", field_type="singleline"),
        FormField(label="Age", field_type="singleline"),
    ])
    with pytest.raises(ValidationError):
        home_page.add_child(instance=page)


def test_code_path_refuses_empty_key(make_page):
    page = make_page("vide", [("Votre avis", "singleline", False)])
    with pytest.raises(ValidationError):
        FormField.objects.create(page=page, label="?", field_type="singleline")
    with pytest.raises(ValidationError):
        FormField.objects.create(page=page, label="Form token", field_type="singleline")


def test_rename_keeps_key(make_page):
    page = make_page("renomme", [("Commune", "singleline", False)])
    field = page.form_fields.get()
    field.label = "Commune de résidence"
    field.save()
    field.refresh_from_db()
    assert field.clean_name == "commune"


def _add_page_data(labels):
    return nested_form_data({
        "title": "Questionnaire test",
        "slug": "questionnaire-test",
        "intro": rich_text(""),
        "thank_you_text": rich_text(""),
        "to_address": "",
        "from_address": "",
        "subject": "",
        "form_fields": inline_formset([
            {"label": label, "help_text": "", "required": "", "field_type": "singleline",
             "choices": "", "default_value": ""}
            for label in labels
        ]),
        "comments": inline_formset([]),
    })


def _post_add(client, home_page, labels):
    from django.urls import reverse

    url = reverse("wagtailadmin_pages:add", args=("consultation", "consultationpage", home_page.pk))
    return client.post(url, _add_page_data(labels))


@pytest.mark.parametrize("labels", [
    ["Âge", "Age"],
    [f"Quel est votre âge{NBSP}?", "Quel est votre âge?"],
])
def test_admin_form_refuses_duplicate_keys(client, make_user, home_page, labels):
    admin = make_user("admin@example.org", is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = _post_add(client, home_page, labels)
    assert response.status_code == 200
    html = response.content.decode()
    assert "est aussi celle d’une autre question" in html
    assert not ConsultationPage.objects.filter(slug="questionnaire-test").exists()


def test_admin_form_refuses_empty_key(client, make_user, home_page):
    admin = make_user("admin@example.org", is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = _post_add(client, home_page, ["Votre avis", "?"])
    assert response.status_code == 200
    assert "donne une clé vide" in response.content.decode()
    assert not ConsultationPage.objects.filter(slug="questionnaire-test").exists()


def test_admin_form_accepts_distinct_keys(client, make_user, home_page):
    admin = make_user("admin@example.org", is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = _post_add(client, home_page, ["Mise en œuvre", "Âge"])
    assert response.status_code == 302, response.content.decode()[:2000]
    page = ConsultationPage.objects.get(slug="questionnaire-test")
    assert [f.clean_name for f in page.get_form_fields()] == ["mise_en_oeuvre", "age"]
