"""Chart and data-table blocks of the diagnostic (ChartBlock ``chart``, DataTableBlock
``table``): from an indicator or a pasted table, validation, templates, CSV download on a
published chapter, admin preview, deleted indicator, escaping."""

import csv
import importlib.util
import io
import json
import re
from decimal import Decimal
from html import unescape

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation
from wagtail.blocks.struct_block import StructBlockValidationError

from diagnostic.blocks import ChartBlock, DataTableBlock
from diagnostic.data_tables import MISSING, NUMBER, SECRET
from diagnostic.indicators.models import Indicator, IndicatorValue, Level, ValueStatus
from diagnostic.models import DiagnosticChapterPage, DiagnosticIndexPage
from portal import charts
from portal.models import EPCI, Commune

NBSP = "\xa0"
PASTED = ("Territoire\t2015\t2021\t\r\n"
          "Landes\t11,2\t12,4\t\r\n"
          "France\t9,3\ts\t\r\n"
          "Dax\t\t1\u00a0234,5\t\r\n")
CHART_ID, TABLE_ID = "8d6a3b1e-0f6c-4c1e-9c55-4a7c2f1d0a01", "8d6a3b1e-0f6c-4c1e-9c55-4a7c2f1d0a02"


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


@pytest.fixture
def epci_indicator(db):
    """A poverty rate per EPCI: the first EPCI a number, the second secret, the third
    missing, the others without any value; reference values for the Landes and France."""
    indicator = Indicator.objects.create(
        name="Taux de pauvreté", unit="%", year=2021, source="INSEE, Filosofi",
        source_url="https://www.insee.fr/fr/statistiques/filosofi", level=Level.EPCI,
        decimal_places=1, departement_value=Decimal("12.9"), france_value=Decimal("14.5"),
    )
    first, second, third = EPCI.objects.order_by("sort_name")[:3]
    IndicatorValue.objects.create(indicator=indicator, code=first.siren, value=Decimal("13.25"))
    IndicatorValue.objects.create(indicator=indicator, code=second.siren,
                                  status=ValueStatus.SECRET)
    IndicatorValue.objects.create(indicator=indicator, code=third.siren,
                                  status=ValueStatus.MISSING)
    return indicator


@pytest.fixture
def commune_indicator(db):
    indicator = Indicator.objects.create(
        name="Part des 75 ans ou plus", unit="%", year=2020, source="INSEE, RP",
        level=Level.COMMUNE, decimal_places=1,
    )
    IndicatorValue.objects.create(indicator=indicator, code="40088", value=Decimal("14.2"))
    IndicatorValue.objects.create(indicator=indicator, code="40192", status=ValueStatus.SECRET)
    return indicator


def render(block, raw, block_id=None):
    value = block.to_python(raw)
    context = {"block_id": block_id} if block_id else None
    return block.render(value, context)


def chart_raw(**fields):
    raw = {"title": "Part des 75 ans ou plus", "description": "", "chart_type": "bar",
           "indicator": None, "data": "", "unit": "", "source": "", "source_url": "",
           "year": None}
    raw.update(fields)
    return raw


def table_raw(**fields):
    raw = {"title": "Taux de pauvreté", "indicator": None, "data": "", "unit": "",
           "source": "", "source_url": "", "year": None}
    raw.update(fields)
    return raw


def errors_of(block, raw):
    with pytest.raises(StructBlockValidationError) as caught:
        block.clean(block.to_python(raw))
    error = caught.value
    fields = {name: " ".join(e.messages) for name, e in error.block_errors.items()}
    general = " ".join(m for e in error.non_block_errors.as_data() for m in e.messages)
    return fields, general


def svg_of(html):
    return html[html.index("<svg"): html.index("</svg>") + 6]


# --- Tables from an indicator ----------------------------------------------------------


@pytest.mark.django_db
def test_epci_indicator_table(epci_indicator):
    table = DataTableBlock().get_table(DataTableBlock().to_python(
        table_raw(indicator=epci_indicator.pk)))
    epcis = list(EPCI.objects.order_by("sort_name"))
    assert len(table.rows) == len(epcis) + 2
    assert [r.label for r in table.rows[:-2]] == [e.name for e in epcis]
    assert [r.code for r in table.rows[:-2]] == [e.siren for e in epcis]
    assert table.rows[0].cells[0].status == NUMBER
    assert table.rows[0].cells[0].text == "13,2"  # the indicator's one decimal
    assert table.rows[1].cells[0].status == SECRET
    assert table.rows[2].cells[0].status == MISSING
    assert table.rows[3].cells[0].status == MISSING  # no value stored: still a row
    assert (table.rows[-2].label, table.rows[-2].code, table.rows[-2].cells[0].text) == (
        "Landes", "40", "12,9")
    assert (table.rows[-1].label, table.rows[-1].code, table.rows[-1].cells[0].text) == (
        "France", "FR", "14,5")
    assert table.columns == ["Taux de pauvreté (%)"]
    assert table.row_header == "EPCI" and table.code_header == "Code SIREN"
    assert table.caption == "Taux de pauvreté"
    assert (table.source, table.year) == ("INSEE, Filosofi", 2021)


@pytest.mark.django_db
def test_block_fields_override_the_indicator(epci_indicator):
    block = DataTableBlock()
    table = block.get_table(block.to_python(table_raw(
        indicator=epci_indicator.pk, title="Pauvreté", unit="pour cent", source="Autre",
        source_url="https://example.org/", year=2019)))
    assert table.caption == "Pauvreté" and table.columns == ["Taux de pauvreté (pour cent)"]
    assert (table.source, table.source_url, table.year) == (
        "Autre", "https://example.org/", 2019)


@pytest.mark.django_db
def test_commune_indicator_table_has_every_commune(commune_indicator):
    block = DataTableBlock()
    raw = table_raw(indicator=commune_indicator.pk)
    block.clean(block.to_python(raw))  # a table accepts a commune-level indicator
    table = block.get_table(block.to_python(raw))
    assert len(table.rows) == Commune.objects.count() == 327
    by_code = {r.code: r for r in table.rows}
    assert by_code["40088"].label == Commune.objects.get(insee_code="40088").name
    assert by_code["40088"].cells[0].text == "14,2"
    assert by_code["40192"].cells[0].status == SECRET
    assert table.code_header == "Code INSEE"
    html = render(block, raw)
    assert html.count('<th scope="row">') == 327
    assert "secret" in html


@pytest.mark.django_db
def test_departement_level_indicator(db):
    indicator = Indicator.objects.create(name="Densité", unit="hab./km²", source="INSEE",
                                         level=Level.DEPARTEMENT, france_value=Decimal("106"))
    IndicatorValue.objects.create(indicator=indicator, code="40", value=Decimal("44.5"))
    table = DataTableBlock().get_table(DataTableBlock().to_python(
        table_raw(indicator=indicator.pk)))
    assert [(r.label, r.code, r.cells[0].text) for r in table.rows] == [
        ("Landes", "40", "44"), ("France", "FR", "106")]  # 0 decimals: 44.5 rounds half-even


# --- Chart block -----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("kind", charts.KINDS)
def test_chart_from_pasted_data_every_kind(kind):
    html = render(ChartBlock(), chart_raw(
        chart_type=kind, data=PASTED, unit="%", source="INSEE, RP",
        source_url="https://www.insee.fr/", year=2021, description="Deux recensements."),
        block_id=CHART_ID)
    svg = svg_of(html)
    assert f'aria-labelledby="graphique-{CHART_ID}-title graphique-{CHART_ID}-desc"' in svg
    assert f'<title id="graphique-{CHART_ID}-title">Part des 75 ans ou plus</title>' in svg
    desc = re.search(r"<desc [^>]*>([^<]*)</desc>", svg).group(1)
    assert desc.startswith("Deux recensements. Unité : %.")
    for value in ("11,2", "12,4", "9,3", f"1{NBSP}234,5", "secret", "n.d."):
        assert value in svg  # every value of the table, in text
    # The table beside it, open by default, with caption and scopes.
    assert "<details class=\"figure-data\" open>" in html
    assert "<caption>Part des 75 ans ou plus</caption>" in html
    assert '<th scope="col">2015 (%)</th>' in html and '<th scope="row">Dax</th>' in html
    assert "<td class=\"num\">secret</td>" in html and "<td class=\"num\">n.d.</td>" in html
    assert "« secret » : chiffre couvert par le secret statistique" in unescape(html)
    assert "Unité : %." in html
    assert 'Source : <a href="https://www.insee.fr/">INSEE, RP</a>, 2021.' in html
    assert "<script" not in html


@pytest.mark.django_db
def test_chart_without_optional_fields():
    html = render(ChartBlock(), chart_raw(data="Commune;Taux\nDax;3\n", source="Enquête"))
    assert "<svg" in html and "graphique-apercu" in html
    assert "Source : Enquête, millésime non précisé." in unescape(html)
    assert "Unité" not in html and "figure-description" not in html
    assert "Télécharger" not in html  # no chapter, no CSV link
    assert "None" not in html


@pytest.mark.django_db
def test_chart_from_epci_indicator(epci_indicator):
    html = render(ChartBlock(), chart_raw(indicator=epci_indicator.pk, chart_type="horizontal_bar"))
    svg = svg_of(html)
    first = EPCI.objects.order_by("sort_name").first()
    assert f"{first.name} : 13,2" in unescape(svg)
    assert "secret" in svg and "Landes : 12,9" in svg and "France : 14,5" in svg
    assert svg.count("<rect") == 3  # the EPCI with a number, the Landes, France
    assert "Source : <a href=\"https://www.insee.fr/fr/statistiques/filosofi\">" in html
    assert "2021." in html


@pytest.mark.django_db
def test_chart_refuses_a_commune_level_indicator(commune_indicator):
    fields, _general = errors_of(ChartBlock(), chart_raw(indicator=commune_indicator.pk))
    assert "toutes les communes" in fields["indicator"]
    # Stored anyway (e.g. the level changed later): the table, no chart, no error.
    html = render(ChartBlock(), chart_raw(indicator=commune_indicator.pk))
    assert "<svg" not in html and "Trop de chiffres pour un graphique" in unescape(html)
    assert html.count('<th scope="row">') == 327


@pytest.mark.django_db
def test_exactly_one_source_of_data(epci_indicator):
    _fields, general = errors_of(ChartBlock(), chart_raw(source="S"))
    assert general == "Choisissez un indicateur ou collez un tableau."
    _fields, general = errors_of(ChartBlock(), chart_raw(
        indicator=epci_indicator.pk, data=PASTED, source="S"))
    assert general == "Choisissez un indicateur ou collez un tableau, pas les deux."
    _fields, general = errors_of(DataTableBlock(), table_raw(source="S"))
    assert general == "Choisissez un indicateur ou collez un tableau."
    ChartBlock().clean(ChartBlock().to_python(chart_raw(indicator=epci_indicator.pk)))
    DataTableBlock().clean(DataTableBlock().to_python(table_raw(data=PASTED, source="S")))


@pytest.mark.django_db
def test_pasted_data_errors_on_the_field():
    fields, general = errors_of(ChartBlock(), chart_raw(
        data="Commune\tTaux\nDax\t3\nMont-de-Marsan\tabc\n", source="S"))
    assert fields == {"data": "ligne 3 : « abc » n'est pas un nombre."} and not general
    fields, _ = errors_of(DataTableBlock(), table_raw(data="Commune\tTaux\n\t3\n", source="S"))
    assert fields["data"].startswith("ligne 2 : ")


@pytest.mark.django_db
def test_pasted_data_needs_a_source():
    fields, _ = errors_of(DataTableBlock(), table_raw(data=PASTED))
    assert fields == {"source": "Indiquez la source du tableau collé."}


@pytest.mark.django_db
def test_chart_limits_on_pasted_data():
    many_rows = "Commune\tTaux\n" + "".join(f"C{i}\t{i}\n" for i in range(61))
    fields, _ = errors_of(ChartBlock(), chart_raw(data=many_rows, source="S"))
    assert "au plus 60 lignes" in fields["data"]
    DataTableBlock().clean(DataTableBlock().to_python(table_raw(data=many_rows, source="S")))
    many_series = "Commune\t" + "\t".join(f"S{i}" for i in range(7)) + "\nDax" + "\t1" * 7
    fields, _ = errors_of(ChartBlock(), chart_raw(data=many_series, source="S"))
    assert "au plus 6 colonnes" in fields["data"]


# --- Table block -----------------------------------------------------------------------


@pytest.mark.django_db
def test_table_block_with_and_without_optional_fields(epci_indicator):
    html = render(DataTableBlock(), table_raw(indicator=epci_indicator.pk), block_id=TABLE_ID)
    assert "<caption>Taux de pauvreté</caption>" in html
    assert '<th scope="col">EPCI</th><th scope="col">Taux de pauvreté (%)</th>' in html
    assert "Unité : %." in html and "2021." in html
    assert 'tabindex="0" role="region"' in html
    html = render(DataTableBlock(), table_raw(data="A;B\nx;1\n", source="Mairie"))
    assert "Source : Mairie, millésime non précisé." in unescape(html)
    assert "Unité" not in html and "<a " not in html and "None" not in html


# --- Deleted indicator, preview --------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("block, raw", [(ChartBlock(), chart_raw()), (DataTableBlock(), table_raw())])
def test_deleted_indicator_renders_a_message(block, raw, epci_indicator):
    raw = dict(raw, indicator=epci_indicator.pk)
    stored = block.get_prep_value(block.to_python(raw))
    epci_indicator.delete()
    value = block.to_python(stored)
    assert value["indicator"] is None and block.get_table(value) is None
    html = block.render(value, {"block_id": CHART_ID})
    assert "ne sont pas disponibles" in unescape(html)
    assert "<svg" not in html and "<table" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("block", [ChartBlock(), DataTableBlock()])
def test_admin_preview(block):
    value = block.get_preview_value()
    html = block.render(value, block.get_preview_context(value, {}))
    assert "<table" in html and "Landes" in html
    empty = block.to_python({})
    assert "ne sont pas disponibles" in unescape(block.render(empty, {}))
    assert block.is_previewable


@pytest.mark.django_db
def test_unreadable_stored_paste_renders_a_message():
    block = ChartBlock()
    html = block.render(block.to_python(chart_raw(data="une seule colonne\n", source="S")))
    assert "ne sont pas disponibles" in unescape(html)


# --- Escaping --------------------------------------------------------------------------


@pytest.mark.django_db
def test_script_like_labels_are_escaped_in_svg_and_html():
    data = "<b>Commune</b>\t<script>alert(1)</script>\n<img src=x onerror=alert(2)>\t=1+2\n"
    fields, _ = errors_of(ChartBlock(), chart_raw(data=data, source="S"))
    assert "« =1+2 » n'est pas un nombre" in fields["data"]
    data = "<b>Commune</b>\t<script>alert(1)</script>\n<img src=x onerror=alert(2)>\t3\n"
    html = render(ChartBlock(), chart_raw(title="<i>Titre</i>", data=data, source="<s>S</s>"),
                  block_id=CHART_ID)
    for raw in ("<script>", "<img", "<b>", "<i>", "<s>"):
        assert raw not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in svg_of(html)


# --- The chapter: page and CSV ---------------------------------------------------------


@pytest.fixture
def chapter(db, epci_indicator):
    index = DiagnosticIndexPage.objects.get(slug="diagnostic")
    body = [
        {"type": "chart", "id": CHART_ID, "value": chart_raw(
            title="Évolution", chart_type="line", data=PASTED, unit="%", source="INSEE",
            year=2021)},
        {"type": "table", "id": TABLE_ID, "value": table_raw(indicator=epci_indicator.pk)},
        {"type": "table", "id": "bad", "value": table_raw(
            title="=cmd|' /C calc'!A0", data="-Commune;@x\n+Dax;3\n", source="S")},
    ]
    page = DiagnosticChapterPage(title="Chiffres", slug="chiffres", body=json.dumps(body))
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def get_csv(client, chapter, block_id):
    """GET ``<chapter url>donnees/<block_id>.csv`` with the test client. Until the
    public URL pattern that hands such dotted paths to Wagtail's serve view is on the
    branch (``diagnostic.urls``), the chapter's route is called directly instead."""
    response = client.get(f"{chapter.url}donnees/{block_id}.csv")
    if response.status_code == 404 and importlib.util.find_spec("diagnostic.urls") is None:
        request = RequestFactory().get(f"{chapter.url}donnees/{block_id}.csv")
        try:
            response = chapter.block_csv(request, block_id)
        except Http404:
            pass
    return response


def read_csv(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.mark.django_db
def test_published_chapter_renders_chart_and_table_with_csv_links(client, chapter):
    response = client.get(chapter.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="graphique-{CHART_ID}"' in html and f"graphique-{CHART_ID}-desc" in html
    assert f'href="{chapter.url}donnees/{CHART_ID}.csv"' in html
    assert f'href="{chapter.url}donnees/{TABLE_ID}.csv"' in html
    assert "Télécharger les données (CSV)" in html


@pytest.mark.django_db
def test_csv_equals_the_table_shown(client, chapter):
    block = chapter.body[0].block
    table = block.get_table(chapter.body[0].value)
    response = get_csv(client, chapter, CHART_ID)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = read_csv(response)
    assert rows == [["Territoire", "2015 (%)", "2021 (%)"],
                    ["Landes", "11.2", "12.4"], ["France", "9.3", "secret"],
                    ["Dax", "", "1234.5"]]
    assert rows[1:] == [[r.label, *[str(c.csv_value) for c in r.cells]] for r in table.rows]
    html = unescape(client.get(chapter.url).content.decode())
    for row in table.rows:
        for cell in row.cells:
            assert f"<td class=\"num\">{cell.text}</td>" in html


@pytest.mark.django_db
def test_csv_of_an_indicator_table(client, chapter, epci_indicator):
    rows = read_csv(get_csv(client, chapter, TABLE_ID))
    assert rows[0] == ["Code SIREN", "EPCI", "Taux de pauvreté (%)"]
    first = EPCI.objects.order_by("sort_name").first()
    assert rows[1] == [first.siren, first.name, "13.2"]
    assert rows[2][2] == "secret" and rows[3][2] == ""
    assert rows[-2:] == [["40", "Landes", "12.9"], ["FR", "France", "14.5"]]


@pytest.mark.django_db
def test_csv_guards_formula_like_labels(client, chapter):
    rows = read_csv(get_csv(client, chapter, "bad"))
    assert rows == [["'-Commune", "'@x"], ["'+Dax", "3"]]


@pytest.mark.django_db
def test_csv_of_a_deleted_indicator_is_not_found(client, chapter, epci_indicator):
    epci_indicator.delete()
    assert get_csv(client, chapter, TABLE_ID).status_code == 404
    response = client.get(chapter.url)
    assert response.status_code == 200
    assert "ne sont pas disponibles" in unescape(response.content.decode())


# --- Admin: edit form, validation errors, block preview --------------------------------


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user("admin@example.org", is_superuser=True, is_staff=True))
    return client


def in_admin(text, html):
    """True when ``text`` is in an admin page, as HTML or inside the JSON that describes
    the StreamField's blocks and errors (non-ASCII characters escaped)."""
    html = unescape(html)
    return text in html or json.dumps(text)[1:-1] in html


def edit_data(page, chart_value):
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    return nested_form_data({
        "title": page.title, "slug": page.slug, "summary": "",
        "body": streamfield([("chart", chart_value)]),
    })


@pytest.mark.django_db
def test_admin_edit_form_offers_the_blocks(admin_client, chapter):
    response = admin_client.get(f"/admin/pages/{chapter.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert in_admin("Tableau collé", html) and in_admin("Type de graphique", html)


@pytest.mark.django_db
def test_admin_shows_the_paste_error_with_its_line(admin_client, chapter):
    value = {"title": "T", "description": "", "chart_type": "bar", "indicator": "",
             "data": "Commune\tTaux\nDax\t3\nMont-de-Marsan\tabc", "unit": "",
             "source": "INSEE", "source_url": "", "year": ""}
    response = admin_client.post(f"/admin/pages/{chapter.pk}/edit/", edit_data(chapter, value))
    assert response.status_code == 200  # the form again, nothing saved
    assert in_admin("ligne 3 : « abc » n'est pas un nombre.", response.content.decode())
    assert chapter.revisions.count() == 1
    value["data"] = "Commune\tTaux\nDax\t3"
    response = admin_client.post(f"/admin/pages/{chapter.pk}/edit/", edit_data(chapter, value))
    assert response.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("block", [ChartBlock, DataTableBlock])
def test_admin_block_preview(admin_client, block):
    from wagtail.blocks import Block

    block_def = DiagnosticChapterPage.body.field.stream_block.child_blocks[
        "chart" if block is ChartBlock else "table"]
    assert isinstance(block_def, block)
    definition_id = next(key for key, value in Block.definition_registry.items()
                         if value is block_def)
    response = admin_client.get("/admin/block-preview/", {"id": definition_id})
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "<table" in html and "Landes" in html and "France" in html


@pytest.mark.django_db
def test_a_changed_value_purges_the_cached_chapter(client, chapter, epci_indicator):
    html = client.get(chapter.url).content.decode()  # now in the page cache
    first = EPCI.objects.order_by("sort_name").first()
    assert "13,2" in html
    value = epci_indicator.values.get(code=first.siren)
    value.value = Decimal("17.5")
    value.save()
    html = client.get(chapter.url).content.decode()
    assert "17,5" in html and "13,2" not in html


def test_epci_names_are_abbreviated_on_the_chart_only():
    from diagnostic.data_tables import Cell, DataTable, Row
    from diagnostic.table_charts import axis_label, table_chart

    assert axis_label("Communauté de communes du Seignanx") == "CC du Seignanx"
    assert axis_label("Communauté d’agglomération du Grand Dax") == "CA du Grand Dax"
    assert axis_label("Aire-sur-l’Adour") == "Aire-sur-l’Adour"
    table = DataTable("T", "EPCI", ["Population"], [
        Row("Communauté de communes du Seignanx", [Cell.number(27152)])])
    svg = str(table_chart(table, "bar", "c"))
    assert ">CC du Seignanx</text>" in svg
    assert "Communauté de communes du Seignanx : 27" in svg  # the description keeps it
