"""Diagnostic territorial: pages, blocks, demo content and API."""

import json
from decimal import Decimal
from html import unescape

import pytest
from django.core.files.base import ContentFile
from django.db.models import Sum
from django.utils import translation
from django.utils.formats import number_format
from wagtail.documents.models import Document
from wagtail.models import Page

from diagnostic.demo import SOURCE, SOURCE_COG, create_diagnostic
from diagnostic.sources import POPULATION_URL, POPULATION_YEAR
from diagnostic.models import DiagnosticChapterPage, DiagnosticIndexPage
from diagnostic.blocks import DiagnosticStreamBlock, DocumentBlock, KeyFigureBlock
from portal.blocks import QuoteBlock
from portal.models import EPCI, Commune

NBSP = "\xa0"


def departement_population():
    """Expected figure: sum of the population municipale of the loaded communes."""
    return Commune.objects.aggregate(total=Sum("population"))["total"]


def french(n):
    """An integer as the French locale writes it with grouping: 407444 -> "407 444"."""
    with translation.override("fr"):
        return number_format(n, force_grouping=True)


def text(response):
    return unescape(response.content.decode())


@pytest.fixture
def index_page(db):
    return DiagnosticIndexPage.objects.get(slug="diagnostic")


@pytest.fixture
def chapters(index_page):
    return list(index_page.live_chapters())


# --- Pages ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_chapters_hold_the_maps_charts_and_key_figures_of_real_indicators(client, chapters):
    """The demo publishes a choropleth of the 327 communes (density), maps of the EPCI,
    two charts and a key-figure grid, all from indicators of the reference data."""
    kinds = [block.block_type for chapter in chapters for block in chapter.body]
    assert kinds.count("key_figures") == 1 and kinds.count("chart") == 2
    maps = [block.value for chapter in chapters for block in chapter.body
            if block.block_type == "choropleth"]
    assert {(m["indicator"].name, m["indicator"].level) for m in maps} >= {
        ("Densité de population", "commune"), ("Densité de population", "epci")}
    density = next(m["indicator"] for m in maps if m["indicator"].level == "commune")
    assert density.values.count() == 327
    page = text(client.get(chapters[0].url))
    assert page.count("<path") >= 327
    # Mont-de-Marsan: population 2017 / geodesic area of its outline, 1 decimal.
    from portal.boundaries import load_boundaries

    commune = Commune.objects.get(insee_code="40192")
    area = Decimal(str(load_boundaries()["communes"]["40192"]["area_km2"]))
    expected = (Decimal(commune.population) / area).quantize(Decimal("0.1"))
    assert density.values.get(code="40192").value == expected
    assert f"Mont-de-Marsan{NBSP}: {french(expected)}{NBSP}hab./km²" in page


@pytest.mark.django_db
def test_reference_data_is_the_landes():
    assert Commune.objects.count() == 327
    assert EPCI.objects.count() == 18
    assert departement_population() > 300_000


@pytest.mark.django_db
def test_index_page_lists_live_chapters_in_order(client, index_page, chapters):
    response = client.get("/diagnostic/")
    assert response.status_code == 200
    assert response.context["page"].specific_class is DiagnosticIndexPage
    body = text(response)
    assert [c.slug for c in chapters] == [
        "territoire-et-population", "intercommunalites", "solidarites-recensees"]
    positions = [body.index(c.title) for c in chapters]
    assert positions == sorted(positions)
    for chapter in chapters:
        assert f'href="{chapter.url}"' in body
    # No fake report in the demo: the page says it is not published yet.
    assert index_page.report is None
    assert "Le rapport complet n'est pas encore publié." in body


@pytest.mark.django_db
def test_index_page_links_the_report_when_there_is_one(client, index_page):
    document = Document.objects.create(title="Rapport du diagnostic")
    document.file.save("rapport-diagnostic.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    index_page.report = document
    index_page.save_revision().publish()
    body = text(client.get("/diagnostic/"))
    assert document.url in body
    assert "Rapport du diagnostic" in body
    assert "PDF" in body
    assert "pas encore publié" not in body


@pytest.mark.django_db
def test_diagnostic_is_in_the_menu(client):
    response = client.get("/")
    assert any(item["url"] == "/diagnostic/" for item in response.context["site_menu"])


def demo_figures(chapter):
    """The key figures of a demo chapter, whether it holds one ``key_figures`` grid or
    ``key_figure`` blocks: list of dicts (value, label, year, source...)."""
    figures = []
    for block in chapter.body:
        if block.block_type == "key_figures":
            figures += [dict(f) for f in block.value["figures"]]
        elif block.block_type == "key_figure":
            figures.append(dict(block.value))
    return figures


@pytest.mark.django_db
def test_chapter_shows_real_departement_population(client, chapters):
    expected = french(departement_population())
    assert NBSP in expected  # "407 444": grouped with a no-break space
    response = client.get(chapters[0].url)
    assert response.status_code == 200
    body = text(response)
    assert expected in body
    assert "Source : " in body and SOURCE in body
    assert "<strong>327</strong>" in body and "<strong>18</strong>" in body
    # The producer's page, not a package page.
    assert POPULATION_URL in body and "pypi.org" not in body
    # Navigation to the next chapter.
    assert chapters[1].url in body


@pytest.mark.django_db
def test_chapter_2_links_chapter_1_and_the_portrait(client, chapters):
    body = text(client.get(chapters[1].url))
    assert f'href="{chapters[0].url}"' in body
    assert 'href="/diagnostic/portrait-de-territoire/"' in body


@pytest.mark.django_db
def test_demo_figures_have_their_real_year_or_none(chapters):
    figures = demo_figures(chapters[0])
    assert len(figures) == 3
    for figure in figures:
        if figure["source"] == SOURCE:
            assert figure["year"] == POPULATION_YEAR
        else:
            assert figure["source"] == SOURCE_COG
            assert figure["year"] is None
        assert "pypi.org" not in (figure["source_url"] or "")


# --- Blocks ---------------------------------------------------------------------------


def render(block, raw):
    with translation.override("fr"):
        return block.render(block.to_python(raw))


def test_key_figure_with_all_fields():
    html = render(KeyFigureBlock(), {
        "value": "407444", "unit": "habitants", "label": "population", "territory": "Landes",
        "year": 2021, "source": "INSEE", "source_url": "https://www.insee.fr/",
    })
    assert f"407{NBSP}444" in html
    assert "habitants" in html
    assert "(Landes, 2021)" in html
    assert "2 021" not in html and f"2{NBSP}021" not in html
    assert 'Source : <a href="https://www.insee.fr/">INSEE</a>' in html


def test_key_figure_decimal_value_uses_french_comma():
    html = render(KeyFigureBlock(), {"value": "12.50", "unit": "%", "label": "taux",
                                     "source": "INSEE"})
    assert "12,5" in html and "12.5" not in html


def test_key_figure_without_optional_fields():
    html = render(KeyFigureBlock(), {"value": "327", "label": "communes", "source": "INSEE"})
    assert "<strong>327</strong>" in html
    assert "()" not in html and "( " not in html and ", )" not in html
    assert "<a " not in html
    assert "Source : INSEE" in html
    assert "None" not in html


def test_key_figure_with_territory_only_or_year_only():
    html = render(KeyFigureBlock(), {"value": "1", "label": "x", "territory": "Dax",
                                     "source": "S"})
    assert "(Dax, millésime non précisé)" in html
    html = render(KeyFigureBlock(), {"value": "1", "label": "x", "year": 2020, "source": "S"})
    assert "(2020)" in html


@pytest.mark.django_db
def test_document_block_with_and_without_title():
    document = Document.objects.create(title="Rapport complet")
    document.file.save("rapport.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    block = DocumentBlock()
    html = render(block, {"document": document.pk, "title": "Le rapport (PDF)"})
    assert document.url in html and "Le rapport (PDF)" in html
    html = render(block, {"document": document.pk, "title": ""})
    assert "Rapport complet" in html
    # File size not stored: read from the storage (13 bytes), in French.
    assert f"(PDF, 13{NBSP}octets)" in html
    document.file_size = 13
    document.save()
    html = render(block, {"document": document.pk, "title": ""})
    assert "(PDF, 13" in html
    assert "None" not in html


@pytest.mark.django_db
def test_document_block_with_missing_document_renders_nothing():
    html = render(DocumentBlock(), {"document": None, "title": "Titre"})
    assert html.strip() == ""


def test_quote_block_with_and_without_attribution():
    html = render(QuoteBlock(), {"text": "Une citation.", "attribution": "INSEE"})
    assert "<blockquote><p>Une citation.</p></blockquote>" in html
    assert "<figcaption>INSEE</figcaption>" in html
    html = render(QuoteBlock(), {"text": "Une citation.", "attribution": ""})
    assert "figcaption" not in html


def test_stream_block_offers_the_diagnostic_blocks():
    blocks = list(DiagnosticStreamBlock.base_blocks)
    assert blocks[:8] == ["paragraph", "heading", "key_figure", "choropleth", "chart",
                          "table", "document", "quote"]
    assert blocks[8:] == ["key_figures", "source_note"]


# --- Demo -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_twice_changes_nothing(home_page):
    before = Page.objects.count()
    revisions = [p.latest_revision_id for p in Page.objects.order_by("pk")]
    create_diagnostic(home_page)
    create_diagnostic(home_page)
    assert Page.objects.count() == before
    assert [p.latest_revision_id for p in Page.objects.order_by("pk")] == revisions
    assert DiagnosticIndexPage.objects.count() == 1
    assert DiagnosticChapterPage.objects.live().count() == 3


@pytest.mark.django_db
def test_demo_index_page_is_in_menus_under_home(home_page, index_page):
    assert index_page.show_in_menus
    assert index_page.get_parent().pk == home_page.pk
    assert index_page.url == "/diagnostic/"


# --- API ------------------------------------------------------------------------------


def api_chapters(client, **params):
    response = client.get("/api/v2/pages/", {"type": "diagnostic.DiagnosticChapterPage",
                                              "fields": "body,summary", **params})
    assert response.status_code == 200
    return json.loads(response.content)["items"]


@pytest.mark.django_db
def test_api_rich_text_in_body_has_usable_links(client, chapters):
    items = api_chapters(client)
    assert {item["meta"]["slug"] for item in items} == {c.slug for c in chapters}
    chapter_2 = next(item for item in items if item["meta"]["slug"] == "intercommunalites")
    paragraphs = [b["value"] for b in chapter_2["body"] if b["type"] == "paragraph"]
    html = "".join(paragraphs)
    assert f'href="{chapters[0].url}"' in html
    assert 'href="/diagnostic/' in html
    assert "linktype=" not in json.dumps(items)


@pytest.mark.django_db
def test_api_key_figures_are_structured(client, chapters):
    items = api_chapters(client)
    chapter_1 = next(item for item in items if item["meta"]["slug"] == chapters[0].slug)
    figures = [b["value"] for b in chapter_1["body"] if b["type"] == "key_figure"]
    figures += [f for b in chapter_1["body"] if b["type"] == "key_figures"
                for f in b["value"]["figures"]]
    assert Decimal(str(figures[0]["value"])) == departement_population()
    assert figures[0]["source"] == SOURCE


@pytest.mark.django_db
def test_api_index_page_fields(client, index_page):
    response = client.get("/api/v2/pages/", {"type": "diagnostic.DiagnosticIndexPage",
                                             "fields": "intro,report"})
    items = json.loads(response.content)["items"]
    assert len(items) == 1
    assert items[0]["report"] is None
    assert "Le diagnostic territorial" in items[0]["intro"]


@pytest.mark.django_db
def test_api_hides_draft_chapter(client, index_page):
    draft = DiagnosticChapterPage(title="Chapitre en préparation", slug="brouillon",
                                  summary="Pas encore publié.", live=False)
    index_page.add_child(instance=draft)
    draft.save_revision()
    slugs = {item["meta"]["slug"] for item in api_chapters(client)}
    assert "brouillon" not in slugs and len(slugs) == 3
    assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404
    assert "Chapitre en préparation" not in text(client.get("/diagnostic/"))


@pytest.mark.django_db
def test_api_bad_rich_text_format_is_a_client_error(client, chapters):
    response = client.get("/api/v2/pages/", {"type": "diagnostic.DiagnosticChapterPage",
                                             "fields": "body", "rich_text_format": "x"})
    assert response.status_code == 400
