"""Browser journey on the home page: accessible, keyboard-usable."""

import pytest

from tests.e2e.conftest import axe_violations, describe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_home_has_no_axe_violation_and_a_working_skip_link(page):
    page.goto(page.base_url + "/")
    assert page.locator("h1").inner_text() == "Les nouvelles solidarités, j'en parle"
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Aller au contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"
