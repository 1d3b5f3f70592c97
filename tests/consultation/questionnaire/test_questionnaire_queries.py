"""The questionnaire's cost does not grow with its lists: the number of queries of GET
and POST /consultation/ is the same with more communes and more questions, the commune
list is the same HTML as Django's own widget, and the form built once per process is
never stale (an edited question, theme or commune list shows at once)."""

import re

from django import forms
from django.db import connection

from consultation.models import ConsultationSubmission, FormField
from tests.consultation.conftest import answer_with_queries, read_token

SELECT_RE = re.compile(r'<select name="(?P<name>[^"]+)"[^>]*>.*?</select>', re.S)


def commune_select(html):
    """The commune <select> of a page (str) and its name."""
    match = SELECT_RE.search(html)
    assert match, "no <select> in the page"
    return match.group(0), match.group("name")


def add_communes(count):
    """Add ``count`` communes of the département (INSEE codes 40900...)."""
    from portal.models import Commune

    for number in range(count):
        Commune.objects.create(insee_code=f"409{number:02d}", name=f"Commune d'essai {number}",
                               latitude=43.9, longitude=-0.8)


def add_questions(page, count):
    """Add ``count`` questions of every kind with lists (and a condition) to ``page``."""
    kinds = ["commune", "themes", "yes_no", "helped_by", "age_band", "radio", "checkboxes",
             "dropdown", "multiline", "situation", "singleline", "number"]
    last = page.form_fields.count()
    for number in range(count):
        kind = kinds[number % len(kinds)]
        FormField.objects.create(
            page=page, label=f"Question ajoutée {number}", field_type=kind, required=False,
            choices="Un\nDeux\nTrois" if kind in ("radio", "checkboxes", "dropdown") else "",
            allow_other=kind == "radio", sort_order=last + number,
            show_if_question="Avez-vous été aidé(e) ?" if number == 2 else "",
            show_if_value="Oui" if number == 2 else "",
        )


def measure(consultation_page, valid_answers, address):
    """(GET queries, POST queries) of one resident answering, the POST acknowledged."""
    get_queries, post_queries, posted = answer_with_queries(
        consultation_page, valid_answers, address)
    assert posted.status_code == 302, posted.content.decode()[:2000]
    assert posted["Location"] == "/consultation/merci/"
    return len(get_queries), len(post_queries)


def test_queries_do_not_grow_with_communes_or_questions(consultation_page, valid_answers):
    before = measure(consultation_page, valid_answers, "192.0.2.10")
    add_communes(12)
    add_questions(consultation_page, 24)
    after = measure(consultation_page, valid_answers, "192.0.2.11")
    assert after == before
    assert ConsultationSubmission.objects.count() == 2
    # Site, page routing and view restrictions (6); the kept form found by one query of
    # digests on PostgreSQL, questions, themes and communes elsewhere; BEGIN, the token,
    # the submission and its answer keys, COMMIT (5). The answer's commune needs no
    # query of its own.
    assert before[1] <= (12 if connection.vendor == "postgresql" else 14), before


def test_the_commune_list_is_djangos_select_with_every_commune(client, consultation_page):
    from portal.communes import commune_choices

    html = client.get(consultation_page.url).content.decode()
    select, name = commune_select(html)
    choices = [("", "Choisissez votre commune")] + commune_choices()
    stock = forms.Select(choices=choices).render(name, None, {"id": f"id_{name}"})
    options = re.findall(r'<option value="([^"]*)"', select)
    assert len(options) == 1 + 327 and len(set(options)) == len(options)
    assert '<option value="40274">Saint-Martin-d&#x27;Oney (40274)</option>' in select
    # The same options, in the same order and with the same escaping as Django's widget.
    assert re.findall(r"<option.*?</option>", select) == re.findall(r"<option.*?</option>", stock)


def test_the_chosen_commune_stays_selected_when_the_form_comes_back(
        client, consultation_page, valid_answers, keys):
    token = read_token(client.get(consultation_page.url))
    answers = {**valid_answers, keys["Votre commune"]: "40274"}
    answers.pop(keys["Votre tranche d'âge"])
    answers[keys["Avez-vous rencontré des difficultés pendant et/ou après le confinement ?"]] = ""
    response = client.post(consultation_page.url, {"form_token": token, **answers})
    assert response.status_code == 200
    select, _name = commune_select(response.content.decode())
    assert re.findall(r'<option value="([^"]*)" selected>', select) == ["40274"]
    assert ConsultationSubmission.objects.count() == 0


def test_an_edited_question_shows_at_once(client, consultation_page):
    client.get(consultation_page.url)
    field = consultation_page.form_fields.get(label="Votre tranche d'âge")
    field.label = "Votre âge, par tranche"
    field.save()
    html = client.get(consultation_page.url).content.decode()
    assert "Votre âge, par tranche" in html and "Votre tranche d&#x27;âge" not in html


def test_a_renamed_theme_and_a_new_commune_show_at_once(client, consultation_page):
    from portal.models import Theme

    client.get(consultation_page.url)
    Theme.objects.filter(slug="logement").update(label="Logement et énergie")
    add_communes(1)
    html = client.get(consultation_page.url).content.decode()
    assert "Logement et énergie" in html
    assert '<option value="40900">Commune d&#x27;essai 0 (40900)</option>' in html


def test_the_respondents_commune_is_stored_without_a_lookup(client, consultation_page,
                                                           valid_answers, keys):
    token = read_token(client.get(consultation_page.url))
    answers = {**valid_answers, keys["Votre commune"]: "40274"}
    assert client.post(consultation_page.url, {"form_token": token, **answers}).status_code == 302
    submission = ConsultationSubmission.objects.get()
    assert submission.commune.insee_code == "40274"
    assert submission.commune.name == "Saint-Martin-d'Oney"
