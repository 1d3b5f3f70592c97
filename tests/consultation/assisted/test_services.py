"""The rules of assisted entry's services: comparison of two entries, operator numbers,
readable labels of a difference."""

import pytest

from consultation.assisted.forms import entry_form_class
from consultation.assisted.models import EntryOperator
from consultation.assisted.services import compare, operator_for, readable

pytestmark = pytest.mark.django_db


def test_compare_ignores_order_of_lists_spaces_and_empty_answers():
    first = {"a": ["x", "y"], "b": " texte ", "c": "", "d": "Oui", "e": []}
    second = {"a": ["y", "x"], "b": "texte", "d": "Non", "f": "nouveau"}
    assert compare(first, second) == [("d", "Oui", "Non"), ("f", None, "nouveau")]
    assert compare({"a": ["x"]}, {"a": ["x", "z"]}) == [("a", ["x"], ["x", "z"])]


def test_an_operator_keeps_their_number_and_numbers_are_never_reused(make_user):
    first = operator_for(make_user("n1@example.org", groups=["Saisie accompagnée"]))
    assert operator_for(first.user) == first
    second_user = make_user("n2@example.org", groups=["Saisie accompagnée"])
    second = operator_for(second_user)
    assert (first.number, second.number) == (1, 2)
    first.user.delete()  # the account goes, the number stays on the answers
    third = operator_for(make_user("n3@example.org", groups=["Saisie accompagnée"]))
    assert third.number == 3
    assert EntryOperator.objects.filter(user__isnull=True).get().number == 1


def test_readable_labels_of_a_difference(consultation_page, keys):
    form_class = entry_form_class(consultation_page)
    age = keys["Votre tranche d'âge"]
    assert readable(form_class, age, "35-49") == ("Votre tranche d'âge", "35-49 ans")
    helped = keys["Par qui ?"]
    label, value = readable(form_class, helped, ["famille", "caf"])
    assert label == "Par qui ?"
    assert value.startswith("Famille") and ", " in value
    assert readable(form_class, age, None) == ("Votre tranche d'âge", "—")
    assert readable(form_class, "ancienne_question", "Oui") == ("ancienne_question", "Oui")


def test_an_other_text_is_named_after_its_question(home_page):
    from consultation.models import ConsultationPage, FormField

    page = ConsultationPage(title="Autre", slug="autre-lisible", form_fields=[
        FormField(sort_order=0, label="Service", field_type="radio", choices="CCAS\nCAF",
                  allow_other=True)])
    home_page.add_child(instance=page)
    form_class = entry_form_class(page)
    assert readable(form_class, "service", "Autre") == ("Service", "Autre (précisez)")
    assert readable(form_class, "service__autre", "Mairie") == (
        "Service — précisez", "Mairie")
