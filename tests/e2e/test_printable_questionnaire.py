"""Browser checks of the printable questionnaire (``/consultation/imprimer/``): reached
from the questionnaire by its link, no axe-core violation (RGAA 4.1 / WCAG 2.1 AA), no
overflow at 320 px (RGAA 10.11), and in print the menu, header, footer and on-screen
notice are hidden while every question, box and line stays; printed to PDF it is A4."""

import re

import pytest

from tests.e2e.conftest import OVERFLOWING, axe_violations, describe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

#: Each drawn box's border (px) and size, and each ruled line's bottom border.
DRAWN = """() => ({
  boxes: [...document.querySelectorAll('.print-box')].map((el) => {
    const style = getComputedStyle(el);
    return {border: parseFloat(style.borderTopWidth), width: el.getBoundingClientRect().width};
  }),
  lines: [...document.querySelectorAll('.print-line')].map(
    (el) => parseFloat(getComputedStyle(el).borderBottomWidth)),
})"""


def test_the_printable_questionnaire_reads_on_screen_and_prints_without_the_site_chrome(page):
    page.goto(page.base_url + "/consultation/")
    page.get_by_role("link", name="Version papier à imprimer").click()
    page.wait_for_url("**/consultation/imprimer/")
    assert page.locator("h1").inner_text() == "Consultation : la crise et vous"
    assert page.title().startswith("Consultation : la crise et vous (version papier)")
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    main = page.locator("main")
    assert "Si vous avez répondu « Oui » à la question 3, répondez à cette question." in \
        main.inner_text()
    drawn = page.evaluate(DRAWN)
    assert len(drawn["boxes"]) > 30 and all(
        box["border"] >= 1 and box["width"] >= 10 for box in drawn["boxes"])
    assert len(drawn["lines"]) == 5 and all(width >= 1 for width in drawn["lines"])

    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate(OVERFLOWING) == []

    page.set_viewport_size({"width": 1280, "height": 800})
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    # On screen: the site's menu and the note about this page; in print: neither.
    menu = page.get_by_role("navigation", name="Menu principal")
    note = page.get_by_text("Cette page est la version papier du questionnaire")
    assert menu.is_visible() and note.is_visible()
    # The "Imprimer" button (shown by its script) opens the browser's print dialog.
    button = page.get_by_role("button", name="Imprimer")
    page.evaluate("() => { window.print = () => { window.printAsked = true; }; }")
    button.click()
    assert page.evaluate("() => window.printAsked === true")
    page.emulate_media(media="print")
    assert not menu.is_visible()
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".site-footer").is_visible()
    assert not note.is_visible()
    assert not button.is_visible()
    assert page.locator(".print-office").is_visible()
    assert page.get_by_text("Lot n°").is_visible()
    assert page.locator(".print-question").count() == 9
    assert page.get_by_text("Votre situation").is_visible()
    assert page.locator(".print-box").first.is_visible()
    # The full notice's address is written once, not followed by print.css's "(href)".
    after = page.evaluate("""() => getComputedStyle(
        document.querySelector('#notice-rgpd a.print-url'), '::after').content""")
    assert after in ("none", "normal")

    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    sheets = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    # The demo's nine questions, the contact block and the notice fill four A4 sheets.
    assert sheets == 4, sheets
    # Every sheet is A4: 595 x 842 points (210 x 297 mm).
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert len(boxes) == sheets
    assert all(abs(float(w) - 595.3) < 1 and abs(float(h) - 841.9) < 1 for w, h in boxes)


PASSWORD = "Papier-a-imprimer-2026"


def test_a_question_added_in_the_admin_is_on_the_paper_version_with_its_condition(
        page, make_user):
    from consultation.models import ConsultationPage
    from tests.e2e.conftest import sign_in_to_admin

    make_user("saisie-papier@departement.example", is_superuser=True, is_staff=True,
              password=PASSWORD)
    consultation = ConsultationPage.objects.live().get(slug="consultation")
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in_to_admin(page, "saisie-papier@departement.example", PASSWORD)
    page.goto(f"{page.base_url}/admin/pages/{consultation.pk}/edit/")
    total = page.locator("#id_form_fields-TOTAL_FORMS")
    before = int(total.input_value())
    page.locator("#id_form_fields-ADD").click()
    new = f"#id_form_fields-{before}-"
    page.locator(new + "label").wait_for()
    page.locator(new + "label").fill("Avez-vous dû renoncer à des soins ?")
    page.locator(new + "field_type").select_option("yes_no")
    page.locator(new + "required").uncheck()
    page.locator(new + "show_if_question").fill("Avez-vous été aidé(e) ?")
    page.locator(new + "show_if_value").fill("non")
    publish = page.locator("button[name='action-publish']")
    if not publish.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    publish.click()
    page.wait_for_url("**/admin/pages/**")

    page.goto(page.base_url + "/consultation/imprimer/")
    added = page.locator(".print-question").last
    assert added.locator(".print-question-label").inner_text() == (
        "10. Avez-vous dû renoncer à des soins ?")
    assert added.locator(".condition").inner_text() == (
        "Si vous avez répondu « Non » à la question 3, répondez à cette question.")
    assert added.locator(".print-choices li").all_inner_texts() == ["Oui", "Non"]
    violations = axe_violations(page)
    assert violations == [], describe(violations)
