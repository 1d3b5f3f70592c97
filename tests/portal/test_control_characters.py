"""Control characters never reach the database from a public form (portal.forms).

C0 controls (``\\x01``, ESC ``\\x1b``...), DEL and C1 controls are invisible and break
exports, terminals and e-mails. Every public form drops them; a multi-line text keeps
its line breaks (CRLF and CR become LF) and tabs, and turns a vertical tab, form feed,
NEL, U+2028 or U+2029 (a line break pasted from a word processor) into a line break; a
one-line text turns every such break and tab into a space. Hidden format characters
(zero-width space, bidirectional controls) go too, the joiners stay.
"""

import re
import unicodedata

import pytest

from tests.consultation.conftest import read_token
from tests.initiatives.test_public_submission import ADD_URL, valid_data

pytestmark = pytest.mark.django_db

#: Any control character other than tab, line feed and carriage return, and the Unicode
#: line/paragraph separators.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
#: In a one-line text even tabs and line breaks are gone.
FORBIDDEN_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def test_clean_text_rules():
    from portal.forms import clean_text

    assert clean_text("Épi\x01cerie\x1b[31m rouge", multiline=False) == "Épicerie[31m rouge"
    assert clean_text("a\tb\nc\r\nd\u2028e", multiline=False) == "a b c d e"
    assert clean_text("a\tb\nc\r\nd\re", multiline=True) == "a\tb\nc\nd\ne"
    assert clean_text("un\x0bdeux\u2029trois\x85quatre\x0cfin", multiline=True) == \
        "un\ndeux\ntrois\nquatre\nfin"
    assert clean_text("nul\x00\x7f\x9b", multiline=True) == "nul"
    assert clean_text("a\u200bb\u202ec\u2066d\u2069\u200ee\u200ff\ufeffg\xadh\u2060i",
                      multiline=False) == "abcdefghi"
    assert clean_text("Mi\u200ckha\u200dil", multiline=False) == "Mi\u200ckha\u200dil"
    england = "\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F"
    assert clean_text(f"a{england}\U000E0068\U000E0069 b\U000E0041", multiline=False) == \
        f"a{england} b"  # tags outside a flag are hidden text
    for blank in (" \xa0\u200b", "\r\n\u202f\u3000", "\u3164\u2800\u034f", "\u200d"):
        assert clean_text(blank, multiline=True) == "", repr(blank)
    for code in range(0x110000):
        char = chr(code)
        if unicodedata.category(char) == "Cf" and char not in "\u200c\u200d":
            assert char not in clean_text(f"a{char}b", multiline=False) or \
                char in "\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2" \
                "\U000110bd\U000110cd", hex(code)
    for code in list(range(0x20)) + list(range(0x7F, 0xA0)):
        cleaned = clean_text(f"a{chr(code)}b", multiline=False)
        assert not any(unicodedata.category(c) == "Cc" for c in cleaned), hex(code)


def test_the_map_form_stores_no_control_character(client, django_capture_on_commit_callbacks):
    from initiatives.forms import html_to_plain_text
    from initiatives.models import InitiativePage

    data = valid_data(
        form_token=read_token(client.get(ADD_URL)),
        title="Épicerie\x01 solidaire\x1b[2J",
        organisation="Les Amis\x1b du Peyrouat",
        address="12 rue\x01 des Lilas",
        public_contact="contact@amis\x01-peyrouat.example",
        tags="épi\x01cerie, paniers\x1b",
        description="Des paniers\x01 frais.\n\nLe mardi\x1b et le jeudi.\x0bLe samedi aussi.",
        summary="Paniers\x1b à petit prix\x01",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ADD_URL, data)
    assert response.status_code == 302
    page = InitiativePage.objects.get(title="Épicerie solidaire[2J")
    stored = page.get_latest_revision_as_object()
    for value in (stored.title, stored.organisation, stored.address, stored.public_contact,
                  stored.summary, *[tag.name for tag in stored.tags.all()]):
        assert not FORBIDDEN_ONE_LINE.search(value), repr(value)
    description = html_to_plain_text(str(stored.description))
    assert not FORBIDDEN.search(description)
    assert "Le mardi et le jeudi.\nLe samedi aussi." in description
    assert stored.submitter.email == "marie.dupont@example.org"


def test_the_map_form_with_only_control_characters_in_a_required_field_is_refused(client):
    from tests.initiatives.test_public_submission import stored_counts

    before = stored_counts()
    response = client.post(ADD_URL, valid_data(title="\x01\x1b"))
    assert response.status_code == 400
    assert "Donnez un nom à l’action." in response.text
    assert stored_counts() == before


def test_the_questionnaire_stores_no_control_character(client):
    from consultation.models import ConsultationContact, ConsultationSubmission
    from consultation.models import ConsultationPage

    page = ConsultationPage.objects.get(slug="consultation")
    keys = {f.label: f.clean_name for f in page.get_form_fields()}
    text_key = keys["Avez-vous des propositions d'actions à engager ?"]
    data = {
        "form_token": read_token(client.get("/consultation/")),
        keys["Avez-vous rencontré des difficultés pendant et/ou après le confinement ?"]: "Non",
        keys["Avez-vous été aidé(e) ?"]: "Non",
        text_key: "Une épicerie\x01 mobile.\r\nLe \x1bmardi.\x0bEt le jeudi.",
        keys["Souhaitez-vous jouer un rôle ?"]: "Oui",
        "contact_name": "Marie\x01 Du\x1bpont",
        "contact_phone": "05 58\x01 00 00 00",
        "contact_consent": "on",
        keys["Votre commune"]: "40192",
        keys["Votre tranche d'âge"]: "35-49",
        keys["Votre situation"]: "emploi",
    }
    response = client.post("/consultation/", data)
    assert response.status_code == 302, response.content.decode()
    (submission,) = ConsultationSubmission.objects.all()
    assert submission.form_data[text_key] == "Une épicerie mobile.\nLe mardi.\nEt le jeudi."
    assert not FORBIDDEN.search(repr(submission.form_data))
    contact = ConsultationContact.objects.get(submission=submission)
    assert (contact.name, contact.phone) == ("Marie Dupont", "05 58 00 00 00")


def test_the_proposal_form_stores_no_control_character(client):
    from consultation.models import Proposal, ProposalContact

    data = {
        "form_token": read_token(client.get("/propositions/")),
        "title": "Un jardin\x01 partagé\x1b",
        "description": "Des parcelles\x1b cultivées.\n\tEnsemble.\x01",
        "themes": ["alimentation"],
        "commune": "40088",
        "contact_consent": "on",
        "contact_name": "Jean\x1b Martin\x01",
        "contact_email": "jean.martin@example.org",
    }
    response = client.post("/propositions/", data)
    assert response.status_code == 302, response.content.decode()
    proposal = Proposal.objects.get(title="Un jardin partagé")
    assert proposal.description == "Des parcelles cultivées.\n\tEnsemble."
    assert ProposalContact.objects.get(proposal=proposal).name == "Jean Martin"
