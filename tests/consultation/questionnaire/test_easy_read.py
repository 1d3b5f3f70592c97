"""The easy-read version of the questionnaire ("facile à lire et à comprendre",
/consultation/facile-a-lire/): offered only when its introduction is written, the same
form with the easy-read texts (the standard text when none is written), the same keys and
answers stored with the version "facile", the same once-only and spam checks, and the
European easy-to-read logo only with a proofreading record."""

import datetime
import html as html_lib

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from consultation.models import ConsultationPage, ConsultationSubmission, FormField
from consultation.questionnaire.channels import EASY_READ, STANDARD
from consultation.questionnaire.easy_read import proofreading_errors
from portal.spam import HONEYPOT_NAME

from ..conftest import answer, read_token

pytestmark = pytest.mark.django_db

EASY = "/consultation/facile-a-lire/"
LOGO_ALT = "Logo européen Facile à lire et à comprendre"
CREDIT = ("© Logo européen Facile à lire : Inclusion Europe. Plus d'informations sur "
          "www.inclusion-europe.eu/easy-to-read")


def main_of(response):
    """The <main> of a response (BeautifulSoup tag)."""
    return BeautifulSoup(response.content.decode(), "html.parser").find("main")


def text_of(tag):
    """The visible text of a tag, spaces collapsed (str)."""
    return " ".join(tag.get_text(" ").split())


def legend_of(main, key):
    """Text of the legend (or label) of question ``key`` in ``main``, spaces collapsed."""
    first = main.find("input", attrs={"name": key}) or main.find(attrs={"name": key})
    fieldset = first.find_parent("fieldset")
    if fieldset is not None:
        return text_of(fieldset.find("legend"))
    return text_of(main.find("label", attrs={"for": first["id"]}))


def option_label(main, key, value):
    """Text of the label of option ``value`` of question ``key``."""
    tag = main.find("input", attrs={"name": key, "value": value})
    return text_of(main.find("label", attrs={"for": tag["id"]}))


def easy_answer(client, answers):
    """GET the easy-read page, then POST ``answers`` with its token: (response, data)."""
    response = client.get(EASY)
    assert response.status_code == 200
    data = {"form_token": read_token(response), **answers}
    return client.post(EASY, data), data


def test_standard_page_links_to_the_easy_read_version(client, consultation_page):
    main = main_of(client.get("/consultation/"))
    link = main.find("a", string="Version facile à lire et à comprendre")
    assert link is not None and link["href"] == EASY


def test_no_easy_read_version_without_its_introduction(client, consultation_page):
    consultation_page.easy_read_intro = "<p></p>"
    consultation_page.save_revision().publish()
    main = main_of(client.get("/consultation/"))
    assert main.find("a", string="Version facile à lire et à comprendre") is None
    assert "facile-a-lire" not in str(main)
    assert client.get(EASY).status_code == 404
    assert client.post(EASY, {"form_token": "3f1b7c52-5c0e-4a53-9d55-07a3f5d1c2aa"}).status_code == 404


def test_easy_read_page_shows_the_easy_read_texts(client, consultation_page, keys):
    response = client.get(EASY)
    assert response.status_code == 200 and "private" in response["Cache-Control"]
    page_html = response.content.decode()
    soup = BeautifulSoup(page_html, "html.parser")
    main = soup.find("main")
    assert "easy-read" in soup.body["class"]
    assert soup.title.get_text().startswith("Version facile à lire et à comprendre – ")
    assert "Cette page est un questionnaire." in text_of(main)
    assert main.find("form", method="post")["action"] == EASY
    assert main.find("a", string="Version habituelle du questionnaire")["href"] == "/consultation/"
    assert "Vous devez répondre à ces questions." in text_of(main)
    assert main.find("button", type="submit").get_text() == "Envoyer mes réponses"

    difficulties = keys["Avez-vous rencontré des difficultés pendant et/ou après le confinement ?"]
    assert legend_of(main, difficulties) == (
        "Avez-vous eu des problèmes pendant le confinement ou après ? (obligatoire)")
    assert "Le confinement, c'est quand nous devions rester" in text_of(main)
    # Staff-written options: the easy-read label shown, the standard value sent.
    assert option_label(main, difficulties, "Oui") == "Oui, j'ai eu des problèmes"
    assert option_label(main, difficulties, "Non") == "Non, je n'ai pas eu de problème"
    # Fixed lists: easy-read labels from the code, the same stored keys.
    assert option_label(main, keys["Votre situation"], "emploi") == "J’ai un travail"
    assert option_label(main, keys["Votre tranche d'âge"], "80-plus") == "80 ans ou plus"
    assert option_label(main, keys["Par qui ?"], "voisins-amis") == "Mes voisins ou mes amis"
    assert legend_of(main, keys["Votre commune"]) == "Dans quelle commune habitez-vous ? (obligatoire)"
    # A condition quotes the easy-read question and option; the script reads the value.
    domains = main.find("input", attrs={"name": keys["Si oui, dans quel(s) domaine(s) ?"]})
    block = domains.find_parent(attrs={"data-show-if-key": True})
    assert block["data-show-if-key"] == difficulties and block["data-show-if-value"] == "Oui"
    assert text_of(block.find(class_="condition")) == (
        "Répondez à cette question seulement si vous avez répondu « Oui, j'ai eu des "
        "problèmes » à la question « Avez-vous eu des problèmes pendant le confinement ou "
        "après ? ».")
    # No logo: the demo texts were not proofread.
    assert main.find("img") is None and "Inclusion Europe" not in text_of(main)


def test_the_standard_form_keeps_its_texts(client, consultation_page, keys):
    """The easy-read texts go on a copy of the fields: the form class, kept per process,
    still gives the standard texts afterwards."""
    client.get(EASY)
    main = main_of(client.get("/consultation/"))
    difficulties = keys["Avez-vous rencontré des difficultés pendant et/ou après le confinement ?"]
    assert legend_of(main, difficulties).startswith("Avez-vous rencontré des difficultés")
    assert option_label(main, difficulties, "Oui") == "Oui"
    assert option_label(main, keys["Votre situation"], "emploi") == "En emploi"
    form_class = consultation_page.get_form_class()
    assert form_class.base_fields[difficulties].label.startswith("Avez-vous rencontré")
    assert list(form_class.base_fields[difficulties].choices) == [("Oui", "Oui"), ("Non", "Non")]


def test_standard_text_when_no_easy_read_text_is_written(client, consultation_page, keys):
    FormField.objects.filter(page=consultation_page, label="Votre situation").update(
        easy_read_label="", easy_read_help_text="")
    FormField.objects.filter(page=consultation_page, label="Avez-vous été aidé(e) ?").update(
        easy_read_choices="Oui, on m'a aidé")
    FormField.objects.filter(page=consultation_page, label="Votre tranche d'âge").update(
        easy_read_choices="Moins de 18 ans\nJe suis jeune")
    main = main_of(client.get(EASY))
    assert legend_of(main, keys["Votre situation"]) == "Votre situation (obligatoire)"
    assert "Choisissez la phrase" not in text_of(main)
    helped = keys["Avez-vous été aidé(e) ?"]
    assert option_label(main, helped, "Oui") == "Oui, on m'a aidé"
    assert option_label(main, helped, "Non") == "Non"  # no second line: the option itself
    age = keys["Votre tranche d'âge"]
    assert option_label(main, age, "18-24") == "Je suis jeune"  # staff lines come first
    assert option_label(main, age, "25-34") == "De 25 à 34 ans"


def test_easy_read_answers_store_the_same_keys_with_their_version(
    consultation_page, valid_answers
):
    standard, _ = answer(Client(), consultation_page, valid_answers)
    easy, _ = easy_answer(Client(), valid_answers)
    assert standard.status_code == easy.status_code == 302
    assert easy["Location"] == "/consultation/merci/"
    first, second = ConsultationSubmission.objects.order_by("pk")
    assert (first.version, second.version) == (STANDARD, EASY_READ)
    assert second.form_data == first.form_data
    assert second.form_data[
        "avez_vous_rencontre_des_difficultes_pendant_et_ou_apres_le_confinement"] == "Oui"
    assert second.form_data["votre_situation"] == "emploi"
    assert second.commune.insee_code == "40192"
    assert second.get_version_display() == "Facile à lire et à comprendre"


def test_easy_read_answers_are_stored_once(consultation_page, valid_answers):
    client = Client()
    response, data = easy_answer(client, valid_answers)
    assert response.status_code == 302
    again = client.post(EASY, data)  # double click, replay
    assert again.status_code == 302 and again["Location"] == "/consultation/merci/"
    resent, _ = easy_answer(client, valid_answers)  # back and send again
    assert resent.status_code == 302
    assert ConsultationSubmission.objects.count() == 1


def test_easy_read_honeypot_stores_nothing(client, consultation_page, valid_answers):
    response, _ = easy_answer(client, {**valid_answers, HONEYPOT_NAME: "http://spam.example"})
    assert response.status_code == 400
    assert ConsultationSubmission.objects.count() == 0


def test_easy_read_errors_name_the_easy_read_questions(client, consultation_page, keys):
    response, _ = easy_answer(client, {})
    assert response.status_code == 200
    main = main_of(response)
    summary = text_of(main.find(id="resume-erreurs"))
    assert "Que faites-vous dans la vie ?" in summary
    assert "Votre situation" not in summary
    assert main.find("form", method="post")["action"] == EASY
    assert ConsultationSubmission.objects.count() == 0


def test_closed_consultation_easy_read_page_accepts_nothing(client, consultation_page):
    consultation_page.closes_at = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
    consultation_page.save_revision().publish()
    response = client.get(EASY)
    assert response.status_code == 200
    assert "Cette consultation est close depuis le" in text_of(main_of(response))
    late = client.post(EASY, {"form_token": "3f1b7c52-5c0e-4a53-9d55-07a3f5d1c2aa"})
    assert late.status_code == 403
    assert ConsultationSubmission.objects.count() == 0


@pytest.fixture
def logo():
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    return get_image_model().objects.create(title="logo-falc.png", file=get_test_image_file())


@pytest.mark.parametrize("proofread_by, proofread_on", [
    ("", None),
    ("Atelier FALC de l'ESAT de Dax", None),
    ("", datetime.date(2026, 3, 2)),
])
def test_no_logo_without_a_proofreading_record(
    client, consultation_page, logo, proofread_by, proofread_on
):
    consultation_page.easy_read_logo = logo
    consultation_page.easy_read_proofread_by = proofread_by
    consultation_page.easy_read_proofread_on = proofread_on
    consultation_page.save_revision().publish()
    main = main_of(client.get(EASY))
    assert main.find("img") is None
    assert "Inclusion Europe" not in text_of(main)


def test_logo_with_its_credit_line_once_proofread(client, consultation_page, logo):
    consultation_page.easy_read_logo = logo
    consultation_page.easy_read_proofread_by = "l'atelier FALC de l'ESAT de Dax"
    consultation_page.easy_read_proofread_on = datetime.date(2026, 3, 2)
    consultation_page.save_revision().publish()
    main = main_of(client.get(EASY))
    (image,) = main.find_all("img")
    assert image["alt"] == LOGO_ALT
    assert text_of(image.find_parent("figure").find("figcaption")) == CREDIT
    assert ("Ces textes ont été relus par l'atelier FALC de l'ESAT de Dax le 2 mars 2026."
            in html_lib.unescape(text_of(main)))
    # The standard version never shows it.
    assert main_of(client.get("/consultation/")).find("img") is None


def _page_data(**extra):
    """Page editor data of a new questionnaire with one question (dict)."""
    return nested_form_data({
        "title": "Questionnaire facile", "slug": "questionnaire-facile",
        "intro": rich_text(""), "thank_you_text": rich_text(""),
        "easy_read_intro": rich_text("Ce questionnaire est facile à lire."),
        "to_address": "", "from_address": "", "subject": "",
        "form_fields": inline_formset([
            {"label": "Votre avis", "help_text": "", "required": "", "field_type": "singleline",
             "choices": "", "default_value": "", "easy_read_label": "Que pensez-vous ?"},
        ]),
        "comments": inline_formset([]),
        **extra,
    })


def _post_add(client, make_user, home_page, **extra):
    from django.urls import reverse

    client.force_login(make_user("admin-falc@example.org", is_staff=True, is_superuser=True))
    url = reverse("wagtailadmin_pages:add", args=("consultation", "consultationpage", home_page.pk))
    return client.post(url, _page_data(**extra))


def test_editor_refuses_the_logo_without_a_proofreading_record(
    client, make_user, home_page, logo
):
    response = _post_add(client, make_user, home_page, easy_read_logo=logo.pk)
    assert response.status_code == 200
    page_html = html_lib.unescape(response.content.decode())
    assert "Le logo européen Facile à lire ne peut figurer que sur des textes relus" in page_html
    assert "Indiquez la date de la relecture, ou retirez le logo." in page_html
    assert not ConsultationPage.objects.filter(slug="questionnaire-facile").exists()


def test_editor_accepts_the_logo_with_its_proofreading_record(
    client, make_user, home_page, logo
):
    response = _post_add(client, make_user, home_page, easy_read_logo=logo.pk,
                         easy_read_proofread_by="Atelier FALC",
                         easy_read_proofread_on="2026-03-02")
    assert response.status_code == 302, response.content.decode()[:3000]
    page = ConsultationPage.objects.get(slug="questionnaire-facile")
    assert page.easy_read_logo_id == logo.pk
    assert page.get_form_fields()[0].easy_read_label == "Que pensez-vous ?"


def test_proofreading_cannot_be_in_the_future():
    errors = proofreading_errors(None, "Atelier FALC", datetime.date(2030, 1, 2),
                                 today=datetime.date(2030, 1, 1))
    assert str(errors["easy_read_proofread_on"]) == (
        "La date de relecture ne peut pas être dans le futur.")
    assert proofreading_errors(None, "", None) == {}


def test_api_gives_the_easy_read_texts(client, consultation_page):
    response = client.get(f"/api/v2/pages/{consultation_page.pk}/")
    assert response.status_code == 200
    first, *others = response.json()["questions"]
    assert first["choices"] == ["Oui", "Non"]
    assert first["easy_read"] == {
        "label": "Avez-vous eu des problèmes pendant le confinement ou après ?",
        "help_text": "Le confinement, c'est quand nous devions rester à la maison à cause "
                     "du Covid.",
        "choices": ["Oui, j'ai eu des problèmes", "Non, je n'ai pas eu de problème"],
    }
    consultation_page.easy_read_intro = ""
    consultation_page.save_revision().publish()
    questions = client.get(f"/api/v2/pages/{consultation_page.pk}/").json()["questions"]
    assert all(question["easy_read"] is None for question in questions)


def test_editors_preview_the_easy_read_version_of_unsaved_texts(client, make_user, home_page):
    from django.urls import reverse

    client.force_login(make_user("admin-apercu@example.org", is_staff=True, is_superuser=True))
    url = reverse("wagtailadmin_pages:preview_on_add",
                  args=("consultation", "consultationpage", home_page.pk))
    assert client.post(url, _page_data()).json()["is_valid"] is True
    response = client.get(url, {"mode": "easy_read"})
    assert response.status_code == 200
    main = main_of(response)
    assert "Ce questionnaire est facile à lire." in text_of(main)
    assert text_of(main.find("label", attrs={"for": "id_votre_avis"})) == "Que pensez-vous ?"


def test_site_wide_checks_visit_the_easy_read_version(consultation_page):
    from tests.public_pages import page_paths

    assert EASY in page_paths()
    consultation_page.easy_read_intro = ""
    consultation_page.save_revision().publish()
    assert EASY not in page_paths()
