"""Browser journey of a public submission: form (point clicked on the map) -> e-mail link
-> a moderator approves in Wagtail's admin -> the action is on /carte/. axe-core finds no
violation on the form, empty and with its errors shown."""

import re

import pytest
from django.core import mail

from tests.e2e.conftest import assert_marker_images_load, axe_violations, describe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Jardin partagé des Arènes"


def test_submit_by_clicking_the_map_confirm_approve_and_find_it_on_the_map(page, make_user):
    from initiatives.models import InitiativePage

    moderator = make_user("moderation@departement.example", groups=["Modération"],
                          is_staff=True, password="mot-de-passe-long-42")
    assert moderator.pk
    mail.outbox.clear()

    page.goto(page.base_url + "/carte/")
    page.get_by_role("link", name="Ajouter une action").click()
    page.wait_for_url("**/carte/ajouter/")
    assert page.locator("h1").inner_text() == "Ajouter une action"
    picker = page.locator("[data-point-picker]")
    picker.wait_for(state="visible")
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    # Sent empty: an error summary, focused, linking to the fields; still accessible.
    page.get_by_role("button", name="Envoyer mon action").click()
    summary = page.locator("#resume-erreurs")
    summary.wait_for()
    page.wait_for_load_state("load")
    assert page.evaluate("document.activeElement.id") == "resume-erreurs"
    assert "Donnez un nom à l’action." in summary.inner_text()
    assert page.locator("#id_title").get_attribute("aria-invalid") == "true"
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    page.get_by_label("Nom de l’action").fill(TITLE)
    page.get_by_label("Description").fill("Des parcelles cultivées ensemble, le samedi matin.")
    page.get_by_label("Association", exact=True).check()
    page.locator("#id_commune").fill("mont de marsan")
    page.get_by_label("Alimentation").check()
    page.get_by_label("Votre adresse e-mail").fill("jardinier@example.org")
    page.get_by_label("J’ai lu la notice").check()
    # Click the map: the hidden inputs get dot-decimal degrees inside the département.
    picker.scroll_into_view_if_needed()
    box = picker.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    lat = page.locator("#id_latitude").input_value()
    lng = page.locator("#id_longitude").input_value()
    assert re.fullmatch(r"4[34]\.\d+", lat), lat
    assert re.fullmatch(r"-[01]\.\d+", lng), lng
    assert f"Point placé : latitude {lat}, longitude {lng}." == page.locator("#point-etat").inner_text()
    assert_marker_images_load(page, "[data-point-picker]")  # the marker shows its image
    page.get_by_role("button", name="Envoyer mon action").click()
    page.wait_for_url("**/carte/ajouter/merci/")
    assert page.locator("h1").inner_text() == "Vérifiez votre messagerie"

    action = InitiativePage.objects.get(title=TITLE)
    assert not action.live and action.commune.insee_code == "40192"
    assert action.point == (float(lat), float(lng))

    # The e-mail's private link confirms the address.
    confirm_mail = [m for m in mail.outbox if m.to == ["jardinier@example.org"]][-1]
    link = re.search(r"https?://\S+/carte/mon-action/[\w-]+/", confirm_mail.body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirmer et transmettre à la modération").click()
    page.get_by_text("Votre action attend un modérateur").wait_for()
    assert any(m.to == ["moderation@departement.example"] for m in mail.outbox)

    # A moderator approves in Wagtail's admin.
    page.goto(page.base_url + "/admin/login/")
    page.locator("#id_username").fill("moderation@departement.example")
    page.locator("#id_password").fill("mot-de-passe-long-42")
    page.locator("#id_password").press("Enter")
    page.wait_for_url(re.compile(r".*/admin/$"))
    page.goto(f"{page.base_url}/admin/pages/{action.pk}/edit/")
    page.locator("footer").get_by_role("button", name="Plus d'actions").click()
    page.get_by_role("button", name="Approuver et Publier", exact=True).click()
    page.wait_for_url(re.compile(r".*/admin/pages/\d+/$"))
    action.refresh_from_db()
    assert action.live

    page.goto(page.base_url + "/carte/")
    assert page.get_by_role("link", name=TITLE).count() == 1
    assert any("est publiée" in m.subject for m in mail.outbox if m.to == ["jardinier@example.org"])
