"""Moderation of publicly submitted actions, and the submitter's private link.

Confirmation submits to the "Modération" workflow and notifies the moderators; approval
in Wagtail's admin publishes and tells the submitter; a request for changes sends the
moderator's comment; the link edits (new revision in moderation, live version kept) or
withdraws; a Rédaction user cannot approve; the purge command deletes old e-mails.
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.initiatives.test_public_submission import (
    ADD_URL,
    clear_cache,  # noqa: F401  (autouse fixture: an empty cache for each test)
    valid_data,
)

MODERATOR = "moderatrice@departement.example"


@pytest.fixture
def submit(client, map_page, django_capture_on_commit_callbacks):
    """Factory: ``submit(**overrides)`` -> (InitiativePage, private link path), e-mails
    cleared."""
    from initiatives.models import InitiativePage

    def factory(**overrides):
        data = valid_data(**overrides)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(ADD_URL, data)
        assert response.status_code == 302, response.text
        body = mail.outbox[-1].body
        link = re.search(r"http://testserver(/carte/mon-action/[\w-]+/)", body).group(1)
        mail.outbox.clear()
        return InitiativePage.objects.get(title=data["title"]), link

    return factory


@pytest.fixture
def moderator(make_user):
    return make_user(MODERATOR, groups=["Modération"], is_staff=True, first_name="Mona")


@pytest.fixture
def confirmed(client, submit, moderator, django_capture_on_commit_callbacks):
    """A submitted and confirmed action: (page, link)."""
    page, link = submit()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
    mail.outbox.clear()
    return page, link


def workflow_action(client, user, page, action, capture, **data):
    """POST a workflow action in Wagtail's admin as ``user``; returns the response."""
    page.refresh_from_db()
    task_state = page.current_workflow_task_state
    client.force_login(user)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    with capture(execute=True):
        response = client.post(url, data)
    client.logout()
    return response


@pytest.mark.django_db
def test_confirming_submits_to_moderation_and_notifies_the_moderators(
    client, submit, moderator, django_capture_on_commit_callbacks
):
    page, link = submit()
    response = client.get(link)
    assert response.status_code == 200
    assert "Confirmer et transmettre à la modération" in response.text
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]
    assert page.current_workflow_state is None  # nothing in moderation before confirming

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link)
    assert response.status_code == 302 and response["Location"] == link
    page.refresh_from_db()
    state = page.current_workflow_state
    assert state is not None and state.workflow.name == "Modération"
    assert state.status == "in_progress"
    assert page.current_workflow_task_state.task.name == "Modération"
    assert not page.live
    assert page.submitter.confirmed_at is not None
    # Wagtail's own notification reaches the Modération group.
    to_moderator = [m for m in mail.outbox if m.to == [MODERATOR]]
    assert len(to_moderator) == 1
    assert "Épicerie solidaire du Peyrouat" in to_moderator[0].body
    assert "marie.dupont" not in to_moderator[0].body

    status = client.get(link).text
    assert "Votre adresse est confirmée. Votre action attend un modérateur" in status

    # Confirming again changes nothing.
    mail.outbox.clear()
    client.post(link)
    assert mail.outbox == []
    from wagtail.models import WorkflowState

    assert WorkflowState.objects.filter(object_id=str(page.pk)).count() == 1


@pytest.mark.django_db
def test_an_unknown_or_tampered_link_answers_404(client, map_page):
    assert client.get("/carte/mon-action/pas-un-jeton/").status_code == 404
    assert client.post("/carte/mon-action/pas-un-jeton/retirer/").status_code == 404
    assert client.get("/carte/mon-action/" + "a" * 300 + "/").status_code == 404


@pytest.mark.django_db
def test_approval_in_the_admin_publishes_and_tells_the_submitter(
    client, confirmed, moderator, django_capture_on_commit_callbacks
):
    page, link = confirmed
    response = workflow_action(client, moderator, page, "approve",
                               django_capture_on_commit_callbacks, comment="")
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live and page.current_workflow_state is None
    assert "Épicerie solidaire du Peyrouat" in client.get("/carte/").text
    assert client.get(page.url).status_code == 200

    to_submitter = [m for m in mail.outbox if m.to == ["marie.dupont@example.org"]]
    assert len(to_submitter) == 1
    message = to_submitter[0]
    assert message.subject == "Votre action « Épicerie solidaire du Peyrouat » est publiée"
    assert "http://testserver/carte/epicerie-solidaire-du-peyrouat/" in message.body
    assert "Votre action est publiée sur la carte." in client.get(link).text


@pytest.mark.django_db
def test_a_request_for_changes_sends_the_moderators_reason(
    client, confirmed, moderator, django_capture_on_commit_callbacks
):
    page, link = confirmed
    reason = "Merci de préciser les jours et horaires d’ouverture."
    response = workflow_action(client, moderator, page, "reject",
                               django_capture_on_commit_callbacks, comment=reason)
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
    to_submitter = [m for m in mail.outbox if m.to == ["marie.dupont@example.org"]]
    assert len(to_submitter) == 1
    assert to_submitter[0].subject == (
        "Votre action « Épicerie solidaire du Peyrouat » doit être modifiée"
    )
    assert reason in to_submitter[0].body
    status = client.get(link).text
    assert "Un modérateur demande des modifications" in status
    assert "Merci de préciser les jours et horaires d’ouverture." in status

    # The submitter changes the action: it goes back to moderation.
    edit_url = link + "modifier/"
    form = client.get(edit_url)
    assert form.status_code == 200 and 'value="Épicerie solidaire du Peyrouat"' in form.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url, valid_data(
            title="Épicerie solidaire du Peyrouat", description="Ouverte le mardi de 9 h à 12 h.",
            email=None, consent=None,
        ))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.current_workflow_state.status == "in_progress"
    assert page.get_latest_revision_as_object().description == (
        "<p>Ouverte le mardi de 9 h à 12 h.</p>"
    )


@pytest.mark.django_db
def test_editing_a_live_action_keeps_it_online_until_the_new_revision_is_approved(
    client, confirmed, moderator, django_capture_on_commit_callbacks
):
    page, link = confirmed
    workflow_action(client, moderator, page, "approve", django_capture_on_commit_callbacks)
    page.refresh_from_db()
    revisions_before = page.revisions.count()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link + "modifier/", valid_data(
            title="Épicerie solidaire du Peyrouat (nouveaux horaires)",
            latitude="43.8927", longitude="-0.4997", email=None, consent=None,
        ))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.revisions.count() == revisions_before + 1
    # The live version is unchanged; the new one waits in moderation.
    assert page.live and page.title == "Épicerie solidaire du Peyrouat"
    assert page.has_unpublished_changes
    assert page.current_workflow_state.status == "in_progress"
    assert page.current_workflow_task_state.revision_id == page.latest_revision_id
    public = client.get(page.url).text
    assert "nouveaux horaires" not in public
    assert [m for m in mail.outbox if m.to == [MODERATOR]]

    workflow_action(client, moderator, page, "approve", django_capture_on_commit_callbacks)
    page.refresh_from_db()
    assert page.title == "Épicerie solidaire du Peyrouat (nouveaux horaires)"
    assert page.location == "SRID=4326;POINT(-0.4997 43.8927)"
    assert "nouveaux horaires" in client.get(page.url).text


@pytest.mark.django_db
def test_an_invalid_edit_stores_nothing(client, confirmed, django_capture_on_commit_callbacks):
    page, link = confirmed
    revisions_before = page.revisions.count()
    response = client.post(link + "modifier/", valid_data(
        title="", email=None, consent=None, latitude="10", longitude="10"))
    assert response.status_code == 400
    assert "Donnez un nom à l’action." in response.text
    assert "en dehors des Landes" in response.text
    assert page.revisions.count() == revisions_before


@pytest.mark.django_db
def test_withdrawing_unpublishes_and_removes_it_from_public_surfaces(
    client, confirmed, moderator, django_capture_on_commit_callbacks
):
    page, link = confirmed
    workflow_action(client, moderator, page, "approve", django_capture_on_commit_callbacks)
    page.refresh_from_db()
    url = page.url
    assert client.get(url).status_code == 200
    assert page.slug in client.get("/sitemap.xml").text

    confirm = client.get(link + "retirer/")
    assert "ne sera plus affichée sur la carte" in confirm.text
    response = client.post(link + "retirer/")
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
    assert page.submitter.withdrawn_at is not None
    assert client.get(url).status_code == 404
    assert "Épicerie solidaire du Peyrouat" not in client.get("/carte/").text
    feed = client.get("/carte/geojson/").json()
    assert page.pk not in [feature["id"] for feature in feed["features"]]
    api = client.get("/api/v2/pages/?type=initiatives.InitiativePage&limit=20&search=Peyrouat")
    assert page.pk not in [item["id"] for item in api.json()["items"]]
    assert page.slug not in client.get("/sitemap.xml").text
    assert "Vous avez retiré cette action" in client.get(link).text
    # Withdrawn: the link no longer edits.
    response = client.post(link + "modifier/", valid_data(email=None, consent=None))
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live and page.current_workflow_state is None


@pytest.mark.django_db
def test_withdrawing_while_in_moderation_cancels_the_moderation(client, confirmed):
    page, link = confirmed
    client.post(link + "retirer/")
    page.refresh_from_db()
    assert page.current_workflow_state is None and not page.live


@pytest.mark.django_db
def test_an_editor_cannot_approve_their_own_submission_only_moderators_can(
    client, map_page, make_user, moderator, django_capture_on_commit_callbacks
):
    from wagtail.models import Workflow

    from initiatives.models import InitiativePage
    from portal.models import Commune

    editor = make_user("redacteur@departement.example", groups=["Rédaction"], is_staff=True)
    page = InitiativePage(
        title="Action du rédacteur", summary="Résumé", actor_type="association",
        commune=Commune.objects.get(insee_code="40192"), live=False, owner=editor,
    )
    map_page.add_child(instance=page)
    page.save_revision(user=editor)
    Workflow.objects.get(name="Modération").start(page, editor)

    # The edit view offers "Approve" to the moderator, not to the editor...
    approve_url = reverse("wagtailadmin_pages:collect_workflow_action_data", args=[
        page.pk, "approve", page.current_workflow_task_state.pk])
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    client.force_login(moderator)
    assert approve_url in client.get(edit_url).text
    client.force_login(editor)
    edit = client.get(edit_url)
    assert edit.status_code == 200
    assert approve_url not in edit.text
    client.logout()
    # ...and posting it anyway is refused as Wagtail refuses it (a redirect to the admin
    # home), changing nothing.
    response = workflow_action(client, editor, page, "approve", django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    page.refresh_from_db()
    assert not page.live
    assert page.current_workflow_task_state.status == "in_progress"

    response = workflow_action(client, moderator, page, "approve", django_capture_on_commit_callbacks)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live


@pytest.mark.django_db
def test_purge_deletes_submitter_emails_older_than_the_retention(
    client, submit, settings
):
    from initiatives.submitters import InitiativeSubmitter

    settings.PORTAL_CONTACT_RETENTION_DAYS = 30
    old_page, old_link = submit(title="Ancienne action")
    new_page, _ = submit(title="Action récente")
    InitiativeSubmitter.objects.filter(page=old_page).update(
        created_at=timezone.now() - timedelta(days=31), confirmed_at=timezone.now()
    )
    call_command("purge_submitters", verbosity=0)
    assert not InitiativeSubmitter.objects.filter(page=old_page).exists()
    assert InitiativeSubmitter.objects.filter(page=new_page).exists()
    assert not InitiativeSubmitter.objects.filter(email="marie.dupont@example.org",
                                                  page=old_page).exists()
    # The action itself stays; its private link no longer works.
    old_page.refresh_from_db()
    assert client.get(old_link).status_code == 404


@pytest.mark.django_db
def test_purge_deletes_unconfirmed_drafts_after_a_month_but_never_a_confirmed_action(
    client, submit, confirmed, settings
):
    from initiatives.models import InitiativePage
    from initiatives.submitters import InitiativeSubmitter

    confirmed_page, _ = confirmed
    abandoned, _ = submit(title="Jamais confirmée")
    recent, _ = submit(title="Pas encore confirmée")
    month_ago = timezone.now() - timedelta(days=31)
    InitiativeSubmitter.objects.filter(page__in=[abandoned, confirmed_page]).update(
        created_at=month_ago)
    call_command("purge_submitters", verbosity=0)
    assert not InitiativePage.objects.filter(pk=abandoned.pk).exists()
    assert InitiativePage.objects.filter(pk=recent.pk).exists()
    assert InitiativeSubmitter.objects.filter(page=recent).exists()
    assert InitiativePage.objects.filter(pk=confirmed_page.pk).exists()
    # Within the year: a confirmed action's submitter is kept.
    assert InitiativeSubmitter.objects.filter(page=confirmed_page).exists()
