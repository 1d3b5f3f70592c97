"""Browser test: a diagnostic chapter holding every block (a table of contents, key
figures single and in a grid, a chart, a data table, a map by commune with a secret
commune, a source note, a quote and a document), on a desktop screen and on a 320 px
phone.
axe-core finds no violation, nothing runs past a phone's screen (reflow, RGAA 10.11),
and following a "Sommaire" link moves the keyboard focus to its heading."""

import uuid

import pytest
from django.core.files.base import ContentFile

from tests.e2e.conftest import OVERFLOWING, axe_violations, describe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FIGURE = {
    "value": "12.5", "unit": "%", "label": "taux de pauvreté des ménages de la commune",
    "territory": "Mont-de-Marsan", "year": 2021, "source": "INSEE, Filosofi",
    "source_url": "https://www.insee.fr/fr/statistiques", "departement_value": "12.5",
    "france_value": "14.6", "previous_value": "11.2", "previous_year": 2015,
}


def make_chapter():
    """Publish a chapter with every block this test covers; returns (page, heading ids)."""
    from wagtail.documents.models import Document

    from diagnostic.models import (
        DiagnosticChapterPage,
        DiagnosticIndexPage,
        Indicator,
        IndicatorValue,
    )
    from portal.models import Commune

    indicator = Indicator.objects.create(
        name="Taux de pauvreté", unit="%", year=2021, source="INSEE, Filosofi",
        level="commune", decimal_places=1, departement_value="12.5", france_value="14.6")
    for index, code in enumerate(Commune.objects.values_list("insee_code", flat=True)):
        IndicatorValue.objects.create(
            indicator=indicator, code=code, status="secret" if index == 0 else "number",
            value=None if index == 0 else 5 + index % 20)
    document = Document.objects.create(title="Rapport du diagnostic")
    document.file.save("rapport.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    ids = [str(uuid.uuid4()) for _ in range(3)]
    page = DiagnosticChapterPage(title="Pauvreté et revenus", slug="pauvrete-et-revenus",
                                 summary="Les revenus des ménages landais.")
    page.body = [
        {"type": "paragraph", "value": "<p>Introduction du chapitre.</p>"},
        {"type": "heading", "id": ids[0], "value": {"text": "Les revenus", "level": "h2"}},
        {"type": "key_figure", "value": {"value": "407444", "unit": "habitants",
                                         "label": "population municipale",
                                         "territory": "Landes", "source": "INSEE"}},
        {"type": "heading", "id": ids[1], "value": {"text": "La pauvreté", "level": "h3"}},
        {"type": "key_figures", "value": {"title": "Pauvreté", "figures": [
            FIGURE, {"value": "1234567", "label": "ménages fiscaux", "source": "INSEE",
                     "previous_value": "1200000", "previous_year": 2015}]}},
        {"type": "source_note", "value": {"text": "INSEE, Filosofi 2021",
                                          "url": "https://www.insee.fr/"}},
        {"type": "heading", "id": ids[2], "value": {"text": "Pour aller plus loin",
                                                    "level": "h2"}},
        {"type": "chart", "value": {
            "title": "Part des 75 ans ou plus", "description": "", "chart_type": "line",
            "indicator": None, "data": "Territoire\t2015\t2021\nLandes\t11,2\t12,4\n"
                                       "France\t9,3\ts", "unit": "%",
            "source": "INSEE, recensement", "source_url": "", "year": 2021}},
        {"type": "table", "value": {
            "title": "Taux de pauvreté", "indicator": None,
            "data": "Territoire;Taux\nLandes;12,9\nFrance;14,5", "unit": "%",
            "source": "INSEE, Filosofi", "source_url": "", "year": 2021}},
        {"type": "choropleth", "value": {"title": "Taux de pauvreté par commune",
                                         "description": "", "indicator": indicator.pk,
                                         "classes": 5}},
        {"type": "quote", "value": {"text": "Une citation.", "attribution": "Un habitant"}},
        {"type": "document", "value": {"document": document.pk, "title": ""}},
    ]
    DiagnosticIndexPage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    return page, ids


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900},
                                      {"width": 320, "height": 640}], ids=["desktop", "phone"])
def test_chapter_is_accessible_and_its_contents_move_focus(page, viewport):
    chapter, ids = make_chapter()
    page.set_viewport_size(viewport)
    page.goto(page.base_url + chapter.url)
    toc = page.get_by_role("navigation", name="Sommaire")
    assert toc.get_by_role("link").all_inner_texts() == [
        "Les revenus", "La pauvreté", "Pour aller plus loin"]
    # Every figure block is on the page: the map (327 communes), the chart, the tables.
    assert page.locator("figure.choropleth svg path").count() >= 327
    assert page.locator(".diagnostic-chart svg").count() == 1
    assert page.locator("table.data-table").count() == 3
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    if viewport["width"] == 320:
        assert page.evaluate(OVERFLOWING) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
    # Keyboard: Tab to the second entry of the Sommaire, Enter: the focus is on its heading.
    link = toc.get_by_role("link", name="La pauvreté")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("(id) => document.activeElement.id === id", arg=ids[1])
    assert page.evaluate("document.activeElement.tagName") == "H3"
    # The next Tab goes on from the heading (the figures' links after it), not from the top.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.chapter-body') !== null")
    # Permanent links are visible and named after their block.
    permalinks = page.get_by_role("link", name="Lien permanent vers « Pauvreté »")
    assert permalinks.count() == 1 and permalinks.is_visible()
    permalinks.click()
    assert page.url.endswith("#" + page.evaluate(
        "document.querySelector('.chapter-block-key_figures').id"))


def test_chapter_prints_without_screen_only_parts(page):
    chapter, _ = make_chapter()
    page.goto(page.base_url + chapter.url)
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.site-header nav', '.site-footer', '.skip-link',
        '.permalink', '.csv-link', '.toc'].map((s) => [...document.querySelectorAll(s)]
        .every((el) => getComputedStyle(el).display === 'none'))""")
    assert all(hidden)
    after = page.evaluate("""() => getComputedStyle(
        document.querySelector('.source-note a'), '::after').content""")
    assert "https://www.insee.fr/" in after
    assert page.evaluate("getComputedStyle(document.querySelector('.key-figure')).breakInside") \
        == "avoid"
    assert page.evaluate("getComputedStyle(document.querySelector('main p')).color") \
        == "rgb(0, 0, 0)"
