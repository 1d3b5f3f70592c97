"""The printable questionnaire (``imprimer/``): the page's live questions on an A4 sheet,
numbered, with boxes to tick, lines to write on, conditions in words, the contact
consent, the privacy notice and the service's batch and form number box; it follows
the questions staff publish."""

import pytest
from bs4 import BeautifulSoup

from consultation.models import ConsultationPage, FormField
from consultation.questionnaire.printable import (
    condition_sentence, printable_questionnaire, readable_value,
)

pytestmark = pytest.mark.django_db

PRINT_URL = "/consultation/imprimer/"


def text(tag):
    """The text of a tag, its whitespace collapsed (str)."""
    return " ".join(tag.get_text(" ").split())


def questions(html):
    """The printed questions: dict number (int) -> dict ``label`` (text after the
    number), ``condition``, ``instruction``, ``help`` (str or ""), ``choices`` (list of
    str: the options next to a drawn box), ``boxes`` (int: drawn boxes), ``lines``
    (int: ruled lines), ``written`` (list of str: the labels of the blanks)."""
    main = BeautifulSoup(html, "html.parser").find("main")
    found = {}
    for div in main.select(".print-question"):
        label = div.select_one(".print-question-label")
        number = int(text(label.select_one(".print-number")).rstrip("."))

        def one(selector):
            tag = div.select_one(selector)
            return text(tag) if tag else ""

        found[number] = {
            "label": text(label).split(" ", 1)[1],
            "condition": one(".condition"),
            "instruction": one(".print-instruction"),
            "help": one(".help"),
            "choices": [text(li) for li in div.select(".print-choices li")],
            "boxes": len(div.select(".print-choices li .print-box[aria-hidden=true]")),
            "lines": len(div.select(".print-lines[aria-hidden=true] .print-line")),
            "written": [text(p) for p in div.select(".print-written")],
        }
    return found


@pytest.fixture
def build_page(home_page):
    """Factory: ``build_page(slug, [dict(label=..., field_type=..., ...)], **page_fields)``
    -> a live ConsultationPage whose questions take any FormField attribute."""

    def factory(slug, items, **page_fields):
        page = ConsultationPage(
            title=f"Test {slug}", slug=slug, **page_fields,
            form_fields=[FormField(sort_order=i, **{"required": False, **item})
                         for i, item in enumerate(items)],
        )
        home_page.add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
        return page

    return factory


def test_the_demo_questionnaire_prints_every_question_numbered_with_its_boxes(client,
                                                                             consultation_page):
    response = client.get(PRINT_URL)
    assert response.status_code == 200
    html = response.content.decode()
    printed = questions(html)
    assert sorted(printed) == list(range(1, 10))
    first = printed[1]
    assert first["label"] == ("Avez-vous rencontré des difficultés pendant et/ou après le "
                              "confinement ? (obligatoire)")
    assert first["instruction"] == "Cochez une seule case."
    assert first["choices"] == ["Oui", "Non"] and first["boxes"] == 2
    assert first["condition"] == ""
    # Themes: the Theme list's labels, several boxes.
    assert printed[2]["instruction"] == "Cochez une ou plusieurs cases."
    assert "Alimentation" in printed[2]["choices"]
    assert "Emploi et ressources" in printed[2]["choices"]
    assert printed[2]["condition"] == (
        "Si vous avez répondu « Oui » à la question 1, répondez à cette question.")
    assert printed[2]["help"] == "Plusieurs réponses possibles."
    # Helped by: portal.choices labels.
    assert printed[4]["choices"][:2] == ["Famille", "Voisins ou amis"]
    assert printed[4]["condition"] == (
        "Si vous avez répondu « Oui » à la question 3, répondez à cette question.")
    # Long text: five ruled lines.
    assert printed[5]["label"] == "Avez-vous des propositions d'actions à engager ?"
    assert printed[5]["lines"] == 5 and printed[5]["boxes"] == 0
    # Commune: a line to write on, not one box per commune of the département.
    assert printed[7]["instruction"] == "Écrivez le nom de votre commune."
    assert printed[7]["written"] == ["Commune :"] and printed[7]["boxes"] == 0
    assert "Mont-de-Marsan" not in html
    assert printed[8]["choices"][0] == "Moins de 18 ans"
    assert printed[9]["choices"][0] == "En emploi"


def test_the_service_box_contact_consent_privacy_notice_and_thanks(client, consultation_page):
    main = BeautifulSoup(client.get(PRINT_URL).content, "html.parser").find("main")
    office = text(main.select_one(".print-office"))
    assert office == "Réservé au service Lot n° N° de formulaire"
    assert len(main.select(".print-office .print-blank")) == 2
    contact = main.select_one(".print-contact")
    assert text(contact.find("h2")) == "Vos coordonnées (facultatif)"
    assert text(contact.select_one(".condition")) == (
        "Si vous avez répondu « Oui » à la question 6, remplissez cette partie.")
    assert [text(p) for p in contact.select(".print-written")] == [
        "Votre nom :", "Votre adresse e-mail :", "Votre numéro de téléphone :"]
    consent = contact.select(".print-choices li")
    assert len(consent) == 1 and text(consent[0]).startswith(
        "J’accepte que le Département conserve ces coordonnées")
    notice = text(main.select_one("#notice-rgpd"))
    for words in ("(responsable du traitement)", "RGPD art. 6.1.e", "RGPD art. 6.1.a",
                  "supprimées au plus tard 365 jours", "délégué à la protection des données",
                  "CNIL", "Version de la notice"):
        assert words in notice
    # Paper has no links: the full notice's address and the online form's are written out.
    assert "Notice complète : http://testserver/donnees-personnelles/" in notice
    assert "Vous pouvez aussi répondre en ligne : http://testserver/consultation/" in text(main)
    assert text(main.select_one(".print-thanks")) == (
        "Merci ! Rendez ce questionnaire à la personne ou au service qui vous l'a remis "
        "(service social, CCAS, association).")
    # Nothing to submit: no form, no token, a page anyone may print.
    assert main.find("form") is None and main.find("input") is None
    assert "private" not in client.get(PRINT_URL).get("Cache-Control", "")


def test_a_question_staff_just_added_is_printed_with_its_number_and_its_condition(
        client, consultation_page):
    before = questions(client.get(PRINT_URL).content.decode())
    assert len(before) == 9
    page = ConsultationPage.objects.get(pk=consultation_page.pk)
    page.form_fields.add(FormField(
        label="Quel type de logement occupez-vous ?", field_type="radio",
        choices="Maison\nAppartement", allow_other=True, sort_order=100, required=False,
        show_if_question="Si oui, dans quel(s) domaine(s) ?", show_if_value="logement",
    ))
    page.form_fields.add(FormField(
        label="Depuis quand ?", field_type="date", sort_order=101,
        show_if_question="quel_type_de_logement_occupez_vous", show_if_value="autre",
        required=True,
    ))
    page.save_revision(log_action=True).publish()

    response = client.get(PRINT_URL)
    assert "X-Page-Cache" not in response  # never served from the page cache
    after = questions(response.content.decode())
    assert len(after) == 11
    added = after[10]
    assert added["label"] == "Quel type de logement occupez-vous ?"
    # A themes' key ("logement") reads as its label, on a question of several boxes.
    assert added["condition"] == (
        "Si vous avez coché « Logement » à la question 2, répondez à cette question.")
    assert added["choices"] == ["Maison", "Appartement", "Autre (précisez)"]
    assert added["boxes"] == 3
    assert added["written"] == ["Si « Autre », précisez :"]
    date = after[11]
    assert date["label"] == "Depuis quand ? (obligatoire)"
    assert date["condition"] == (
        "Si vous avez répondu « Autre (précisez) » à la question 10, répondez à cette "
        "question.")
    assert date["written"] == ["/ / (jour / mois / année)"]

    # Removed and republished: gone from the sheet at once.
    page = ConsultationPage.objects.get(pk=consultation_page.pk)
    page.form_fields.remove(*[f for f in page.form_fields.all() if f.sort_order >= 100])
    page.save_revision().publish()
    assert len(questions(client.get(PRINT_URL).content.decode())) == 9


def test_every_question_type_prints_as_online(client, build_page):
    page = build_page("types-papier", [
        {"label": "Votre prénom d'usage", "field_type": "singleline", "required": True},
        {"label": "Racontez", "field_type": "multiline"},
        {"label": "Première partie", "field_type": "heading"},
        {"label": "Un courriel de service", "field_type": "email"},
        {"label": "Combien de personnes ?", "field_type": "number"},
        {"label": "Un site", "field_type": "url"},
        {"label": "Je suis d'accord", "field_type": "checkbox"},
        {"label": "Couleurs", "field_type": "checkboxes", "choices": "Rouge\nVert, clair"},
        {"label": "Une ville", "field_type": "dropdown", "choices": "Dax\nPau"},
        {"label": "Plusieurs villes", "field_type": "multiselect", "choices": "Dax\nPau"},
        {"label": "Un moment", "field_type": "datetime"},
        {"label": "Seconde partie", "field_type": "heading"},
        {"label": "Êtes-vous d'accord ?", "field_type": "yes_no"},
        {"label": "Pourquoi ?", "field_type": "singleline",
         "show_if_question": "Êtes-vous d'accord ?", "show_if_value": "non"},
        {"label": "Votre situation", "field_type": "situation"},
    ])
    html = client.get(page.url + "imprimer/").content.decode()
    printed = questions(html)
    assert [printed[n]["label"] for n in sorted(printed)] == [
        "Votre prénom d'usage (obligatoire)", "Racontez", "Un courriel de service",
        "Combien de personnes ?", "Un site", "Je suis d'accord", "Couleurs", "Une ville",
        "Plusieurs villes", "Un moment", "Êtes-vous d'accord ?", "Pourquoi ?",
        "Votre situation",
    ]
    assert printed[1]["lines"] == 1 and printed[2]["lines"] == 5
    assert printed[4]["instruction"] == "Écrivez un nombre."
    assert printed[6]["choices"] == ["Oui"]
    assert printed[6]["instruction"] == "Cochez la case si c'est votre cas."
    assert printed[7]["choices"] == ["Rouge", "Vert, clair"]
    assert printed[7]["instruction"] == "Cochez une ou plusieurs cases."
    assert printed[8]["choices"] == ["Dax", "Pau"]
    assert printed[8]["instruction"] == "Cochez une seule case."
    assert printed[9]["instruction"] == "Cochez une ou plusieurs cases."
    assert printed[10]["written"] == [
        "/ / à h (jour / mois / année, heure et minutes)"]
    assert printed[11]["choices"] == ["Oui", "Non"]
    assert printed[12]["condition"] == (
        "Si vous avez répondu « Non » à la question 11, répondez à cette question.")
    # Headings: unnumbered section titles, where staff placed them.
    main = BeautifulSoup(html, "html.parser").find("main")
    assert [text(h) for h in main.select("h2.print-section")] == [
        "Première partie", "Seconde partie"]
    section = main.select_one("h2.print-section")
    assert text(section.find_next(class_="print-question").select_one(
        ".print-number")) == "3."
    # No contact question: no contact block; the privacy notice is still there.
    assert main.select_one(".print-contact") is None
    assert main.select_one("#notice-rgpd") is not None


def test_the_questionnaire_links_to_its_printable_version(client, consultation_page):
    main = BeautifulSoup(client.get("/consultation/").content, "html.parser").find("main")
    link = main.find("a", string="Version papier à imprimer")
    assert link is not None and link["href"] == PRINT_URL
    title = BeautifulSoup(client.get(PRINT_URL).content, "html.parser").title.get_text()
    assert title.startswith("Consultation : la crise et vous (version papier) – ")


def test_a_closing_date_is_printed(client, build_page):
    import datetime

    from django.utils import timezone

    closes = timezone.make_aware(datetime.datetime(2031, 3, 14, 18, 0))
    page = build_page("papier-date", [{"label": "Une question", "field_type": "singleline"}],
                      closes_at=closes)
    main = BeautifulSoup(client.get(page.url + "imprimer/").content, "html.parser").find("main")
    assert "Les réponses sont acceptées jusqu'au vendredi 14 mars 2031." in text(main)


def test_a_restricted_consultation_keeps_its_printable_version_restricted(client,
                                                                         consultation_page):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=consultation_page, restriction_type="password",
                                       password="secret-papier")
    response = client.get(PRINT_URL)
    assert response.status_code == 200
    assert "Avez-vous été aidé(e) ?" not in response.content.decode()


def test_condition_sentences_name_the_answer_by_its_label():
    import django.forms

    themes = django.forms.MultipleChoiceField(choices=[("logement", "Logement")])
    radio = django.forms.ChoiceField(choices=[("Oui", "Oui"), ("Non", "Non")])
    assert readable_value(themes, " LOGEMENT ") == "Logement"
    assert readable_value(radio, "peut-être") == "peut-être"
    assert condition_sentence(3, radio, "oui") == (
        "Si vous avez répondu « Oui » à la question 3, répondez à cette question.")
    assert condition_sentence(2, themes, "logement") == (
        "Si vous avez coché « Logement » à la question 2, répondez à cette question.")


def test_the_structure_follows_the_form_class(consultation_page):
    printable = printable_questionnaire(consultation_page)
    assert [q.number for q in printable.questions] == list(range(1, 10))
    assert printable.questions[4].kind == "lines" and list(printable.questions[4].ruled_lines) \
        == [0, 1, 2, 3, 4]
    assert printable.questions[6].kind == "commune" and not printable.questions[6].choices
    assert printable.contact is not None and len(printable.contact.fields) == 3


def test_staff_reach_the_paper_version_from_the_page_editor_and_the_explorer(
        client, make_user, consultation_page, home_page):
    admin = make_user("papier-admin@example.org", is_staff=True, is_superuser=True)
    client.force_login(admin)
    link = 'href="/consultation/imprimer/"'
    editor = client.get(f"/admin/pages/{consultation_page.pk}/edit/").content.decode()
    assert link in editor and "Version papier à imprimer" in editor
    explorer = client.get(f"/admin/pages/{home_page.pk}/").content.decode()
    assert explorer.count(link) == 1
    # Not on other pages' menus.
    other = client.get(f"/admin/pages/{home_page.pk}/edit/").content.decode()
    assert "imprimer/" not in other
