"""Browser journey of communication staff changing the site's identity in Wagtail's
settings menu: the département's designation, a logo uploaded from the image chooser,
the two colours; saved, they show on the public home page at once (header logo with its
text alternative, the theme's CSS variables, the designation), without any
Content-Security-Policy violation (the ``page`` fixture fails the journey on one). A pair
of colours below the contrast needed, and an invalid hexadecimal colour, are refused with
the French message and change nothing."""

import pytest

from tests.e2e.test_admin_editors_journey import red_png
from tests.e2e.conftest import assert_no_csp_violations, sign_in_to_admin

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "mot-de-passe-long-42"

#: The theme's CSS variables as the home page computes them.
VARIABLES = """() => { const s = getComputedStyle(document.documentElement);
  return [s.getPropertyValue('--primary').trim(), s.getPropertyValue('--accent').trim()]; }"""


def open_identity_settings(page):
    """Open "Paramètres" > "Identité du site" from the admin's menu."""
    page.goto(page.base_url + "/admin/")
    page.get_by_role("button", name="Paramètres").click()
    page.get_by_role("link", name="Identité du site").click()
    page.locator("#id_primary_colour").wait_for()


def save(page):
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state()


def test_staff_change_the_identity_and_see_it_on_the_home_page(page, make_user, tmp_path):
    from portal.site_identity import SiteIdentity

    make_user("communication@departement.example", is_superuser=True, is_staff=True,
              password=PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in_to_admin(page, "communication@departement.example", PASSWORD)
    open_identity_settings(page)

    page.locator("#id_departement").fill("Département de la Gironde")
    # The logo, uploaded from the image chooser's "Transférer" tab.
    page.locator("#id_logo-chooser").get_by_role("button", name="Choisir une image").click()
    modal = page.locator(".modal-dialog")
    modal.get_by_role("tab", name="Transférer").click()
    modal.locator("input[type=file]").set_input_files(str(red_png(tmp_path / "logo-gironde.png")))
    modal.locator("#id_image-chooser-upload-title").fill("Logo de la Gironde")
    modal.get_by_role("button", name="Transférer").click()
    page.locator("#id_logo-chooser .chooser__title").filter(has_text="Logo de la Gironde").wait_for()
    page.locator("#id_logo_alt").fill("Département de la Gironde")
    page.locator("#id_primary_colour").fill("#1D5E20")
    page.locator("#id_accent_colour").fill("#6a1b9a")
    save(page)
    page.locator(".messages").filter(has_text="Identité du site mis à jour.").wait_for()
    assert SiteIdentity.objects.get().primary_colour == "#1d5e20"

    page.goto(page.base_url + "/")
    logo = page.locator(".site-header img.brand-logo")
    assert logo.get_attribute("alt") == "Département de la Gironde"
    assert "logo-gironde" in logo.get_attribute("src")
    assert page.evaluate(VARIABLES) == ["#1d5e20", "#6a1b9a"]
    header = page.locator(".site-header")
    assert header.evaluate("(el) => getComputedStyle(el).backgroundColor") == "rgb(29, 94, 32)"
    assert page.locator(".site-footer").inner_text().strip().endswith(
        "Une plateforme participative du Département de la Gironde.")
    assert_no_csp_violations(page)

    # A main colour too light for white text: refused, with the ratio, nothing changes.
    open_identity_settings(page)
    page.locator("#id_departement").fill("Département du Nord")
    page.locator("#id_primary_colour").fill("#3d9bd9")
    save(page)
    error = page.locator(".error-message").filter(has_text="rapport de contraste de 3,04:1")
    error.first.wait_for()
    assert "il faut au moins 4,5:1 (WCAG 2.1 1.4.3, RGAA 3.2)" in error.first.inner_text()
    # An invalid hexadecimal colour: refused too.
    page.locator("#id_primary_colour").fill("#1d5e20")
    page.locator("#id_accent_colour").fill("violet")
    save(page)
    page.locator(".error-message").filter(
        has_text="Saisissez une couleur sous la forme # suivi de six chiffres hexadécimaux"
    ).first.wait_for()
    row = SiteIdentity.objects.get()
    assert (row.departement, row.primary_colour, row.accent_colour) == (
        "Département de la Gironde", "#1d5e20", "#6a1b9a")

    page.goto(page.base_url + "/")
    assert page.evaluate(VARIABLES) == ["#1d5e20", "#6a1b9a"]
    assert "Département du Nord" not in page.content()
    # The other public page types keep a strict policy with the new colours.
    for path in ("/carte/", "/propositions/", "/consultation/", "/diagnostic/"):
        page.goto(page.base_url + path)
        assert page.evaluate(VARIABLES) == ["#1d5e20", "#6a1b9a"], path
    assert_no_csp_violations(page)
