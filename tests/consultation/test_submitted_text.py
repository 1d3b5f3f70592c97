"""Texts of the questionnaire and the proposal form as the browser sends them
(portal.forms.PlainTextFormMixin): line breaks sent as CRLF count as one character, as
the browser counts them; hidden format characters are removed (joiners kept); a text
with nothing visible is empty, so a required one is refused."""

import pytest

from tests.initiatives.test_submission_text import text_with_line_breaks

from .conftest import answer
from .proposals.test_proposals import VALID, html_of, proposal_page, propose  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

INVISIBLE = "   \xa0\xa0 \u200b\r\n\u202e"


def test_a_proposal_at_its_limit_with_line_breaks_is_accepted(client, proposal_page):
    from consultation.models import Proposal

    description = text_with_line_breaks(2000, 20)
    response, _ = propose(client, {**VALID, "description": description})
    assert response.status_code == 302, html_of(response)
    stored = Proposal.objects.get(title=VALID["title"]).description
    assert len(stored) == 2000 and stored.count("\n") == 20 and "\r" not in stored


def test_a_proposal_one_character_over_is_refused(client, proposal_page):
    from consultation.models import Proposal

    before = Proposal.objects.count()
    response, _ = propose(client, {**VALID, "description": text_with_line_breaks(2001, 20)})
    assert response.status_code == 200
    assert "au plus 2000 caractères (actuellement 2001)" in html_of(response)
    assert Proposal.objects.count() == before


@pytest.mark.parametrize("field", ["title", "description"])
def test_a_proposal_text_of_invisible_characters_is_refused(client, proposal_page, field):
    from consultation.models import Proposal

    before = Proposal.objects.count()
    response, _ = propose(client, {**VALID, field: INVISIBLE})
    assert response.status_code == 200
    html = html_of(response)
    assert f'id="id_{field}_erreur"' in html
    assert "Champ requis." in html
    assert Proposal.objects.count() == before


def test_a_proposal_loses_its_format_characters_but_keeps_joiners(client, proposal_page):
    from consultation.models import Proposal

    family = "\U0001F468\u200d\U0001F469\u200d\U0001F467"
    response, _ = propose(client, {
        **VALID, "title": "Cas bidi-title\u202eevil",
        "description": "Un jar\u200bdin\u2067 partagé\u2069 " + family,
    })
    assert response.status_code == 302
    proposal = Proposal.objects.get(title="Cas bidi-titleevil")
    assert proposal.description == "Un jardin partagé " + family


def test_a_long_answer_at_its_limit_with_line_breaks_is_accepted(client, consultation_page,
                                                                 keys, valid_answers):
    from consultation.questionnaire.forms import ConsultationFormBuilder
    from consultation.models import ConsultationSubmission

    key = keys["Avez-vous des propositions d'actions à engager ?"]
    limit = ConsultationFormBuilder.MULTILINE_MAX_LENGTH
    response, _ = answer(client, consultation_page,
                         {**valid_answers, key: text_with_line_breaks(limit, 50)})
    assert response.status_code == 302, html_of(response)
    stored = ConsultationSubmission.objects.get().form_data[key]
    assert len(stored) == limit and stored.count("\n") == 50 and "\r" not in stored


def test_a_required_answer_of_invisible_characters_is_refused(client, make_page):
    from consultation.models import ConsultationSubmission

    page = make_page("invisible", [("Votre idée", "multiline", True),
                                   ("Votre quartier", "singleline", True)])
    keys = {f.label: f.clean_name for f in page.get_form_fields()}
    response, _ = answer(client, page, {keys["Votre idée"]: INVISIBLE,
                                        keys["Votre quartier"]: "\u200b\u2060\xa0"})
    assert response.status_code == 200
    html = html_of(response)
    assert html.count("Champ requis.") >= 2
    assert not ConsultationSubmission.objects.exists()


def test_answers_lose_their_format_characters(client, make_page):
    from consultation.models import ConsultationSubmission

    page = make_page("bidi", [("Votre idée", "multiline", True),
                              ("Votre quartier", "singleline", True)])
    keys = {f.label: f.clean_name for f in page.get_form_fields()}
    response, _ = answer(client, page, {keys["Votre idée"]: "Une idée\u202e\r\nà lire",
                                        keys["Votre quartier"]: "Le Pey\u200brouat\u200f"})
    assert response.status_code == 302, html_of(response)
    data = ConsultationSubmission.objects.get().form_data
    assert data[keys["Votre idée"]] == "Une idée\nà lire"
    assert data[keys["Votre quartier"]] == "Le Peyrouat"
