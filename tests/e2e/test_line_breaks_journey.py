"""Browser journey: a resident writes a proposal exactly as long as the browser allows,
with line breaks. The browser counts each line break as one character (``maxlength``)
but sends it as CRLF; the server counts it as one too, so the proposal is stored."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_description_as_long_as_the_browser_allows_is_stored(page):
    from consultation.models import Proposal

    page.goto(page.base_url + "/propositions/")
    page.get_by_role("button", name="Proposer une action").click()
    description = page.locator("#id_description")
    limit = int(description.get_attribute("maxlength"))
    text = "\n".join(["Une ligne de la proposition."] * 60)
    text += "\n" + "x" * (limit - len(text) - 1)
    page.get_by_label("Titre de votre proposition").fill("Une proposition sur plusieurs lignes")
    description.fill(text)
    assert page.evaluate("document.querySelector('#id_description').value.length") == limit
    page.locator("#id_description").press("End")
    page.keyboard.type("z")  # one more character: the browser refuses it
    assert page.evaluate("document.querySelector('#id_description').value.length") == limit
    page.get_by_role("button", name="Envoyer ma proposition").click()

    page.wait_for_url("**/propositions/merci/")
    stored = Proposal.objects.get(title="Une proposition sur plusieurs lignes").description
    assert len(stored) == limit and stored.count("\n") == 60 and "\r" not in stored
