"""Descriptions sent through the public form open in Wagtail's editor, and come back as
sensible plain text in the submitter's edit form after a moderator formatted them.

Wagtail's Draftail editor converts the stored rich text with its contentstate converter
(``ContentstateConverter.from_database_format``); HTML it cannot read answers 500 on
``/admin/pages/<id>/edit/``.
"""

import re

import pytest
from django.core import mail

from tests.initiatives.test_public_submission import (
    ADD_URL,
    clear_cache,  # noqa: F401  (autouse fixture: an empty cache for each test)
    valid_data,
)

FEATURES = ["bold", "italic", "link", "ul", "ol"]

#: Descriptions a resident may type (the textarea sends CRLF line breaks).
DESCRIPTIONS = {
    "one line break": "Des paniers à petit prix.\nLe mardi et le jeudi.",
    "CRLF line break": "Des paniers à petit prix.\r\nLe mardi et le jeudi.",
    "double line break": "Des paniers à petit prix.\n\nLe mardi et le jeudi.",
    "CRLF paragraphs": "Des paniers.\r\n\r\nLe mardi.\r\nLe jeudi.\r\n\r\n\r\nFin.",
    "blank lines at the ends": "\n\n  Des paniers à petit prix.\nLe mardi.\n\n\n",
    "tabs": "Horaires :\tmardi\t9 h\nJeudi :\t14 h",
    "spaces-only line": "Des paniers.\n   \nLe mardi.",
    "markup typed": "<b>gras</b> & <script>alert(1)</script>\n<p>x</p> <br> a < b",
    "long": ("Une ligne de texte assez longue pour remplir.\n" * 120)[:5000],
}


def converter_round_trip(html):
    """Blocks' texts (list of str) of ``html`` as the Draftail editor reads it."""
    import json

    from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

    state = json.loads(ContentstateConverter(features=FEATURES).from_database_format(html))
    return [block["text"] for block in state["blocks"]]


@pytest.mark.parametrize("text", list(DESCRIPTIONS.values()), ids=list(DESCRIPTIONS))
def test_plain_text_gives_html_the_editor_reads_and_gives_the_text_back(text):
    from initiatives.forms import html_to_plain_text, plain_text_to_html

    html = plain_text_to_html(text)
    blocks = converter_round_trip(html)
    expected_lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    expected_lines = [" ".join(line.split()) for line in expected_lines if line]
    got_lines = [" ".join(line.split()) for block in blocks for line in block.split("\n")]
    assert [line for line in got_lines if line] == expected_lines
    # Back to plain text: the same lines, paragraphs kept.
    back = html_to_plain_text(html)
    assert [line for line in back.split("\n") if line] == expected_lines
    assert plain_text_to_html(back) == html


def editor_lines(admin_html):
    """Non-empty lines (list of str) of the description in the admin editor's state."""
    import html
    import json

    end = admin_html.index('id="id_description"')
    tag = admin_html[admin_html.rindex("<input", 0, end):end]
    state = json.loads(html.unescape(re.search(r'value="([^"]*)"', tag).group(1)))
    return [line for block in state["blocks"] for line in block["text"].split("\n") if line]


@pytest.fixture
def superuser(make_user):
    return make_user("admin@departement.example", is_staff=True, is_superuser=True)


def submit(client, capture, **overrides):
    """POST the public form; return (page, private link path)."""
    from initiatives.models import InitiativePage

    data = valid_data(**overrides)
    with capture(execute=True):
        response = client.post(ADD_URL, data)
    assert response.status_code == 302, response.text
    link = re.search(r"http://testserver(/carte/mon-action/[\w-]+/)", mail.outbox[-1].body)
    mail.outbox.clear()
    return InitiativePage.objects.get(title=data["title"]), link.group(1)


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(DESCRIPTIONS))
def test_every_public_submission_opens_in_the_admin_editor(
    client, map_page, superuser, django_capture_on_commit_callbacks, name
):
    text = DESCRIPTIONS[name]
    page, _link = submit(client, django_capture_on_commit_callbacks,
                         title=f"Action {name}", description=text)
    client.force_login(superuser)
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    expected = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    assert editor_lines(response.text) == expected


@pytest.mark.django_db
def test_an_edit_through_the_link_after_a_moderator_formatted_the_description(
    client, map_page, superuser, django_capture_on_commit_callbacks
):
    page, link = submit(client, django_capture_on_commit_callbacks,
                        description="Des paniers.\nLe mardi.")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)  # confirm
    # A moderator formats the description in the admin (Draftail's stored format).
    draft = page.get_latest_revision_as_object()
    draft.description = (
        '<p>Des <b>paniers</b> à <i>petit</i> prix, voir '
        '<a href="https://exemple.fr/paniers">le site</a>.</p>'
        "<ul><li>le mardi</li><li>le jeudi</li></ul>"
        "<ol><li>s’inscrire</li><li>venir</li></ol>"
        '<p>Ligne 1<br/>Ligne 2 &amp; <a href="https://exemple.fr">https://exemple.fr</a></p>'
    )
    draft.save_revision(user=superuser)
    client.force_login(superuser)
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    client.logout()

    form = client.get(link + "modifier/")
    assert form.status_code == 200
    from initiatives.forms import html_to_plain_text

    text = html_to_plain_text(draft.description)
    assert text == (
        "Des paniers à petit prix, voir le site (https://exemple.fr/paniers).\n\n"
        "- le mardi\n- le jeudi\n\n"
        "1. s’inscrire\n2. venir\n\n"
        "Ligne 1\nLigne 2 & https://exemple.fr"
    )
    assert "- le mardi\n- le jeudi" in form.text
    assert "le site (https://exemple.fr/paniers)" in form.text

    data = valid_data(email=None, consent=None, description=text)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link + "modifier/", data)
    assert response.status_code == 302
    page.refresh_from_db()
    client.force_login(superuser)
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    assert editor_lines(response.text) == [line for line in text.split("\n") if line]


def random_texts(count=300, seed=20261205):
    """Random descriptions (list of str) mixing line breaks of every kind, blanks, markup
    characters, accents and non-breaking spaces (a fixed seed: the same cases each run)."""
    import random

    pieces = ["a", "Épicerie", "l’été", " ", "  ", "\t", "\n", "\r\n", "\r", "\n\n",
              "\r\n\r\n", " \n ", "<", ">", "&", "&amp;", "<br>", "</p>", '"', "'",
              "\u00a0", "\u202f", "\u2028", "x" * 60, "https://exemple.fr/?a=1&b=2"]
    generator = random.Random(seed)
    return ["".join(generator.choice(pieces) for _ in range(generator.randint(0, 40)))
            for _ in range(count)]


def test_random_descriptions_always_convert_and_round_trip():
    from initiatives.forms import html_to_plain_text, plain_text_to_html

    for text in random_texts():
        html = plain_text_to_html(text)
        converter_round_trip(html)  # never raises
        back = html_to_plain_text(html)
        assert plain_text_to_html(back) == html, repr(text)
        assert html_to_plain_text(plain_text_to_html(back)) == back


@pytest.mark.django_db
def test_descriptions_stored_before_the_fix_open_again_after_the_migration(
    client, map_page, make_action, superuser
):
    """Drafts stored with Django's ``linebreaks`` (``<br>``) before the fix."""
    import importlib

    from django.apps import apps

    from initiatives.models import InitiativePage

    page = make_action(map_page, "Action ancienne", publish=False,
                       description="<p>Des paniers.<br>Le mardi.</p>\n\n<p>Fin.</p>")
    InitiativePage.objects.filter(pk=page.pk).update(
        description="<p>Des paniers.<br>Le mardi.</p>\n\n<p>Fin.</p>")
    client.force_login(superuser)
    client.raise_request_exception = False
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 500

    module = importlib.import_module("initiatives.migrations.0005_self_closing_line_breaks")
    module.self_close_line_breaks(apps, None)
    module.self_close_line_breaks(apps, None)  # idempotent

    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    assert editor_lines(response.text) == ["Des paniers.", "Le mardi.", "Fin."]
    page.refresh_from_db()
    assert page.description == "<p>Des paniers.<br/>Le mardi.</p>\n\n<p>Fin.</p>"
