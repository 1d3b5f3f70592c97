"""Choropleth maps of the diagnostic: classes, SVG, legend, table, CSV and the block."""

import csv
import io
import re
import uuid
from decimal import Decimal
from html import unescape

import pytest
from django.urls import Resolver404, resolve, reverse
from django.test import RequestFactory
from django.utils import translation
from wagtail.blocks.struct_block import StructBlockValidationError

from diagnostic.blocks import ChoroplethBlock, DiagnosticStreamBlock
from diagnostic.indicators.models import Level, ValueStatus
from diagnostic.maps import PALETTES, NoMapData, build_choropleth, quantile_classes
from diagnostic.models import DiagnosticChapterPage, DiagnosticIndexPage, Indicator, IndicatorValue
from diagnostic.views import block_csv, find_block
from portal.models import EPCI, Commune

NBSP = "\xa0"
HOSTILE = "<script>alert(1)</script>"


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


def make_indicator(level=Level.COMMUNE, name="Densité de population", unit="hab./km²",
                   year=2021, secret=(), missing=(), skip=(), decimal_places=1):
    """An indicator with a value for every territory of ``level``: 10.0, 10.5, 11.0...
    in code order; codes in ``secret``/``missing`` get that status, codes in ``skip``
    no row at all."""
    indicator = Indicator.objects.create(
        name=name, unit=unit, year=year, source="INSEE, recensement", level=level,
        source_url="https://www.insee.fr/", decimal_places=decimal_places,
    )
    if level == Level.EPCI:
        codes = sorted(EPCI.objects.values_list("siren", flat=True))
    else:
        codes = sorted(Commune.objects.values_list("insee_code", flat=True))
    rows = []
    for index, code in enumerate(codes):
        if code in skip:
            continue
        if code in secret:
            rows.append(IndicatorValue(indicator=indicator, code=code, status=ValueStatus.SECRET))
        elif code in missing:
            rows.append(IndicatorValue(indicator=indicator, code=code, status=ValueStatus.MISSING))
        else:
            rows.append(IndicatorValue(indicator=indicator, code=code,
                                       value=Decimal(10) + Decimal(index) / 2))
    IndicatorValue.objects.bulk_create(rows)
    return indicator


def make_chapter(indicator, classes=5, title="Carte de la densité", slug="carte"):
    """A live chapter whose body is one choropleth block. Output: (page, block id)."""
    block_id = str(uuid.uuid4())
    index = DiagnosticIndexPage.objects.get(slug="diagnostic")
    page = index.add_child(instance=DiagnosticChapterPage(
        title="Cartes", slug=slug,
        body=[{"type": "choropleth", "id": block_id, "value": {
            "title": title, "description": "Une description.",
            "indicator": indicator.pk if indicator else None, "classes": classes}}],
    ))
    return page, block_id


def csv_route_reachable():
    """Whether the URLconf lets a chapter's ``donnees/<block id>.csv`` reach Wagtail's
    page serving (Wagtail's own pattern only takes paths ending in "/")."""
    try:
        resolve("/diagnostic/cartes/donnees/0f6c1c53-1d1f-4c55-9d43-3f1a0e6b4b1e.csv")
    except Resolver404:
        return False
    return True


needs_csv_route = pytest.mark.skipif(
    not csv_route_reachable(), reason="the chapters' CSV URL is not routed on this branch")


def svg_of(html):
    return re.search(r"<svg xmlns=.*?</svg>", html, re.S).group(0)


def csv_rows(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


# --- Classes --------------------------------------------------------------------------


def test_quantile_classes_split_evenly_and_keep_ties_together():
    values = [Decimal(n) for n in range(1, 11)]
    assert quantile_classes(values, 5) == [
        (Decimal(1), Decimal(2)), (Decimal(3), Decimal(4)), (Decimal(5), Decimal(6)),
        (Decimal(7), Decimal(8)), (Decimal(9), Decimal(10))]
    ties = [Decimal(1)] * 8 + [Decimal(2), Decimal(3)]
    assert quantile_classes(ties, 5) == [(1, 1), (2, 3)]
    assert quantile_classes([], 5) == []
    assert quantile_classes([Decimal(4)], 3) == [(4, 4)]


def test_palettes_go_from_light_to_dark():
    def luminance(colour):
        r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    for count, palette in PALETTES.items():
        assert len(palette) == count
        assert [luminance(c) for c in palette] == sorted((luminance(c) for c in palette), reverse=True)


# --- The map --------------------------------------------------------------------------


@pytest.mark.django_db
def test_svg_has_every_value_the_secret_hatch_and_an_accessible_name():
    indicator = make_indicator(secret={"40192"}, missing={"40001"}, skip={"40002"})
    choropleth = build_choropleth(indicator, 5, id_prefix="map-x")
    svg = str(choropleth.svg)
    assert svg.count("<path d=") == 327 + 2  # territories, the outline, the hatch's line
    assert 'role="img"' in svg and 'aria-labelledby="map-x-title map-x-desc"' in svg
    assert '<title id="map-x-title">Densité de population par commune, 2021</title>' in svg
    assert "<desc id=\"map-x-desc\">" in svg
    assert "<script" not in svg and "style=" not in svg and "<style" not in svg
    for row in choropleth.table.rows:
        if row.cells[0].status == "number":
            assert f"<title>{row.label} :" in unescape(svg) or row.label in unescape(svg)
            assert f"{row.cells[0].text}{NBSP}hab./km²</title>" in unescape(svg)
    assert f"Mont-de-Marsan{NBSP}: secret</title>" in svg
    assert '<pattern id="map-x-secret"' in svg and 'fill="url(#map-x-secret)"' in svg
    # Missing, explicit or without any row: neutral grey, "non disponible".
    assert svg.count(f"{NBSP}: non disponible</title>") == 2
    assert 'fill="#d4d4d4"' in svg
    assert choropleth.secret_label.startswith("secret")
    assert choropleth.missing_label == "non disponible"
    assert len(choropleth.classes) == 5
    # Each class has about a fifth of the 324 numbers.
    assert all(60 <= len(c.codes) <= 70 for c in choropleth.classes)


@pytest.mark.django_db
def test_legend_bounds_in_french_format():
    indicator = make_indicator()
    choropleth = build_choropleth(indicator, 3)
    labels = [c.label for c in choropleth.classes]
    # 327 values 10.0 ... 173.0 by steps of 0.5: thirds of 109 values.
    assert labels == [
        f"de 10,0 à 64,0{NBSP}hab./km²",
        f"de 64,5 à 118,5{NBSP}hab./km²",
        f"de 119,0 à 173,0{NBSP}hab./km²",
    ]


@pytest.mark.django_db
def test_large_values_are_grouped_in_the_legend():
    indicator = make_indicator(unit="", decimal_places=0)
    IndicatorValue.objects.filter(indicator=indicator, code="40192").update(value=Decimal(25000))
    labels = [c.label for c in build_choropleth(indicator, 4).classes]
    assert labels[-1].endswith(f"à 25{NBSP}000") or labels[-1].endswith("à 25\u202f000")


@pytest.mark.django_db
def test_epci_map():
    indicator = make_indicator(level=Level.EPCI, name="Taux de pauvreté", unit="%")
    choropleth = build_choropleth(indicator, 4, id_prefix="e")
    svg = unescape(str(choropleth.svg))
    assert len(choropleth.table.rows) == 18
    assert choropleth.table.code_header == "Code SIREN"
    for epci in EPCI.objects.all():
        assert f"<title>{epci.name}{NBSP}: " in svg
    assert "Taux de pauvreté par EPCI" in svg
    assert svg.count("<title>") == 18  # the map's own title has an id


@pytest.mark.django_db
def test_other_levels_and_empty_indicators_cannot_be_mapped():
    indicator = make_indicator()
    indicator.level = Level.DEPARTEMENT
    with pytest.raises(NoMapData, match="ne peut pas être cartographié"):
        build_choropleth(indicator)
    empty = Indicator.objects.create(name="Vide", source="INSEE", level=Level.COMMUNE)
    with pytest.raises(NoMapData, match="aucune valeur"):
        build_choropleth(empty)


# --- The block ------------------------------------------------------------------------


def test_stream_block_offers_the_map():
    assert "choropleth" in DiagnosticStreamBlock.base_blocks
    block = DiagnosticStreamBlock.base_blocks["choropleth"]
    assert list(block.child_blocks) == ["title", "description", "indicator", "classes"]
    assert block.child_blocks["classes"].get_default() == 5


@pytest.mark.django_db
def test_block_refuses_an_indicator_of_another_level():
    block = ChoroplethBlock()
    indicator = Indicator.objects.create(name="Population", source="INSEE", level=Level.DEPARTEMENT)
    value = block.to_python({"title": "Carte", "description": "", "indicator": indicator.pk, "classes": 5})
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    message = error.value.block_errors["indicator"].messages[0]
    assert "par commune ou par EPCI" in message and "département" in message
    commune_level = make_indicator()
    good = block.to_python({"title": "Carte", "description": "", "indicator": commune_level.pk, "classes": 5})
    assert block.clean(good)["indicator"] == commune_level
    for classes in (2, 8):
        bad = block.to_python({"title": "Carte", "description": "", "indicator": commune_level.pk, "classes": classes})
        with pytest.raises(StructBlockValidationError):
            block.clean(bad)


@pytest.mark.django_db
def test_block_preview_never_fails():
    Indicator.objects.all().delete()  # the demo content's
    block = ChoroplethBlock()
    html = block.render(block.get_preview_value(), context=block.get_preview_context(block.get_preview_value()))
    assert "Choisissez un indicateur" in html
    make_indicator()
    value = block.get_preview_value()
    html = block.render(value, context=block.get_preview_context(value))
    assert "<svg" in html and "choropleth-legend" in html


@pytest.mark.django_db
def test_block_preview_in_the_admin(client, make_user):
    client.force_login(make_user("preview@example.org", is_superuser=True, is_staff=True))
    Indicator.objects.all().delete()  # the demo content's
    block = DiagnosticStreamBlock.base_blocks["choropleth"]
    url = reverse("wagtailadmin_block_preview")
    response = client.get(url, {"id": block.definition_prefix})
    assert response.status_code == 200
    assert "Choisissez un indicateur" in unescape(response.content.decode())
    make_indicator()
    response = client.get(url, {"id": block.definition_prefix})
    assert response.status_code == 200
    assert 'class="choropleth-svg"' in response.content.decode()


@pytest.mark.django_db
def test_block_table_is_the_map_table():
    indicator = make_indicator(secret={"40192"})
    block = ChoroplethBlock()
    value = block.to_python({"title": "Carte", "description": "", "indicator": indicator.pk, "classes": 5})
    table = block.get_table(value)
    assert len(table.rows) == 327 and table.code_header == "Code INSEE"
    html = block.render(value, context={"block_id": "abc"})
    assert html.count('<th scope="row">') == 327
    assert f">{table.rows[0].cells[0].text}</td>" in html


# --- The chapter ----------------------------------------------------------------------


def table_rows(html):
    """(code, name, shown value) of every body row of the page's first data table."""
    table_html = html[html.index("<table"):html.index("</table>")]
    return re.findall(
        r"<tr><td>(\w+)</td><th scope=\"row\">(.*?)</th><td[^>]*>(.*?)</td></tr>", table_html)


def assert_csv_matches_table(html, rows):
    body_rows = table_rows(html)
    assert rows[0] == ["Code INSEE", "Commune", "Densité de population (hab./km²)"]
    assert len(rows) - 1 == len(body_rows) == 327
    for (code, name, shown), (csv_code, csv_name, csv_value) in zip(body_rows, rows[1:]):
        assert (code, unescape(name)) == (csv_code, csv_name)
        if shown == "secret":
            assert csv_value == "secret"
        elif csv_value == "":
            assert code == "40001" and shown == "n.d."
        else:
            number = unescape(shown).replace(NBSP, "").replace("\u202f", "").replace(",", ".")
            assert Decimal(csv_value) == Decimal(number)
    assert ["40192", "Mont-de-Marsan", "secret"] in rows


@pytest.fixture
def commune_chapter(db):
    indicator = make_indicator(secret={"40192"}, missing={"40001"})
    return make_chapter(indicator)


@pytest.mark.django_db
def test_chapter_with_a_327_commune_map_renders(client, commune_chapter):
    page, block_id = commune_chapter
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<path d=") == 327 + 2
    assert f'id="bloc-{block_id}"' in html
    assert "diagnostic/js/sortable-tables.js" in html
    assert 'Source : <a href="https://www.insee.fr/">INSEE, recensement</a>, 2021.' in html
    assert len(table_rows(html)) == 327
    assert "couvert par le secret statistique (trop peu de ménages ou d&#x27;entreprises)." in html \
        or "couvert par le secret statistique (trop peu de ménages ou d'entreprises)." in html
    assert "chiffre non disponible." in html
    assert f"de 10,5 à 42,5{NBSP}hab./km²" in html  # 40001 (10.0) is missing
    assert f'href="{page.url}donnees/{block_id}.csv"' in html
    # Each CSV link names its table, so two links of a chapter read apart (RGAA 6.1).
    assert re.search(r'donnees/[^"]+\.csv" download>Télécharger les données \(CSV\)'
                     r'<span class="visually-hidden"> : [^<]+ par commune</span>', html)
    # The block's CSV (the chapter's view, called directly) has the table's rows.
    child = find_block(page, block_id)
    assert len(child.block.get_table(child.value).rows) == 327
    rows = csv_rows(block_csv(page, RequestFactory().get(page.url), block_id))
    assert_csv_matches_table(html, rows)


@needs_csv_route
@pytest.mark.django_db
def test_chapter_csv_url_gives_the_table(client, commune_chapter):
    page, block_id = commune_chapter
    html = client.get(page.url).content.decode()
    response = client.get(f"{page.url}donnees/{block_id}.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert_csv_matches_table(html, csv_rows(response))


@pytest.mark.django_db
def test_chapter_with_a_year_less_indicator_says_so(client):
    indicator = make_indicator(year=None, level=Level.EPCI)
    page, _block_id = make_chapter(indicator)
    html = unescape(client.get(page.url).content.decode())
    assert "INSEE, recensement</a>, millésime non précisé." in html


@pytest.mark.django_db
def test_deleted_or_empty_indicator_shows_a_message(client):
    indicator = make_indicator()
    page, block_id = make_chapter(indicator)
    indicator.delete()
    response = client.get(page.url)
    assert response.status_code == 200
    assert "L'indicateur de cette carte n'est plus disponible." in unescape(response.content.decode())
    assert client.get(f"{page.url}donnees/{block_id}.csv").status_code == 404
    empty = Indicator.objects.create(name="Vide", source="INSEE", level=Level.COMMUNE)
    page2, _ = make_chapter(empty, slug="vide")
    response = client.get(page2.url)
    assert response.status_code == 200
    assert "aucune valeur" in unescape(response.content.decode())


@pytest.fixture
def hostile_chapter(db):
    indicator = make_indicator(level=Level.EPCI, name=f"Part {HOSTILE}", unit=f"=1+{HOSTILE}")
    epci = EPCI.objects.order_by("siren").first()
    epci.name = f"=CMD {HOSTILE}"
    epci.save()
    page, block_id = make_chapter(indicator, title=f"Titre {HOSTILE}")
    return page, block_id, epci


def assert_hostile_csv(rows, epci):
    assert rows[0][2] == f"Part {HOSTILE} (=1+{HOSTILE})"
    assert [epci.siren, f"'=CMD {HOSTILE}", "10.0"] in rows


@pytest.mark.django_db
def test_names_and_units_are_escaped_in_svg_html_and_csv(client, hostile_chapter):
    page, block_id, epci = hostile_chapter
    html = client.get(page.url).content.decode()
    assert HOSTILE not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg_of(html)
    assert f"=CMD &lt;script&gt;alert(1)&lt;/script&gt;{NBSP}: 10,0" in svg_of(html)
    assert html.count("&lt;script&gt;") >= 5
    assert_hostile_csv(csv_rows(block_csv(page, RequestFactory().get(page.url), block_id)), epci)


@needs_csv_route
@pytest.mark.django_db
def test_hostile_csv_through_the_chapter_url(client, hostile_chapter):
    page, block_id, epci = hostile_chapter
    assert_hostile_csv(csv_rows(client.get(f"{page.url}donnees/{block_id}.csv")), epci)


@pytest.mark.django_db
def test_admin_edits_a_chapter_with_a_map(client, make_user, commune_chapter):
    client.force_login(make_user("editor@example.org", is_superuser=True, is_staff=True))
    page, _block_id = commune_chapter
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    assert "Carte par commune ou par EPCI" in unescape(response.content.decode())
