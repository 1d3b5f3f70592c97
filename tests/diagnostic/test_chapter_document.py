"""Diagnostic chapter as a document: key-figure grids, source notes, document sizes,
anchors and permanent links, table of contents, print stylesheet, block previews."""

import re
from decimal import Decimal
import uuid
from html import unescape
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation
from wagtail.documents.models import Document

from diagnostic.blocks import DiagnosticStreamBlock, KeyFiguresBlock, SourceNoteBlock
from diagnostic.documents import document_details, file_size_text
from diagnostic.models import DiagnosticChapterPage, DiagnosticIndexPage
from diagnostic.toc import table_of_contents
from portal.csv_files import csv_text

NBSP = "\xa0"


def plain(html):
    """Visible text with entities decoded and no-break spaces as spaces."""
    return unescape(re.sub(r"<[^>]+>", " ", html)).replace(NBSP, " ").replace("\u202f", " ")


def squash(text):
    return re.sub(r"\s+", " ", text)


def render(block, raw, **context):
    with translation.override("fr"):
        return block.render(block.to_python(raw), context=context or None)


FULL = {
    "value": "12.5", "unit": "%", "label": "taux de pauvreté", "territory": "Mont-de-Marsan",
    "year": 2021, "source": "INSEE, Filosofi", "source_url": "https://www.insee.fr/fr/",
    "departement_value": "12.5", "france_value": "14.6",
    "previous_value": "11.2", "previous_year": 2015,
}
MINIMAL = {"value": "327", "label": "communes", "source": "INSEE"}


def grid(*figures, title="Chiffres clés du territoire"):
    return {"title": title, "figures": list(figures)}


# --- key_figures ----------------------------------------------------------------------


def test_key_figures_with_every_field():
    text = squash(plain(render(KeyFiguresBlock(), grid(FULL))))
    assert "12,5 %" in text
    assert "taux de pauvreté (Mont-de-Marsan, 2021)" in text
    assert "Landes : 12,5 % · France : 14,6 %" in text
    assert "+1,3 points depuis 2015" in text  # a rate changes in points
    assert 'href="https://www.insee.fr/fr/"' in render(KeyFiguresBlock(), grid(FULL))
    assert "Chiffres clés du territoire" in text
    assert "millésime non précisé" not in text


def test_key_figures_without_optional_fields():
    html = render(KeyFiguresBlock(), grid(MINIMAL, title=""))
    text = squash(plain(html))
    assert "327" in text and "communes (millésime non précisé)" in text
    assert "Source : INSEE" in text
    assert "Landes :" not in text and "France :" not in text and "depuis" not in text
    assert "None" not in html and "<a " not in html  # no source link, no CSV link out of a page
    assert 'aria-hidden="true"' not in html


def test_key_figures_territory_without_year():
    text = squash(plain(render(KeyFiguresBlock(), grid({**MINIMAL, "territory": "Dax"}))))
    assert "(Dax, millésime non précisé)" in text


def test_key_figures_trend_with_sign_and_percentage():
    rise = {"value": "408678", "unit": "habitants", "label": "population", "source": "INSEE",
            "previous_value": "407444", "previous_year": 2015}
    html = render(KeyFiguresBlock(), grid(rise))
    text = squash(plain(html))
    assert "+1 234 depuis 2015 (+0,3 %)" in text
    # The arrow is decoration, after the text, hidden from screen readers.
    assert re.search(r'depuis 2015 \(\+0,3\xa0%\)&nbsp;<span class="key-figure-arrow" '
                     r'aria-hidden="true">↗</span>', html)
    fall = {**rise, "value": "1000", "previous_value": "1250", "previous_year": None}
    text = squash(plain(render(KeyFiguresBlock(), grid(fall))))
    assert "−250 depuis la valeur précédente (−20 %)" in text
    flat = {**rise, "value": "5", "previous_value": "5"}
    assert "stable depuis 2015" in squash(plain(render(KeyFiguresBlock(), grid(flat))))
    from_zero = {**rise, "value": "5", "previous_value": "0"}
    text = squash(plain(render(KeyFiguresBlock(), grid(from_zero))))
    assert "+5 depuis 2015" in text and "%" not in text.split("depuis 2015")[1][:5]


def test_key_figures_comparison_with_one_value_only():
    text = squash(plain(render(KeyFiguresBlock(), grid({**MINIMAL, "france_value": "34945"}))))
    assert "France : 34 945" in text and "Landes :" not in text


def test_key_figures_labels_are_escaped():
    html = render(KeyFiguresBlock(), grid({**MINIMAL, "label": "<script>x</script>"},
                                          title="<b>t</b>"))
    assert "<script>" not in html and "<b>t</b>" not in html
    assert "&lt;script&gt;" in html


def test_key_figures_table():
    block = KeyFiguresBlock()
    with translation.override("fr"):
        table = block.get_table(block.to_python(grid(FULL, MINIMAL)))
    assert table.caption == "Chiffres clés du territoire"
    assert table.columns == ["Valeur", "Landes", "France", "Valeur antérieure"]
    assert [row.label for row in table.rows] == [
        "taux de pauvreté (%) – Mont-de-Marsan, 2021 (valeur antérieure : 2015)",
        "communes – millésime non précisé",
    ]
    assert [[cell.csv_value for cell in row.cells] for row in table.rows] == [
        [Decimal("12.5"), Decimal("12.5"), Decimal("14.6"), Decimal("11.2")],
        [327, "", "", ""],
    ]
    assert table.source == "INSEE, Filosofi; INSEE"


# --- source note, document ------------------------------------------------------------


def test_source_note_with_and_without_link():
    html = render(SourceNoteBlock(), {"text": "INSEE, RP 2021", "url": "https://insee.fr/"})
    assert 'Source : <a href="https://insee.fr/">INSEE, RP 2021</a>' in html
    assert 'class="source-note"' in html
    html = render(SourceNoteBlock(), {"text": "CAF des Landes", "url": ""})
    assert "Source : CAF des Landes" in html and "<a" not in html


def test_file_size_in_french():
    with translation.override("fr"):
        assert file_size_text(1) == f"1{NBSP}octet"
        assert file_size_text(13) == f"13{NBSP}octets"
        assert file_size_text(1258291) == f"1,2{NBSP}Mo"
        assert file_size_text(2048) == f"2{NBSP}Ko"
        assert file_size_text(3 * 1024 ** 3) == f"3{NBSP}Go"
        assert file_size_text(None) == ""


@pytest.mark.django_db
def test_document_details_format_and_size():
    document = Document.objects.create(title="Rapport")
    document.file.save("rapport.pdf", ContentFile(b"%PDF" * 10), save=True)
    document.file_size = 1258291
    document.save()
    with translation.override("fr"):
        assert document_details(document) == f"PDF, 1,2{NBSP}Mo"
        html = render(DiagnosticStreamBlock().child_blocks["document"],
                      {"document": document.pk, "title": ""})
    assert f"(PDF, 1,2{NBSP}Mo)" in html


@pytest.mark.django_db
def test_index_shows_the_report_with_its_size_and_chapter_summaries(client):
    index = DiagnosticIndexPage.objects.get()
    document = Document.objects.create(title="Rapport & annexes")
    document.file.save("rapport.pdf", ContentFile(b"%PDF-1.4"), save=True)
    document.file_size = 1258291
    document.save()
    index.report = document
    index.save_revision().publish()
    body = client.get(index.url).content.decode()
    assert f"(PDF, 1,2{NBSP}Mo)" in body or "(PDF, 1,2&nbsp;Mo)" in body
    assert "Télécharger le rapport « Rapport &amp; annexes »" in body
    assert "&amp;amp;" not in body
    for chapter in index.live_chapters():
        assert chapter.summary and chapter.summary.replace("'", "&#x27;") in body


# --- chapter: anchors, permanent links, TOC, CSV ---------------------------------------


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.links, self.headings, self._in = [], [], {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
            if tag in ("h2", "h3"):
                self.headings[attrs["id"]] = (tag, attrs.get("tabindex"))
        if tag == "a" and attrs.get("href", "").startswith("#"):
            self.links.append(attrs["href"][1:])


def bid():
    return str(uuid.uuid4())


@pytest.fixture
def chapter(db):
    index = DiagnosticIndexPage.objects.get()
    page = DiagnosticChapterPage(title="Chapitre d'essai", slug="chapitre-essai",
                                 summary="Un chapitre pour les tests.")
    ids = {name: bid() for name in ("h1", "fig", "h2", "grid", "h3", "grid2", "note", "p")}
    page.body = [
        {"type": "heading", "id": ids["h1"], "value": {"text": "Population", "level": "h2"}},
        {"type": "key_figure", "id": ids["fig"], "value": {**MINIMAL, "year": None}},
        {"type": "heading", "id": ids["h2"], "value": {"text": "Détail", "level": "h3"}},
        {"type": "key_figures", "id": ids["grid"], "value": grid(FULL, MINIMAL)},
        {"type": "heading", "id": ids["h3"], "value": {"text": "Revenus", "level": "h2"}},
        {"type": "key_figures", "id": ids["grid2"], "value": grid(MINIMAL)},
        {"type": "source_note", "id": ids["note"], "value": {"text": "INSEE", "url": ""}},
        {"type": "paragraph", "id": ids["p"], "value": "<p>Texte.</p>"},
    ]
    index.add_child(instance=page)
    page.save_revision().publish()
    page.ids = ids
    return page


def test_table_of_contents_nests_levels(chapter):
    toc = table_of_contents(chapter.body)
    assert [(e.text, e.anchor, [c.text for c in e.children]) for e in toc] == [
        ("Population", chapter.ids["h1"], ["Détail"]),
        ("Revenus", chapter.ids["h3"], []),
    ]
    assert chapter.table_of_contents() == toc


def test_chapter_anchors_toc_and_permanent_links(client, chapter):
    response = client.get(chapter.url)
    assert response.status_code == 200
    html = response.content.decode()
    parser = _Ids()
    parser.feed(html)
    assert len(parser.ids) == len(set(parser.ids)), "duplicate id in the page"
    # Every block of the body has its anchor, headings on the heading itself.
    assert set(chapter.ids.values()) <= set(parser.ids)
    assert parser.headings[chapter.ids["h1"]] == ("h2", "-1")
    assert parser.headings[chapter.ids["h2"]] == ("h3", "-1")
    # Every in-page link resolves to an element of the page.
    assert parser.links and set(parser.links) <= set(parser.ids) | {"contenu"}
    # The table of contents comes before the body, nested.
    toc = re.search(r'<nav class="toc" aria-label="Sommaire">(.*?)</nav>', html, re.S).group(1)
    assert html.index('class="toc"') < html.index(f'id="{chapter.ids["h1"]}"')
    assert re.search(rf'href="#{chapter.ids["h1"]}">Population</a>\s*<ol><li><a '
                     rf'href="#{chapter.ids["h2"]}">Détail</a>', toc)
    # Permanent links on figures only, each with a unique accessible name.
    text = unescape(html)
    names = re.findall(r'<p class="permalink"><a href="#([^"]+)">Lien permanent'
                       r'<span class="visually-hidden"> vers « ([^»]+) »</span>', text)
    assert names == [(chapter.ids["fig"], "communes"),
                     (chapter.ids["grid"], "Chiffres clés du territoire"),
                     (chapter.ids["grid2"], "Chiffres clés du territoire (2)")]
    assert 'class="source-note"' in html


def test_chapter_without_heading_has_no_toc(client, db):
    index = DiagnosticIndexPage.objects.get()
    page = DiagnosticChapterPage(title="Sans titre", slug="sans-titre")
    page.body = [{"type": "paragraph", "id": bid(), "value": "<p>Texte.</p>"}]
    index.add_child(instance=page)
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "Sommaire" not in html and 'class="toc"' not in html


def test_key_figures_csv_equals_its_table(client, chapter):
    html = client.get(chapter.url).content.decode()
    csv_url = chapter.block_csv_url(chapter.ids["grid"])
    assert f'href="{csv_url}"' in html
    assert "Télécharger les chiffres (CSV)" in html
    response = client.get(csv_url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    child = next(c for c in chapter.body if c.id == chapter.ids["grid"])
    with translation.override("fr"):
        expected = csv_text(child.block.get_table(child.value).csv_rows())
    assert response.content.decode("utf-8") == expected
    assert "Valeur antérieure" in expected and "12.5" in expected


# --- print stylesheet -----------------------------------------------------------------


@pytest.mark.django_db
def test_print_stylesheet_is_linked_and_has_the_print_rules(client, chapter):
    html = client.get(chapter.url).content.decode()
    assert re.search(r'<link rel="stylesheet" href="[^"]*portal/css/print\.css" '
                     r'media="print">', html)
    css = open(finders.find("portal/css/print.css"), encoding="utf-8").read()
    assert "@media print" in css
    hidden = re.search(r"([^{}]*)\{\s*display: none !important;", css).group(1)
    for selector in (".skip-link", ".site-header nav", ".site-footer", "button", ".button",
                     ".permalink", ".csv-link"):
        assert selector in hidden
    assert 'a[href^="http"]::after { content: " (" attr(href) ")"' in css
    assert "break-inside: avoid" in css and ".key-figure" in css and "table" in css
    assert "table { width: 100% !important" in css
    assert "svg, img, canvas { max-width: 100% !important" in css
    assert "color: #000 !important" in css


# --- block previews ---------------------------------------------------------------------


@pytest.mark.django_db
def test_every_diagnostic_block_previews_in_the_admin(client, make_user):
    admin = make_user("admin@example.org", is_superuser=True, is_staff=True)
    client.force_login(admin)
    document = Document.objects.create(title="Rapport")
    document.file.save("rapport.pdf", ContentFile(b"%PDF-1.4"), save=True)
    stream = DiagnosticChapterPage._meta.get_field("body").stream_block
    assert set(stream.child_blocks) >= {"paragraph", "heading", "key_figure", "document",
                                        "quote", "key_figures", "source_note"}
    for name, block in stream.child_blocks.items():
        assert str(block.get_description() or ""), f"{name} has no description"
        assert block.is_previewable, f"{name} is not previewable"
        response = client.get(reverse("wagtailadmin_block_preview"),
                              {"id": block.definition_prefix})
        assert response.status_code == 200, name
        html = response.content.decode()
        assert "portal/css/portal.css" in html, name
        assert f"block-{name}" in html
    # The grid's preview shows its figures, the document's preview its file.
    grid_block = stream.child_blocks["key_figures"]
    html = client.get(reverse("wagtailadmin_block_preview"),
                      {"id": grid_block.definition_prefix}).content.decode()
    assert "taux de pauvreté" in html
    html = client.get(reverse("wagtailadmin_block_preview"),
                      {"id": stream.child_blocks["document"].definition_prefix}).content.decode()
    assert document.url in html


def test_csv_route_refuses_unknown_blocks_and_blocks_without_table(client, chapter):
    assert client.get(chapter.block_csv_url(bid())).status_code == 404
    assert client.get(chapter.block_csv_url(chapter.ids["note"])).status_code == 404
    assert client.get(chapter.url + "donnees/pas un id.csv").status_code == 404
    # A key figure grid of a draft chapter is not served.
    chapter.unpublish()
    assert client.get(chapter.block_csv_url(chapter.ids["grid"])).status_code == 404


def test_a_chapter_with_every_block_type_has_unique_ids(client, db):
    """Every block type of the stream, with its preview value, in one chapter: the page
    answers, each block has its anchor once (a block template must not reuse the bare
    block id, which the chapter's wrapper carries), and in-page links resolve."""
    stream = DiagnosticChapterPage._meta.get_field("body").stream_block
    index = DiagnosticIndexPage.objects.get()
    page = DiagnosticChapterPage(title="Tous les blocs", slug="tous-les-blocs")
    page.body = [(name, block.get_preview_value()) for name, block in stream.child_blocks.items()
                 for _ in range(2)]
    index.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    response = client.get(page.url)
    assert response.status_code == 200
    parser = _Ids()
    parser.feed(response.content.decode())
    duplicates = {i for i in parser.ids if parser.ids.count(i) > 1}
    assert not duplicates
    assert {child.id for child in page.body} <= set(parser.ids)
    assert set(parser.links) <= set(parser.ids) | {"contenu"}


def test_admin_edits_a_chapter_with_the_new_blocks(client, make_user, chapter):
    client.force_login(make_user("editor@example.org", is_superuser=True, is_staff=True))
    response = client.get(reverse("wagtailadmin_pages:edit", args=[chapter.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Note de source" in html and "Chiffres cl" in html and "Valeur ant" in html


@pytest.mark.parametrize("typed, expected", [
    ("12,5", "12.5"), ("1 234,5", "1234.5"), ("1\u202f234,5", "1234.5"), ("12.5", "12.5"),
    ("\u22123", "-3"),
])
def test_key_figures_read_numbers_as_french_staff_type_them(typed, expected):
    """Staff type "12,5" in the admin, as the import accepts it: never "Saisissez un
    nombre."."""
    from django.utils import translation

    from diagnostic.blocks import KeyFigureItemBlock

    with translation.override("fr"):
        for name in ("value", "departement_value", "france_value", "previous_value"):
            field = KeyFigureItemBlock().child_blocks[name].field
            assert str(field.clean(typed)) == expected


def test_a_key_figure_that_is_not_a_number_is_refused_in_french():
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from diagnostic.blocks import KeyFigureItemBlock

    field = KeyFigureItemBlock().child_blocks["value"].field
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        field.clean("douze")
    assert error.value.messages == ["Saisissez un nombre."]


def test_indicator_reference_values_read_a_decimal_comma(django_user_model):
    from diagnostic.indicators.forms import IndicatorAdminForm
    from diagnostic.models import Indicator

    form_class = Indicator.snippet_viewset.get_form_class() if hasattr(
        Indicator, "snippet_viewset") else None
    fields = IndicatorAdminForm.base_fields
    assert str(fields["departement_value"].clean("12,3")) == "12.3"
    assert str(fields["france_value"].clean("1 234,5")) == "1234.5"
    assert form_class is None or "france_value" in form_class.base_fields
