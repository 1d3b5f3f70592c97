"""Question types and rules of the questionnaire: word-for-word options (a comma never
splits one), "Other, please specify", yes/no, section headings, conditional questions
(server side, with and without JavaScript), opening dates, and contact details kept
apart under a separate consent."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from consultation.models import ConsultationContact, ConsultationPage, ConsultationSubmission

from ..conftest import answer, read_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def build_page(home_page):
    """Factory: ``build_page(slug, [dict(label=..., field_type=..., ...)], **page_fields)``
    -> a live ConsultationPage whose questions take any FormField attribute."""
    from consultation.models import FormField

    def factory(slug, questions, **page_fields):
        page = ConsultationPage(
            title=f"Test {slug}", slug=slug, **page_fields,
            form_fields=[
                FormField(sort_order=i, **{"required": False, **question})
                for i, question in enumerate(questions)
            ],
        )
        home_page.add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
        return page

    return factory


def export_rows(client, make_user, page):
    """The committee CSV of ``page`` as a list of rows (lists of str)."""
    import csv
    import io

    member = make_user("comite-regles@example.org", groups=["Comité Nouvelles solidarités"])
    client.force_login(member)
    response = client.get(f"/admin/comite/{page.pk}/export.csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    client.logout()
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("choices", [
    "Alimentation\nLogement\nMobilité, transport",
    "Alimentation\r\nLogement\r\nMobilité, transport",
    "Alimentation\rLogement\rMobilité, transport\n",
])
def test_c3_options_are_lines_word_for_word(client, make_user, build_page, choices):
    page = build_page("c3", [dict(label="Domaines", field_type="checkboxes", choices=choices)])
    html = client.get(page.url).content.decode()
    assert html.count('name="domaines"') == 3
    assert 'value="Mobilité, transport"' in html
    response, _ = answer(client, page, {"domaines": [
        "Alimentation", "Logement", "Mobilité, transport"]})
    assert response.status_code == 302
    (submission,) = ConsultationSubmission.objects.filter(page=page)
    assert submission.form_data["domaines"] == ["Alimentation", "Logement", "Mobilité, transport"]
    header, row = export_rows(client, make_user, page)
    assert row[header.index("Domaines")] == "Alimentation; Logement; Mobilité, transport"


def test_an_option_with_a_comma_alone_stays_one_option(client, build_page):
    page = build_page("virgule", [dict(label="Satisfait ?", field_type="radio",
                                       choices="Oui, tout à fait")])
    html = client.get(page.url).content.decode()
    assert html.count('name="satisfait"') == 1
    assert 'value="Oui, tout à fait"' in html


def test_other_please_specify_stays_with_its_choice(client, make_user, build_page):
    page = build_page("autre", [
        dict(label="Par qui ?", field_type="radio", choices="Famille\nVoisins",
             allow_other=True, required=True),
        dict(label="Remarque", field_type="singleline"),
    ])
    html = client.get(page.url).content.decode()
    assert "Autre (précisez)" in html and 'name="par_qui__autre"' in html

    # "Autre" without its text: a French error, nothing stored.
    response, _ = answer(client, page, {"par_qui": "Autre", "par_qui__autre": " "})
    assert response.status_code == 200
    assert "Précisez votre réponse « Autre »." in response.content.decode()
    assert not ConsultationSubmission.objects.filter(page=page).exists()

    answer(client, page, {"par_qui": "Autre", "par_qui__autre": "Le club de rugby"})
    # A text typed but another choice ticked: the text is not kept.
    answer(client, page, {"par_qui": "Famille", "par_qui__autre": "oublié", "remarque": "x"})
    stored = [s.form_data for s in ConsultationSubmission.objects.filter(page=page)]
    assert stored[0] == {"par_qui": "Autre", "par_qui__autre": "Le club de rugby", "remarque": ""}
    assert "par_qui__autre" not in stored[1]

    header, *rows = export_rows(client, make_user, page)
    # After the id, the date and the answer's provenance (channel, version, operator,
    # batch, form number).
    assert header[7:] == ["Par qui ?", "Par qui ? — autre (précisez)", "Remarque"]
    assert rows[0][2:9] == ["En ligne", "Standard", "", "", "", "Autre", "Le club de rugby"]


def test_yes_no_and_section_heading(client, make_user, build_page):
    page = build_page("oui-non", [
        dict(label="Votre situation pendant la crise", field_type="heading"),
        dict(label="Avez-vous télétravaillé ?", field_type="yes_no", required=True),
    ])
    html = client.get(page.url).content.decode()
    assert '<h2 class="form-section">Votre situation pendant la crise</h2>' in html
    assert 'name="votre_situation_pendant_la_crise"' not in html
    response, _ = answer(client, page, {"avez_vous_teletravaille": "Peut-être"})
    assert response.status_code == 200
    answer(client, page, {"avez_vous_teletravaille": "Oui"})
    (submission,) = ConsultationSubmission.objects.filter(page=page)
    assert submission.form_data == {"avez_vous_teletravaille": "Oui"}
    header, row = export_rows(client, make_user, page)
    assert header[7:] == ["Avez-vous télétravaillé ?"] and row[7] == "Oui"


@pytest.fixture
def conditional_page(build_page):
    return build_page("conditions", [
        dict(label="Avez-vous rencontré des difficultés ?", field_type="yes_no", required=True),
        dict(label="Dans quel(s) domaine(s) ?", field_type="themes", required=True,
             show_if_question="Avez-vous rencontré des difficultés ?", show_if_value="Oui"),
        dict(label="Depuis quand ?", field_type="singleline", required=True,
             show_if_question="dans_quel_s_domaine_s", show_if_value="logement"),
    ])


def test_without_javascript_every_question_is_shown_with_its_condition(client, conditional_page):
    html = client.get(conditional_page.url).content.decode()
    assert 'name="dans_quel_s_domaine_s"' in html and 'name="depuis_quand"' in html
    assert ("Répondez seulement si vous avez répondu « Oui » à « Avez-vous rencontré des "
            "difficultés ? ».") in html
    assert 'data-show-if-key="avez_vous_rencontre_des_difficultes" data-show-if-value="Oui"' in html


def test_hidden_question_is_not_required_and_not_stored(client, conditional_page):
    # "Non": the domain question is hidden, even if the browser (no JS) sent an answer.
    response, _ = answer(client, conditional_page, {
        "avez_vous_rencontre_des_difficultes": "Non",
        "dans_quel_s_domaine_s": ["logement"], "depuis_quand": "mars",
    })
    assert response.status_code == 302
    (submission,) = ConsultationSubmission.objects.filter(page=conditional_page)
    assert submission.form_data == {"avez_vous_rencontre_des_difficultes": "Non"}


def test_shown_question_is_required(client, conditional_page):
    response, _ = answer(client, conditional_page, {"avez_vous_rencontre_des_difficultes": "Oui"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#id_dans_quel_s_domaine_s_0"' in html  # in the error summary
    assert "Champ requis." in html  # the message of every required question
    assert not ConsultationSubmission.objects.filter(page=conditional_page).exists()


def test_chained_conditions(client, conditional_page):
    answer(client, conditional_page, {
        "avez_vous_rencontre_des_difficultes": "Oui",
        "dans_quel_s_domaine_s": ["alimentation"], "depuis_quand": "ignoré",
    })
    answer(client, conditional_page, {
        "avez_vous_rencontre_des_difficultes": "Oui",
        "dans_quel_s_domaine_s": ["logement"], "depuis_quand": "avril 2020",
    })
    first, second = (s.form_data for s in
                     ConsultationSubmission.objects.filter(page=conditional_page))
    assert "depuis_quand" not in first
    assert second["depuis_quand"] == "avril 2020"


def test_admin_refuses_a_condition_on_an_unknown_or_later_question(client, make_user, home_page):
    from django.urls import reverse
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    admin = make_user("admin-cond@example.org", is_staff=True, is_superuser=True)
    client.force_login(admin)

    def field(label, show_if="", value=""):
        return {"label": label, "help_text": "", "required": "", "field_type": "yes_no",
                "choices": "", "default_value": "", "show_if_question": show_if,
                "show_if_value": value}

    data = nested_form_data({
        "title": "Conditions", "slug": "conditions-admin", "intro": rich_text(""),
        "thank_you_text": rich_text(""), "to_address": "", "from_address": "", "subject": "",
        "contact_question": "Question absente", "contact_value": "Oui",
        "form_fields": inline_formset([
            field("Première", show_if="Seconde", value="Oui"),
            field("Seconde"),
        ]),
        "comments": inline_formset([]),
    })
    url = reverse("wagtailadmin_pages:add", args=("consultation", "consultationpage", home_page.pk))
    html = client.post(url, data).content.decode()
    assert "Aucune question placée avant celle-ci" in html
    assert "Aucune question de ce formulaire" in html
    assert not ConsultationPage.objects.filter(slug="conditions-admin").exists()


@pytest.mark.parametrize("opens, closes, message", [
    (1, None, "Cette consultation ouvrira le"),
    (None, -1, "Cette consultation est close depuis le"),
])
def test_outside_opening_dates_nothing_is_accepted(client, build_page, opens, closes, message):
    now = timezone.now()
    page = build_page("dates", [dict(label="Avis", field_type="singleline")],
                      opens_at=now + datetime.timedelta(days=opens) if opens else None,
                      closes_at=now + datetime.timedelta(days=closes) if closes else None)
    response = client.get(page.url)
    html = response.content.decode()
    assert response.status_code == 200 and message in html
    assert 'name="avis"' not in html
    late = client.post(page.url, {"form_token": "3f1b7c52-5c0e-4a53-9d55-07a3f5d1c2aa",
                                  "avis": "trop tard"})
    assert late.status_code == 403
    assert "Vos réponses n’ont pas été enregistrées" in late.content.decode()
    assert "private" in late["Cache-Control"]
    assert not ConsultationSubmission.objects.filter(page=page).exists()


def test_open_between_dates(client, build_page):
    now = timezone.now()
    page = build_page("ouverte", [dict(label="Avis", field_type="singleline")],
                      opens_at=now - datetime.timedelta(days=1),
                      closes_at=now + datetime.timedelta(days=1))
    response, _ = answer(client, page, {"avis": "à l'heure"})
    assert response.status_code == 302


@pytest.fixture
def role_page(build_page):
    return build_page("role", [
        dict(label="Souhaitez-vous jouer un rôle ?", field_type="yes_no", required=True),
    ], contact_question="Souhaitez-vous jouer un rôle ?", contact_value="Oui")


def test_contact_needs_its_own_consent(client, role_page):
    response, _ = answer(client, role_page, {
        "souhaitez_vous_jouer_un_role": "Oui", "contact_email": "marie@example.org"})
    assert response.status_code == 200
    assert "Cochez cette case" in response.content.decode()
    assert not ConsultationSubmission.objects.exists()
    assert not ConsultationContact.objects.exists()


def test_contact_is_kept_apart_from_the_answers(client, role_page, settings):
    answer(client, role_page, {
        "souhaitez_vous_jouer_un_role": "Oui", "contact_name": "Marie Dupont",
        "contact_email": "marie@example.org", "contact_consent": "on"})
    (submission,) = ConsultationSubmission.objects.all()
    assert submission.form_data == {"souhaitez_vous_jouer_un_role": "Oui"}
    assert "marie" not in str(submission.form_data).lower()
    contact = submission.contact
    assert (contact.name, contact.email) == ("Marie Dupont", "marie@example.org")
    assert contact.privacy_notice_version == settings.PORTAL_PRIVACY_NOTICE_VERSION


def test_contact_given_with_no_is_dropped(client, role_page):
    answer(client, role_page, {
        "souhaitez_vous_jouer_un_role": "Non", "contact_email": "paul@example.org",
        "contact_consent": "on"})
    assert ConsultationSubmission.objects.count() == 1
    assert not ConsultationContact.objects.exists()


def test_purge_contacts_after_the_retention_period(client, role_page, settings):
    settings.PORTAL_CONTACT_RETENTION_DAYS = 365
    answer(client, role_page, {
        "souhaitez_vous_jouer_un_role": "Oui", "contact_email": "a@example.org",
        "contact_consent": "on"})
    # Still open: kept. Closed 366 days ago: deleted, the answers stay.
    call_command("purge_contacts", verbosity=0)
    assert ConsultationContact.objects.count() == 1
    ConsultationPage.objects.filter(pk=role_page.pk).update(
        closes_at=timezone.now() - datetime.timedelta(days=366))
    call_command("purge_contacts", verbosity=0)
    assert not ConsultationContact.objects.exists()
    assert ConsultationSubmission.objects.count() == 1


def test_form_token_field_is_still_first_hidden(client, role_page):
    assert read_token(client.get(role_page.url))


def test_same_answers_sent_again_with_contact_details_are_not_dropped(client, role_page):
    answer(client, role_page, {"souhaitez_vous_jouer_un_role": "Oui"})
    answer(client, role_page, {"souhaitez_vous_jouer_un_role": "Oui",
                               "contact_email": "lea@example.org", "contact_consent": "on"})
    assert ConsultationSubmission.objects.count() == 2
    assert ConsultationContact.objects.get().email == "lea@example.org"


def test_admin_refuses_a_condition_value_the_question_can_never_have(client, make_user,
                                                                   home_page):
    """"Peut-être" on a yes/no question, or a label where a fixed list stores its key:
    the question could never show; the editor says which answers are possible."""
    from django.urls import reverse
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    from consultation.models import ConsultationPage

    admin = make_user("admin-cond-value@example.org", is_staff=True, is_superuser=True)
    client.force_login(admin)

    def field(label, field_type="yes_no", show_if="", value="", choices=""):
        return {"label": label, "help_text": "", "required": "", "field_type": field_type,
                "choices": choices, "default_value": "", "show_if_question": show_if,
                "show_if_value": value}

    def post(questions, contact_value="Oui"):
        data = nested_form_data({
            "title": "Valeurs", "slug": "conditions-valeurs", "intro": rich_text(""),
            "thank_you_text": rich_text(""), "to_address": "", "from_address": "",
            "subject": "", "contact_question": "Rôle ?", "contact_value": contact_value,
            "form_fields": inline_formset(questions), "comments": inline_formset([]),
        })
        url = reverse("wagtailadmin_pages:add",
                      args=("consultation", "consultationpage", home_page.pk))
        return client.post(url, data)

    html = post([
        field("Rôle ?"),
        field("Lequel ?", field_type="singleline", show_if="Rôle ?", value="Peut-être"),
        field("Situation", field_type="situation"),
        field("Depuis ?", field_type="singleline", show_if="Situation", value="Retraité·e"),
        field("Moyen", field_type="radio", choices="Voiture\nBus"),
        field("Ligne ?", field_type="singleline", show_if="Moyen", value="bus"),
    ], contact_value="Peut-être").content.decode()
    assert "« Peut-être » n’est pas une réponse de la question « Rôle ? »" in html
    assert "Réponses possibles : « Oui », « Non »." in html
    assert "« Retraité·e » n’est pas une réponse de la question « Situation »" in html
    assert "« retraite »" in html
    # "bus" is "Bus" as the public form compares (case-insensitive): accepted.
    assert "« bus » n’est pas" not in html
    assert not ConsultationPage.objects.filter(slug="conditions-valeurs").exists()
