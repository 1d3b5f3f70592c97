"""Browser test: the committee's statistics pages on a phone (390x844, the ``page``
fixture's viewport). Nothing runs past the screen (the EPCI select ran to 780 px with its
arrow hidden, a filter error was cut mid-word, the "besoins / actions" tables ran to
474 px in a page that cannot scroll sideways); a table too wide for the screen scrolls
in its own region, which keyboard users reach with Tab and scroll with the arrow keys;
axe-core finds no violation."""

import pytest

from tests.e2e.conftest import OVERFLOWING, axe_violations, describe, sign_in_to_admin

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDTH = 390

#: Horizontally scrollable regions of <main>: tabindex, role, their name (the text of the
#: element named by aria-labelledby, else aria-label), their table's caption, whether
#: their content is wider than they are, whether they hold a table, the element (tag and
#: classes) and whether it holds an element keyboard users reach with Tab (a link, a
#: button, a field).
REGIONS = """() => [...document.querySelectorAll('main *')]
  .filter((el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX))
  .map((el) => {
    const labelledBy = document.getElementById(el.getAttribute('aria-labelledby') || '');
    const caption = el.querySelector('caption');
    return {
      tabindex: el.getAttribute('tabindex'),
      role: el.getAttribute('role'),
      name: labelledBy ? labelledBy.textContent.trim() : (el.getAttribute('aria-label') || ''),
      caption: caption ? caption.textContent.trim() : null,
      wide: el.scrollWidth > el.clientWidth,
      table: el.querySelector('table') !== null,
      element: `${el.tagName.toLowerCase()}.${el.className}`,
      focusable: el.querySelector('a[href], button, input, select, textarea') !== null,
    };
  })"""


def assert_fits_the_phone(page):
    """No overflow past 390 px, every scroll region keyboard-reachable: a table's region
    itself (tabindex 0, role region, named after its table's caption), any other region
    (Wagtail's admin header: its breadcrumbs, its buttons) through the links it holds
    when its content is wider than it; no axe violation in <main>. Returns the table
    regions (list of dicts)."""
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    assert page.evaluate(OVERFLOWING) == []
    everything = page.evaluate(REGIONS)
    regions = [region for region in everything if region["table"]]
    assert regions, "no table region"
    for region in everything:
        if not region["table"]:
            assert region["focusable"] or not region["wide"], region["element"]
    for region in regions:
        assert region["tabindex"] == "0" and region["role"] == "region", region
        assert region["caption"] and region["caption"] in region["name"], region
    violations = axe_violations(page, "main")
    assert violations == [], describe(violations)
    return regions


def test_statistics_pages_fit_a_phone(page, make_user):
    from consultation.models import ConsultationPage, ConsultationSubmission
    from portal.models import Commune

    consultation = ConsultationPage.objects.get(slug="consultation")
    keys = {f.label: f.clean_name for f in consultation.get_form_fields()}
    difficulties = keys["Avez-vous rencontré des difficultés pendant et/ou après le confinement ?"]
    domains = keys["Si oui, dans quel(s) domaine(s) ?"]
    mdm = Commune.objects.get(insee_code="40192")
    for _ in range(6):
        ConsultationSubmission.objects.create(
            page=consultation, commune=mdm,
            form_data={difficulties: "Oui", domains: ["alimentation", "logement"]},
        )
    make_user("comite-mobile@example.org", groups=["Comité Nouvelles solidarités"],
              password="pass-word-123")
    sign_in_to_admin(page, "comite-mobile@example.org", "pass-word-123")
    base = page.base_url + f"/admin/comite/{consultation.pk}/statistiques/"

    page.goto(base)
    epci = page.get_by_label("EPCI", exact=True)
    assert epci.bounding_box()["x"] + epci.bounding_box()["width"] <= WIDTH
    assert_fits_the_phone(page)

    # A cross-tab wider than the screen scrolls in its region, with the keyboard too.
    page.goto(base + f"?lignes={difficulties}&colonnes={domains}")
    cross = page.locator("section", has=page.locator("h2#croise")).get_by_role("region")
    assert cross.evaluate("(el) => el.scrollWidth > el.clientWidth")
    assert_fits_the_phone(page)
    cross.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("(el) => el.scrollLeft > 0", arg=cross.element_handle())

    page.goto(base + "?commune=99999")
    alert = page.get_by_role("alert")
    assert "99999 n’en fait pas partie" in alert.inner_text()
    error = page.locator("#id_commune_error")
    assert error.bounding_box()["x"] + error.bounding_box()["width"] <= WIDTH
    assert_fits_the_phone(page)

    # The three-column "besoins / actions" tables fit whole: caption and headers readable
    # without scrolling.
    page.goto(base + "besoins-actions/")
    regions = assert_fits_the_phone(page)
    assert not [region for region in regions if region["wide"]]
    table = page.get_by_role(
        "region", name="Besoins et actions par domaine : Mont de Marsan Agglomération"
    )
    assert "Actions publiées" in table.inner_text()

    page.goto(base + "besoins-actions/?commune=99999")
    assert page.get_by_role("alert").is_visible()
    assert_fits_the_phone(page)
