"""Choice widgets written in one pass (portal.widgets): the same HTML as Django's
templates, character for character, for every case a form meets."""

import pytest
from django import forms

from portal.widgets import (
    OnePassCheckboxSelectMultiple,
    OnePassRadioSelect,
    OnePassSelect,
)

FLAT = [
    ("", "Choisissez votre commune"),
    ("40274", "Saint-Martin-d'Oney (40274)"),
    ("40013", "Arthez-d'Armagnac (40013)"),
    ("40999", 'Un <b>nom</b> & "guillemets"'),
    (None, "valeur vide"),
    (7, 8),
]
GROUPED = [
    ("", "Choisissez"),
    ("CA du Marsan", [("40192", "Mont-de-Marsan"), ("40274", "Saint-Martin-d'Oney")]),
    ("CC d'Aire-sur-l'Adour", [("40001", "Aire-sur-l'Adour")]),
    ("40013", "Arthez-d'Armagnac"),
]
ATTRS = [
    None,
    {"id": "id_commune", "required": True, "aria-describedby": "id_commune_aide"},
    {"id": "x", "aria-invalid": "true", "disabled": False, "data-vide": None, "class": 'a"b'},
]
VALUES = [None, "", "40274", ["40274"], 7, "inconnue", ["40192", "40274"]]


@pytest.mark.parametrize("choices", [FLAT, GROUPED], ids=["flat", "optgroups"])
@pytest.mark.parametrize("attrs", ATTRS)
@pytest.mark.parametrize("value", VALUES)
def test_select_writes_what_django_writes(choices, attrs, value):
    stock = forms.Select(choices=choices).render("commune", value, attrs)
    assert OnePassSelect(choices=choices).render("commune", value, attrs) == stock


@pytest.mark.parametrize("choices", [FLAT, GROUPED], ids=["flat", "optgroups"])
@pytest.mark.parametrize("value", VALUES)
def test_multiple_select_selects_every_value_as_django_does(choices, value):
    class OnePassSelectMultiple(OnePassSelect):
        allow_multiple_selected = True

    stock = forms.SelectMultiple(choices=choices).render("c", value, {"id": "c"})
    assert OnePassSelectMultiple(choices=choices).render("c", value, {"id": "c"}) == stock


def test_names_with_apostrophes_are_escaped_and_the_answer_is_selected():
    html = OnePassSelect(choices=FLAT).render("commune", "40274", {"id": "id_commune"})
    assert '<option value="40274" selected>Saint-Martin-d&#x27;Oney (40274)</option>' in html
    assert html.count(" selected") == 1
    assert "Un &lt;b&gt;nom&lt;/b&gt; &amp; &quot;guillemets&quot;" in html


def test_a_changed_list_is_never_served_from_the_kept_options():
    before = OnePassSelect(choices=[("1", "Ancien nom")]).render("c", None)
    after = OnePassSelect(choices=[("1", "Nouveau nom")]).render("c", None)
    assert "Ancien nom" in before and "Nouveau nom" in after and "Ancien" not in after


@pytest.mark.parametrize("stock_class, one_pass_class", [
    (forms.RadioSelect, OnePassRadioSelect),
    (forms.CheckboxSelectMultiple, OnePassCheckboxSelectMultiple),
])
@pytest.mark.parametrize("data", [None, {"q": ["40274"]}, {"q": ["inconnue"]}])
def test_radio_and_checkbox_options_are_what_django_writes(stock_class, one_pass_class, data):
    """The template writes each option with ``{{ choice.tag }}`` (and could use
    ``{{ choice }}``, which wraps the label); the whole group ``{{ field }}`` too."""
    choices = [c for c in FLAT if c[0] is not None]

    def form_with(widget):
        field_class = (forms.MultipleChoiceField if widget.allow_multiple_selected
                       else forms.ChoiceField)

        class Form(forms.Form):
            q = field_class(choices=choices, widget=widget, help_text="Aide")

        if data is not None and not widget.allow_multiple_selected:
            return Form({"q": data["q"][0]})
        return Form(data)

    stock, one_pass = form_with(stock_class), form_with(one_pass_class)
    assert [(c.tag(), str(c)) for c in one_pass["q"]] == [(c.tag(), str(c)) for c in stock["q"]]
    assert str(one_pass["q"]) == str(stock["q"])


def test_copies_share_the_choices_and_a_replaced_list_stays_their_own():
    import copy

    communes = [("", "Choisissez votre commune")] + [(f"40{n:03d}", f"Commune {n}")
                                                     for n in range(327)]
    for widget in (OnePassSelect(choices=communes),
                   OnePassRadioSelect(choices=communes[:5], attrs={"class": "a"}),
                   OnePassCheckboxSelectMultiple(choices=communes[:5])):
        copied = copy.deepcopy(widget)
        # No copy of the list (nor a new normalisation of each choice) per form instance.
        assert copied.choices is widget.choices
        assert copied.render("c", None) == widget.render("c", None)
        copied.attrs["class"] = "b"
        copied.choices = [("1", "Autre")]
        assert widget.attrs.get("class") in (None, "a")
        assert len(widget.choices) == len(communes) if isinstance(widget, OnePassSelect) \
            else len(widget.choices) == 5
        assert 'value="1"' not in widget.render("c", None)
