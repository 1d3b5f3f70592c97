"""Browser journeys: a moderator refuses a submitted action in Wagtail's admin, with a
reason the dialog requires; the submitter's private page shows it. A resident asks for
their private link again on "Renvoyer mon lien"; axe-core finds no violation there,
empty, with its error shown and with its answer, and it reflows at 320 px."""

import re

import pytest
from django.core import mail

from tests.e2e.conftest import OVERFLOWING, axe_violations, describe, sign_in_to_admin
from tests.initiatives.test_public_submission import valid_data

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SUBMITTER = "marie.dupont@example.org"
REASON = "Il s’agit d’une publicité pour un commerce, pas d’une action solidaire."


def submitted_and_confirmed(client):
    """Send the public form and confirm it with the test client: (page, private link path)."""
    from initiatives.models import InitiativePage

    mail.outbox.clear()
    assert client.post("/carte/ajouter/", valid_data()).status_code == 302
    link = re.search(r"https?://[^/\s]+(/carte/mon-action/[\w-]+/)", mail.outbox[-1].body).group(1)
    assert client.post(link).status_code == 302
    mail.outbox.clear()
    return InitiativePage.objects.get(title="Épicerie solidaire du Peyrouat"), link


def test_a_moderator_refuses_with_a_reason_in_the_admin(page, client, make_user):
    from wagtail.models import WorkflowState

    make_user("moderation@departement.example", groups=["Modération"], is_staff=True,
              password="mot-de-passe-long-42")
    action, link = submitted_and_confirmed(client)

    sign_in_to_admin(page, "moderation@departement.example", "mot-de-passe-long-42")
    page.goto(f"{page.base_url}/admin/pages/{action.pk}/edit/")
    page.locator("footer").get_by_role("button", name="Plus d'actions").click()
    page.get_by_role("button", name="Refuser", exact=True).click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Raison du refus").wait_for()

    # Without a reason the dialog refuses, and nothing changes.
    dialog.get_by_role("button", name="Refuser").click()
    dialog.get_by_text("Indiquez la raison du refus").wait_for()
    action.refresh_from_db()
    assert action.current_workflow_state.status == "in_progress"

    dialog.get_by_label("Raison du refus").fill(REASON)
    dialog.get_by_role("button", name="Refuser").click()
    page.wait_for_url(re.compile(r".*/admin/pages/\d+/$"))

    action.refresh_from_db()
    assert not action.live and action.current_workflow_state is None
    state = WorkflowState.objects.get(object_id=str(action.pk))
    assert state.status == "cancelled"
    sent = [m for m in mail.outbox if m.to == [SUBMITTER]]
    assert len(sent) == 1 and REASON in sent[0].body and "refusée" in sent[0].subject

    # The page's history shows the refusal and its reason.
    page.goto(f"{page.base_url}/admin/pages/{action.pk}/history/")
    page.get_by_text(REASON).first.wait_for()

    # The submitter's private page says so, without the link to change it.
    page.goto(page.base_url + link)
    page.get_by_text("Un modérateur a refusé votre action").wait_for()
    assert page.get_by_text(REASON).count() == 1
    assert page.get_by_role("link", name="Modifier mon action").count() == 0


def test_resend_my_link_is_accessible_and_mails_the_links(page, client):
    _action, old_link = submitted_and_confirmed(client)

    page.goto(page.base_url + "/carte/")
    page.get_by_role("link", name="Recevez à nouveau votre lien privé").click()
    page.wait_for_url("**/carte/mon-action/renvoyer/")
    assert page.locator("h1").inner_text() == "Renvoyer mon lien"
    field = page.get_by_label("Votre adresse e-mail")
    assert field.get_attribute("autocomplete") == "email"
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    page.set_viewport_size({"width": 320, "height": 640})  # reflow (WCAG 1.4.10)
    assert page.evaluate(OVERFLOWING) == []

    field.fill("pas une adresse")
    page.get_by_role("button", name="M’envoyer mes liens").click()
    page.locator("#resume-erreurs").wait_for()
    assert page.title().startswith("Erreur – Renvoyer mon lien")
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    page.get_by_label("Votre adresse e-mail").fill(SUBMITTER)
    page.get_by_role("button", name="M’envoyer mes liens").click()
    page.get_by_text("Si des actions ont été envoyées avec cette adresse").wait_for()
    assert SUBMITTER not in page.content()
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    sent = [m for m in mail.outbox if m.to == [SUBMITTER]]
    assert len(sent) == 1
    new_link = re.search(r"https?://\S+/carte/mon-action/[\w-]+/", sent[0].body).group(0)
    page.goto(new_link)
    page.get_by_text("Votre action attend un modérateur").wait_for()
    assert client.get(old_link).status_code == 404
