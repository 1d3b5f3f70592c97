"""Texts of the map form as the browser sends them (portal.forms.PlainTextFormMixin).

A browser counts a line break as one character (``maxlength``) but sends it as CRLF;
the summary is shown as a textarea but is one line on the page; invisible characters
(zero-width space, bidirectional overrides) hide or disguise text.
"""

import pytest

from tests.initiatives.test_public_submission import ADD_URL, post, stored_counts, valid_data

pytestmark = pytest.mark.django_db


def stored_page(title="Épicerie solidaire du Peyrouat"):
    """The latest revision of the action stored with ``title`` (InitiativePage)."""
    from initiatives.models import InitiativePage

    return InitiativePage.objects.get(title=title).get_latest_revision_as_object()


def text_with_line_breaks(length, breaks):
    """``length`` characters (str) of which ``breaks`` are CRLF line breaks counted as
    one, as the browser counts them: the posted text has ``length + breaks`` chars."""
    line = "x" * ((length - breaks) // (breaks + 1))
    text = "\n".join([line] * breaks)
    text += "\n" + "y" * (length - len(text) - 1)
    assert len(text) == length and text.count("\n") == breaks
    return text.replace("\n", "\r\n")


def test_a_description_at_the_limit_with_line_breaks_is_accepted(client, django_capture_on_commit_callbacks):
    from initiatives.forms import DESCRIPTION_MAX, html_to_plain_text

    description = text_with_line_breaks(DESCRIPTION_MAX, 50)
    assert len(description) == DESCRIPTION_MAX + 50
    response = post(client, valid_data(description=description),
                    django_capture_on_commit_callbacks)
    assert response.status_code == 302, response.text
    stored = html_to_plain_text(str(stored_page().description))
    assert stored.count("\n") == 50 and "\r" not in stored


def test_one_character_more_is_still_refused(client, django_capture_on_commit_callbacks):
    from initiatives.forms import DESCRIPTION_MAX

    before = stored_counts()
    response = post(client, valid_data(description=text_with_line_breaks(DESCRIPTION_MAX + 1, 50)),
                    django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert "au plus 5000 caractères (actuellement 5001)" in response.text
    assert stored_counts() == before


def test_line_breaks_of_the_summary_become_spaces(client, django_capture_on_commit_callbacks):
    response = post(client, valid_data(summary="Des paniers\r\nà petit prix,\rle mardi\n\net le jeudi."),
                    django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert stored_page().summary == "Des paniers à petit prix, le mardi et le jeudi."


@pytest.mark.parametrize("description", [
    "   \xa0\xa0 \u200b", "\u200b\u200b", "\r\n\u2060\ufeff\r\n", "\u202e\u200e\u00ad",
    "\u3164\u2800 \u034f",
])
def test_a_description_of_invisible_characters_is_refused(client, description,
                                                          django_capture_on_commit_callbacks):
    before = stored_counts()
    response = post(client, valid_data(description=description), django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert "Décrivez l’action en quelques lignes." in response.text
    assert stored_counts() == before


def test_a_title_of_invisible_characters_is_refused(client, django_capture_on_commit_callbacks):
    response = post(client, valid_data(title="\u200b\u202e\xa0"), django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert "Donnez un nom à l’action." in response.text


def test_format_characters_are_removed_but_joiners_kept(client, django_capture_on_commit_callbacks):
    from initiatives.forms import html_to_plain_text

    family = "\U0001F468\u200d\U0001F469\u200d\U0001F467"  # ZWJ sequence
    england = "\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F"
    response = post(client, valid_data(
        title="Cas bidi-title\u202eevil",
        summary="Pa\u200bniers\u2066 isolés\u2069 " + family,
        organisation="Les A\u00admis\ufeff du Pey\u200erouat\u200f",
        description="Des paniers\u200b frais " + england + ".\nMi\u200ckhâ\u202a\u202cil.",
    ), django_capture_on_commit_callbacks)
    assert response.status_code == 302
    page = stored_page("Cas bidi-titleevil")
    assert page.summary == "Paniers isolés " + family
    assert page.organisation == "Les Amis du Peyrouat"
    assert html_to_plain_text(str(page.description)) == \
        "Des paniers frais " + england + ".\nMi\u200ckhâil."
