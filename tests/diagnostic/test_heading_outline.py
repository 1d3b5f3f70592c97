"""A chapter's outline never skips a level (RGAA 9.1): a level-3 heading with no level-2
heading before it is drawn as a level 2, in the page and in its table of contents; the
editorial stream of the home page follows the same rule (portal.blocks.heading_levels)."""

import re
import uuid

from diagnostic.models import DiagnosticChapterPage, DiagnosticIndexPage
from diagnostic.toc import table_of_contents
from portal.blocks import BaseStreamBlock


def heading(text, level):
    return {"type": "heading", "id": str(uuid.uuid4()), "value": {"text": text, "level": level}}


def outline(html):
    return re.findall(r"<(h[1-6])[^>]*>([^<]*)<", html.split('class="chapter-body"')[-1])


def test_a_level_3_heading_first_in_a_chapter_is_drawn_as_level_2(client, db):
    index = DiagnosticIndexPage.objects.get()
    page = DiagnosticChapterPage(title="Chapitre", slug="chapitre-plan")
    page.body = [heading("Avant tout", "h3"),
                 {"type": "paragraph", "id": str(uuid.uuid4()), "value": "<p>Texte.</p>"},
                 heading("Partie", "h2"), heading("Détail", "h3")]
    index.add_child(instance=page)
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert outline(html)[:3] == [("h2", "Avant tout"), ("h2", "Partie"), ("h3", "Détail")]
    toc = table_of_contents(page.body)
    assert [(entry.text, entry.level, [c.text for c in entry.children]) for entry in toc] == [
        ("Avant tout", 2, []), ("Partie", 2, ["Détail"])]


def test_the_editorial_stream_draws_headings_at_their_outline_level():
    block = BaseStreamBlock()
    value = block.to_python([heading("Seul", "h3"), heading("Partie", "h2"),
                             heading("Sous-partie", "h3")])
    html = str(block.render(value))
    assert re.findall(r"<(h[23])>([^<]*)<", html) == [
        ("h2", "Seul"), ("h2", "Partie"), ("h3", "Sous-partie")]
