"""The submitter's confirmation works whatever staff did with the action first, and is
idempotent: one confirmation, never a second workflow, never a new moderation of an
action staff already published.

Staff act through Wagtail's own APIs, as the admin does (``Workflow.start`` for "Submit
to Modération", ``Revision.publish``, ``Page.unpublish``, ``Page.delete``) or through the
admin's workflow action view.
"""

import pytest
from django.core import mail

from tests.initiatives.test_moderation import (  # noqa: F401  (fixtures)
    MODERATOR,
    clear_cache,
    moderator,
    submit,
    workflow_action,
)

STAFF = "redaction@departement.example"


@pytest.fixture
def staff(make_user):
    return make_user(STAFF, groups=["Modération"], is_staff=True)


def workflow_states(page):
    """All WorkflowStates of ``page`` (list of (workflow name, status))."""
    from wagtail.models import WorkflowState

    return list(
        WorkflowState.objects.filter(object_id=str(page.pk)).order_by("pk")
        .values_list("workflow__name", "status")
    )


def staff_submits(page, user):
    """Staff submit the page to "Modération" in the admin (a revision, then the
    workflow)."""
    from wagtail.models import Workflow

    page.get_latest_revision_as_object().save_revision(user=user)
    Workflow.objects.get(name="Modération").start(page, user)


def confirm(client, link, capture):
    """The resident clicks "Confirmer et transmettre à la modération"."""
    with capture(execute=True):
        return client.post(link)


@pytest.mark.django_db
def test_confirming_an_action_staff_already_submitted_to_moderation(
    client, submit, staff, django_capture_on_commit_callbacks
):
    page, link = submit()
    staff_submits(page, staff)
    assert workflow_states(page) == [("Modération", "in_progress")]

    for _click in range(3):  # the click, a double click, a retry
        response = confirm(client, link, django_capture_on_commit_callbacks)
        assert response.status_code == 302 and response["Location"] == link
    page.refresh_from_db()
    assert page.submitter.confirmed_at is not None
    assert workflow_states(page) == [("Modération", "in_progress")]
    status = client.get(link)
    assert status.status_code == 200
    assert "Votre adresse est confirmée. Votre action attend un modérateur" in status.text
    assert "Confirmer et transmettre à la modération" not in status.text


@pytest.mark.django_db
def test_confirming_an_action_staff_already_published_starts_no_moderation(
    client, submit, staff, django_capture_on_commit_callbacks
):
    page, link = submit()
    page.get_latest_revision().publish(user=staff)
    mail.outbox.clear()
    for _click in range(2):
        response = confirm(client, link, django_capture_on_commit_callbacks)
        assert response.status_code == 302
    page.refresh_from_db()
    assert page.live and page.submitter.confirmed_at is not None
    assert workflow_states(page) == []
    assert not [m for m in mail.outbox if m.to == [MODERATOR]]
    assert "Votre action est publiée sur la carte." in client.get(link).text


@pytest.mark.django_db
def test_confirming_an_action_staff_published_then_unpublished(
    client, submit, staff, django_capture_on_commit_callbacks
):
    page, link = submit()
    page.get_latest_revision().publish(user=staff)
    page.refresh_from_db()
    page.unpublish(user=staff)
    response = confirm(client, link, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live and page.submitter.confirmed_at is not None
    assert workflow_states(page) == []  # staff took it down: not sent back by the link
    assert "Votre action n’est pas publiée." in client.get(link).text


@pytest.mark.django_db
def test_confirming_after_a_moderator_requested_changes(
    client, submit, staff, moderator, django_capture_on_commit_callbacks  # noqa: F811
):
    page, link = submit()
    staff_submits(page, staff)
    workflow_action(client, moderator, page, "reject", django_capture_on_commit_callbacks,
                    comment="Précisez les horaires.")
    assert workflow_states(page) == [("Modération", "needs_changes")]
    response = confirm(client, link, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert workflow_states(page) == [("Modération", "needs_changes")]
    status = client.get(link).text
    assert "Un modérateur demande des modifications" in status
    assert "Précisez les horaires." in status


@pytest.mark.django_db
def test_confirming_after_staff_approved_the_action_they_submitted(
    client, submit, staff, moderator, django_capture_on_commit_callbacks  # noqa: F811
):
    page, link = submit()
    staff_submits(page, staff)
    workflow_action(client, moderator, page, "approve", django_capture_on_commit_callbacks)
    page.refresh_from_db()
    assert page.live
    mail.outbox.clear()
    response = confirm(client, link, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert workflow_states(page) == [("Modération", "approved")]  # no new moderation
    assert not [m for m in mail.outbox if m.to == [MODERATOR]]


@pytest.mark.django_db
def test_confirming_an_action_staff_deleted_says_the_link_is_no_longer_valid(
    client, submit, staff, django_capture_on_commit_callbacks
):
    page, link = submit()
    page.delete(user=staff)
    response = confirm(client, link, django_capture_on_commit_callbacks)
    assert response.status_code == 404


@pytest.mark.django_db
def test_a_stale_double_confirmation_confirms_once(
    client, submit, django_capture_on_commit_callbacks
):
    """Two requests read the unconfirmed row, then both confirm (a double click)."""
    from initiatives.submissions import confirm_submission
    from initiatives.submitters import InitiativeSubmitter

    page, link = submit()
    first = InitiativeSubmitter.objects.get(page=page)
    second = InitiativeSubmitter.objects.get(page=page)
    assert confirm_submission(first) is True
    assert confirm_submission(second) is False
    assert workflow_states(page) == [("Modération", "in_progress")]


@pytest.mark.django_db
def test_a_workflow_started_by_staff_between_the_check_and_the_start_is_kept(
    client, submit, staff, monkeypatch, django_capture_on_commit_callbacks
):
    """Staff start the moderation while the confirmation runs: the database refuses the
    second workflow; the confirmation is stored all the same, without a 500."""
    from initiatives import submissions

    page, link = submit()
    monkeypatch.setattr(submissions, "needs_moderation",
                        lambda page: staff_submits(page, staff) or True)
    response = confirm(client, link, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.submitter.confirmed_at is not None
    assert workflow_states(page) == [("Modération", "in_progress")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_double_click_at_the_same_instant_confirms_once(map_page, settings):
    """Two posts of the confirmation at once (threads with their own connection on
    PostgreSQL; one after the other on SQLite): one workflow, two redirects."""
    import re
    import threading

    from django.db import connection
    from django.test import Client

    from initiatives.models import InitiativePage
    from tests.initiatives.test_public_submission import ADD_URL, valid_data

    settings.PORTAL_SUBMISSION_RATE = "100/h"
    Client().post(ADD_URL, valid_data(title="Double clic"))
    link = re.search(r"http://testserver(/carte/mon-action/[\w-]+/)",
                     mail.outbox[-1].body).group(1)
    page = InitiativePage.objects.get(title="Double clic")
    clicks = 4
    barrier = threading.Barrier(clicks)
    statuses = []

    def click():
        try:
            client = Client(raise_request_exception=False)
            if connection.vendor == "postgresql":
                barrier.wait(timeout=30)
            statuses.append(client.post(link).status_code)
        finally:
            connection.close()

    if connection.vendor == "postgresql":
        threads = [threading.Thread(target=click) for _ in range(clicks)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    else:
        for _ in range(clicks):
            click()
    assert statuses == [302] * clicks
    assert workflow_states(page) == [("Modération", "in_progress")]
