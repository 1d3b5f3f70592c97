"""The site's identity as a Wagtail site setting (portal.site_identity): staff change the
département's designation, logo, favicon, colours and sharing image in the admin and
see them at once on the public pages; colours below the contrast the site needs (WCAG
2.1 1.4.3 and 1.4.11, RGAA 3.2 and 3.3) and invalid hexadecimal are refused with a French
message and nothing changes; the theme stylesheet (/theme.css, portal.theme) keeps the
Content-Security-Policy strict and is served during a database outage; error pages keep
the default look without the database."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site

from portal.contrast import contrast_ratio, parse_hex, relative_luminance
from portal.site_identity import SiteIdentity
from portal.theme import RULES, SOFT, WHITE, contrast_errors, css_digest, theme_css, theme_url
from tests.portal.test_outage import OUTAGES, database_refuses_connections

pytestmark = pytest.mark.django_db

#: A second valid pair: a dark green main colour and a dark violet ring.
OTHER = {"primary": "#1d5e20", "accent": "#6a1b9a"}
#: A main colour too light for white text (3.04:1 with white).
LIGHT_BLUE = "#3d9bd9"


def identity_url():
    site = Site.objects.get(is_default_site=True)
    return f"/admin/settings/portal/siteidentity/{site.pk}/"


def form_data(**changes):
    data = {"departement": "Département des Landes", "logo": "", "logo_alt": "",
            "favicon": "", "primary_colour": "#005a8c", "accent_colour": "#b3361f",
            "sharing_image": ""}
    data.update(changes)
    return data


def make_image(title, name="logo.png", size=(320, 160)):
    return get_image_model().objects.create(
        title=title, file=get_test_image_file(filename=name, size=size))


def make_svg_image(title):
    from django.core.files.base import ContentFile

    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" '
           b'viewBox="0 0 120 40"><rect width="120" height="40" fill="#123456"/></svg>')
    return get_image_model().objects.create(title=title, file=ContentFile(svg, name="logo.svg"))


def theme_link(html):
    """The theme stylesheet's URL of a page (str), from its <link>."""
    match = re.search(r'<link rel="stylesheet" href="(/theme\.css\?[^"]+)">', html)
    assert match, "no theme stylesheet"
    return match.group(1).replace("&amp;", "&")


# --- The contrast maths ---------------------------------------------------------------

def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", WHITE) == pytest.approx(21.0)
    assert contrast_ratio(WHITE, WHITE) == pytest.approx(1.0)
    assert contrast_ratio("#767676", WHITE) == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#777777", WHITE) < 4.5
    assert relative_luminance("#ffffff") == pytest.approx(1.0)
    # The audit's finding: the former focus ring on the header.
    assert contrast_ratio("#b3361f", "#005a8c") == pytest.approx(1.22, abs=0.01)


@pytest.mark.parametrize("text, expected", [
    ("#005A8C", "#005a8c"), (" 005a8c ", "#005a8c"), ("#fff", "#ffffff"),
])
def test_hex_colours_are_read_in_one_form(text, expected):
    assert parse_hex(text) == expected


@pytest.mark.parametrize("text", ["", "#", "blue", "#12345", "#1234567", "#gggggg",
                                  "rgb(0,0,0)", "#005a8c;}", "##005a8c"])
def test_anything_but_hex_is_not_a_colour(text):
    with pytest.raises(ValueError):
        parse_hex(text)


def test_the_default_and_the_other_pair_meet_every_rule():
    assert contrast_errors(settings.PORTAL_COLORS) == {}
    assert contrast_errors(OTHER) == {}
    # Every background the theme is drawn with or on is covered.
    assert {(rule.colour, rule.background) for rule in RULES} == {
        ("primary", WHITE), ("primary", SOFT), ("accent", WHITE), ("accent", SOFT)}


def test_a_light_main_colour_is_refused_with_the_ratio_found_and_needed():
    from django.utils import translation

    with translation.override("fr"):
        errors = contrast_errors({"primary": LIGHT_BLUE, "accent": "#b3361f"})
    assert list(errors) == ["primary"]
    assert errors["primary"][0] == (
        "Le texte blanc sur la couleur principale (en-tête, boutons) et la couleur "
        "principale comme couleur des liens sur la page blanche : rapport de contraste "
        "de 3,04:1, il faut au moins 4,5:1 (WCAG 2.1 1.4.3, RGAA 3.2). Choisissez une "
        "couleur plus foncée.")


def test_a_ratio_just_below_the_threshold_is_never_rounded_up():
    # #777777 on white: 4.478...: shown as 4,47, not 4,5.
    from django.utils import translation

    with translation.override("fr"):
        errors = contrast_errors({"primary": "#777777"})
    assert "4,47:1" in errors["primary"][0]


# --- The theme stylesheet ------------------------------------------------------------

def test_theme_stylesheet_is_served_by_its_url_and_cached_for_a_year(client):
    url = theme_url(OTHER)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/css; charset=utf-8"
    assert response.content.decode() == ":root { --primary: #1d5e20; --accent: #6a1b9a; }\n"
    assert "immutable" in response["Cache-Control"]
    assert "max-age=31536000" in response["Cache-Control"]
    # An older digest: the right colours, kept briefly.
    stale = client.get(url.replace(css_digest(theme_css(OTHER)), "0" * 12))
    assert stale.status_code == 200 and "max-age=300" in stale["Cache-Control"]


@pytest.mark.parametrize("query", ["", "?p=005a8c", "?p=005a8c&a=blue",
                                   "?p=005a8c;}body{x:y&a=b3361f", "?p=%23005a8c&a=b3361f"])
def test_theme_stylesheet_refuses_anything_but_two_hex_colours(client, query):
    response = client.get("/theme.css" + query)
    assert response.status_code == 400
    assert response.content.decode() == (
        "Les couleurs du thème doivent s’écrire avec six chiffres hexadécimaux.")


@pytest.mark.parametrize("outage", OUTAGES)
def test_theme_stylesheet_needs_no_database(client, outage):
    url = theme_url(settings.PORTAL_COLORS)
    with outage():
        response = client.get(url)
    assert response.status_code == 200
    assert "--primary: #005a8c" in response.content.decode()


def test_public_pages_link_the_theme_and_carry_no_inline_style(client):
    html = client.get("/").content.decode()
    assert theme_link(html) == theme_url(settings.PORTAL_COLORS)
    assert "<style" not in html
    assert "'unsafe-inline'" not in client.get("/")["Content-Security-Policy"]


# --- Defaults, and the error pages without the database ------------------------------

def test_without_saved_identity_the_defaults_show(client):
    assert not SiteIdentity.objects.exists()
    html = client.get("/").content.decode()
    assert '<span class="brand-sub">Département des Landes</span>' in html
    assert 'class="brand-logo"' not in html
    assert '<link rel="icon" href="/static/portal/favicon.svg" type="image/svg+xml">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert '<meta property="og:url" content="http://testserver/">' in html
    assert "og:image" not in html
    # Reading it wrote nothing (no get_or_create on a GET).
    assert not SiteIdentity.objects.exists()


def test_default_favicon_is_the_projects_own_svg():
    path = Path(settings.BASE_DIR) / "portal" / "static" / "portal" / "favicon.svg"
    assert path.read_text().startswith('<svg xmlns="http://www.w3.org/2000/svg"')


@pytest.mark.parametrize("outage", OUTAGES)
def test_the_503_page_keeps_the_default_look_without_the_database(client, settings, outage):
    settings.PORTAL_PAGE_CACHE_ENABLED = False
    with outage():
        response = client.get("/")
    assert response.status_code == 503
    html = response.content.decode()
    assert theme_link(html) == theme_url(settings.PORTAL_COLORS)
    assert '<span class="brand-sub">Département des Landes</span>' in html
    assert 'href="/static/portal/favicon.svg"' in html


def test_the_500_page_keeps_the_default_look_without_the_database(client, monkeypatch,
                                                                   django_assert_num_queries):
    from home.models import HomePage
    from portal.errors import server_error

    def broken(self, request, *args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(HomePage, "serve", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Erreur du serveur</h1>" in html
    assert "Une erreur est survenue de notre côté." in html
    assert theme_link(html) == theme_url(settings.PORTAL_COLORS)
    # The view itself never queries: it renders with the database gone.
    with django_assert_num_queries(0), database_refuses_connections():
        page = server_error(RequestFactory().get("/"))
    assert page.status_code == 500
    assert '<span class="brand-sub">Département des Landes</span>' in page.content.decode()


def test_no_template_still_reads_the_old_departement_name():
    """The designation comes from the site setting (``portal.departement``): a template
    reading the former ``portal.departement_name`` would show nothing."""
    templates = Path(settings.BASE_DIR) / "templates"
    readers = [str(p) for p in templates.rglob("*.html") if "departement_name" in p.read_text()]
    assert readers == []


# --- Staff change the identity in the admin ------------------------------------------

def test_the_setting_is_in_the_admin_settings_menu(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert "/admin/settings/portal/siteidentity/" in html
    edit = admin_client.get(identity_url())
    assert edit.status_code == 200
    assert "Identité du site" in edit.content.decode()


def test_staff_change_name_logo_colours_and_see_them_on_the_home_page(admin_client, client):
    # A first anonymous view is cached with the old look.
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"
    logo = make_image("Logo de la Gironde")
    sharing = make_image("Partage", name="partage.png", size=(1200, 630))
    response = admin_client.post(identity_url(), form_data(
        departement="Département de la Gironde", logo=logo.pk,
        logo_alt="Département de la Gironde", primary_colour="#1D5E20",
        accent_colour=OTHER["accent"], sharing_image=sharing.pk))
    assert response.status_code == 302
    row = SiteIdentity.objects.get()
    assert (row.primary_colour, row.accent_colour) == (OTHER["primary"], OTHER["accent"])

    page = client.get("/")
    assert page["X-Page-Cache"] == "miss"  # saving purged the page cache
    html = page.content.decode()
    img = re.search(r'<img class="brand-logo" src="([^"]+)" alt="([^"]*)"', html)
    assert img and img.group(2) == "Département de la Gironde"
    assert ".height-96." in img.group(1)
    assert theme_link(html) == theme_url(OTHER)
    css = client.get(theme_link(html)).content.decode()
    assert "--primary: #1d5e20" in css and "--accent: #6a1b9a" in css
    assert re.search(r'<meta property="og:image" content="http://testserver/[^"]+\.fill-1200x630', html)
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert ('<meta property="og:description" content="Les nouvelles solidarités, j&#x27;en '
            'parle, une plateforme participative du Département de la Gironde.">') in html
    # The designation everywhere: the footer, the privacy notices.
    assert "Une plateforme participative du Département de la Gironde." in html
    notice = client.get("/propositions/").content.decode()
    assert "Le Département de la Gironde (responsable du traitement)" in notice


def test_an_uploaded_favicon_replaces_the_default(admin_client, client):
    icon = make_svg_image("Icône")
    assert admin_client.post(identity_url(), form_data(favicon=icon.pk)).status_code == 302
    html = client.get("/").content.decode()
    assert re.search(r'<link rel="icon" href="[^"]+\.svg" type="image/svg\+xml">', html)
    assert "portal/favicon.svg" not in html


FIELDS = ("departement", "logo_id", "logo_alt", "favicon_id", "primary_colour",
          "accent_colour", "sharing_image_id")
#: What a row holds before staff change anything (Wagtail's edit view creates the row
#: with the defaults when it is first opened).
DEFAULTS = ("Département des Landes", None, "", None, "#005a8c", "#b3361f", None)


def stored():
    """The identity's stored values (tuple in :data:`FIELDS` order), the defaults when no
    row exists."""
    row = SiteIdentity.objects.values_list(*FIELDS).first()
    return DEFAULTS if row is None else row


def assert_refused(response, message, before=DEFAULTS):
    """The admin's form came back (200) with ``message``, and nothing was stored."""
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ce paramètre ne peut être enregistré du fait d’erreurs." in html
    assert message in html
    assert stored() == before


def test_a_pair_below_the_contrast_needed_is_refused_and_nothing_changes(admin_client, client):
    before = client.get("/").content.decode()
    response = admin_client.post(identity_url(), form_data(
        departement="Département du Nord", primary_colour=LIGHT_BLUE,
        accent_colour="#f08a75"))
    assert_refused(response, "rapport de contraste de 3,04:1, il faut au moins 4,5:1")
    html = response.content.decode()
    assert "comme contour du focus clavier, sur le blanc : rapport de contraste de 2,44:1" in html
    assert "il faut au moins 3:1 (WCAG 2.1 1.4.11, RGAA 3.3)" in html
    after = client.get("/").content.decode()
    assert theme_link(after) == theme_link(before)
    assert "Département du Nord" not in after


def test_a_refused_change_leaves_a_saved_identity_as_it_was(admin_client):
    assert admin_client.post(identity_url(), form_data(
        primary_colour=OTHER["primary"], accent_colour=OTHER["accent"])).status_code == 302
    before = stored()
    assert before[4:6] == (OTHER["primary"], OTHER["accent"])
    response = admin_client.post(identity_url(), form_data(primary_colour="#ffcc00"))
    assert_refused(response, "il faut au moins 4,5:1", before)


@pytest.mark.parametrize("value", ["bleu", "#12345", "#00zz00", "red;}a{"])
def test_invalid_hex_is_refused(admin_client, value):
    response = admin_client.post(identity_url(), form_data(accent_colour=value))
    assert_refused(response, "Saisissez une couleur sous la forme # suivi de six chiffres hexadécimaux")


def test_a_logo_needs_its_text_alternative(admin_client):
    logo = make_image("Logo")
    response = admin_client.post(identity_url(), form_data(logo=logo.pk, logo_alt="  "))
    assert_refused(response, "Décrivez le logo : les personnes qui ne le voient pas")


def test_an_svg_sharing_image_is_refused(admin_client):
    response = admin_client.post(identity_url(), form_data(sharing_image=make_svg_image("x").pk))
    assert_refused(response, "Les réseaux sociaux n’affichent pas les images SVG")


def test_an_svg_logo_is_kept_as_svg(admin_client, client):
    logo = make_svg_image("Logo SVG")
    assert admin_client.post(identity_url(), form_data(
        logo=logo.pk, logo_alt="Département des Landes")).status_code == 302
    html = client.get("/").content.decode()
    assert re.search(r'<img class="brand-logo" src="[^"]+\.svg" alt="Département des Landes"', html)


def test_the_identity_is_read_from_the_cache_between_changes(client, django_assert_max_num_queries):
    """Uncached pages read the identity once per content version (the shared cache), not
    at every request."""
    from portal.context_processors import site_identity

    SiteIdentity.objects.create(site=Site.objects.get(is_default_site=True),
                                primary_colour=OTHER["primary"], accent_colour=OTHER["accent"])
    request = RequestFactory().get("/")
    assert site_identity(request)["colours"] == OTHER
    with django_assert_max_num_queries(0):
        assert site_identity(RequestFactory().get("/"))["colours"] == OTHER


def test_changing_or_deleting_the_logo_image_purges_the_pages(admin_client, client):
    logo = make_image("Logo")
    assert admin_client.post(identity_url(), form_data(
        logo=logo.pk, logo_alt="Département des Landes")).status_code == 302
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"
    logo.title = "Nouveau logo"
    logo.save()
    assert client.get("/")["X-Page-Cache"] == "miss"
    logo.delete()
    page = client.get("/")
    assert page["X-Page-Cache"] == "miss"
    html = page.content.decode()
    assert 'class="brand-logo"' not in html
    assert '<span class="brand-sub">Département des Landes</span>' in html
    # An image no setting uses purges nothing.
    assert client.get("/")["X-Page-Cache"] == "hit"
    make_image("Autre image")
    assert client.get("/")["X-Page-Cache"] == "hit"


def test_a_row_written_around_the_checks_or_a_lost_logo_file_never_breaks_the_pages(client):
    """Colours stored by code that skipped ``clean`` fall back to the defaults; a logo
    whose file is gone is left out (logged): the pages still answer."""
    logo = make_image("Logo perdu")
    SiteIdentity.objects.create(site=Site.objects.get(is_default_site=True),
                                primary_colour="red;}x", accent_colour="#6a1b9a",
                                logo=logo, logo_alt="Logo")
    logo.file.storage.delete(logo.file.name)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert theme_link(html) == theme_url(settings.PORTAL_COLORS)
    assert 'class="brand-logo"' not in html


def test_moderation_edits_the_identity_and_redaction_cannot(client, make_user):
    """Saving the identity publishes at once: the group that publishes ("Modération")
    edits it; "Rédaction", which only submits for moderation, is sent back by Wagtail
    with nothing changed."""
    moderator = make_user("moderation@departement.example", groups=["Modération"], is_staff=True)
    editor = make_user("redaction@departement.example", groups=["Rédaction"], is_staff=True)
    client.force_login(editor)
    refused = client.post(identity_url(), form_data(departement="Département du Nord"))
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    assert stored() == DEFAULTS
    client.force_login(moderator)
    assert client.get(identity_url()).status_code == 200
    saved = client.post(identity_url(), form_data(departement="Département du Nord"))
    assert saved.status_code == 302
    assert stored()[0] == "Département du Nord"
