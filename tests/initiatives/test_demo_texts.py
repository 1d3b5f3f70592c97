"""The map's demo actions read like real content: descriptions written by their authors
(paragraphs, varied lengths, how to take part), no placeholder sentence, and no contact
that could reach a real person (only addresses in example.org, RFC 2606)."""

import re

from initiatives.demo import ACTIONS
from initiatives.demo_descriptions import DESCRIPTIONS

PHONE = re.compile(r"\b0\d(?:[ .]?\d\d){4}\b")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def test_every_demo_action_has_its_own_description():
    titles = [row[1] for row in ACTIONS]
    assert set(DESCRIPTIONS) == set(titles)
    texts = list(DESCRIPTIONS.values())
    assert len(set(texts)) == len(texts)
    for title, html in DESCRIPTIONS.items():
        assert html.startswith("<p>") and html.endswith(("</p>", "</ul>")), title
        assert "Action recensée" not in html, title
        # More than the summary: a description adds to what the list already says.
        summary = next(row[2] for row in ACTIONS if row[1] == title)
        assert len(html) > 2 * len(summary), title


def test_descriptions_vary_in_length_and_shape():
    paragraphs = [html.count("<p>") for html in DESCRIPTIONS.values()]
    assert min(paragraphs) == 1 and max(paragraphs) >= 3
    lengths = sorted(len(html) for html in DESCRIPTIONS.values())
    assert lengths[-1] > 2.5 * lengths[0]
    assert any("<ul>" in html for html in DESCRIPTIONS.values())


def test_no_invented_phone_number_or_real_looking_address():
    for html in DESCRIPTIONS.values():
        assert not PHONE.search(html), html
        assert all(m.endswith("example.org") for m in EMAIL.findall(html)), html
    for row in ACTIONS:
        contact = row[-1]
        assert contact == "" or contact.endswith("@example.org"), row[1]


def test_loaded_demo_pages_carry_the_descriptions(db):
    from initiatives.models import InitiativePage

    pages = InitiativePage.objects.live().filter(title__in=list(DESCRIPTIONS))
    assert pages.count() >= 30
    for page in pages:
        assert page.description == DESCRIPTIONS[page.title]
        assert "Action recensée" not in page.description
