"""A moderator's final refusal, a request for changes, "Renvoyer mon lien" and the private
page's notice while a change of a live action waits in moderation.

Refusal: a required reason, e-mailed; the action stays unpublished, its workflow ends,
the private link shows the refusal and no longer edits; anonymous photos go with it.
Renvoyer mon lien: new links mailed to the address on file only, the same answer for
known and unknown addresses, rate limits per client and per address, honeypot.
"""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.initiatives.test_moderation import (  # noqa: F401  (fixtures)
    MODERATOR,
    confirmed,
    moderator,
    submit,
    workflow_action,
)
from tests.initiatives.test_public_submission import (
    clear_cache,  # noqa: F401  (autouse fixture: an empty cache for each test)
    valid_data,
)

SUBMITTER = "marie.dupont@example.org"
RESEND_URL = "/carte/mon-action/renvoyer/"
REASON = "Cette action est une activité commerciale, pas une action solidaire."


def to_submitter():
    return [message for message in mail.outbox if message.to == [SUBMITTER]]


def refuse(client, moderator, page, capture, reason=REASON):
    return workflow_action(client, moderator, page, "refuse", capture, comment=reason)


@pytest.mark.django_db
def test_the_moderation_workflow_runs_our_task_for_the_moderation_group():
    from wagtail.models import Workflow

    from portal.moderation import ModerationTask

    task = Workflow.objects.get(name="Modération").tasks.get().specific
    assert isinstance(task, ModerationTask) and task.name == "Modération"
    assert list(task.groups.values_list("name", flat=True)) == ["Modération"]


@pytest.mark.django_db
def test_the_editor_offers_refuse_to_moderators_only(client, confirmed, moderator, make_user):
    page, _ = confirmed
    page.refresh_from_db()
    refuse_url = reverse("wagtailadmin_pages:collect_workflow_action_data", args=[
        page.pk, "refuse", page.current_workflow_task_state.pk])
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    client.force_login(moderator)
    html = client.get(edit_url).text
    assert refuse_url in html and "Refuser" in html
    assert "Demander des modifications" in html
    editor = make_user("redacteur@departement.example", groups=["Rédaction"], is_staff=True)
    client.force_login(editor)
    assert refuse_url not in client.get(edit_url).text


@pytest.mark.django_db
def test_refusing_with_a_reason_ends_moderation_and_tells_the_submitter(
    client, confirmed, moderator, django_capture_on_commit_callbacks
):
    from wagtail.models import ModelLogEntry, PageLogEntry, WorkflowState

    from portal.moderation import REFUSE_ACTION, ModerationTaskState

    page, link = confirmed
    revisions_before = page.revisions.count()
    response = refuse(client, moderator, page, django_capture_on_commit_callbacks)
    assert response.status_code == 302

    page.refresh_from_db()
    assert not page.live and page.first_published_at is None
    assert page.current_workflow_state is None  # nothing waits any more
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == "cancelled"
    task_state = ModerationTaskState.objects.get(pk=state.current_task_state_id)
    assert task_state.refused and task_state.status == "rejected"
    assert task_state.comment == REASON and task_state.finished_by == moderator
    entry = PageLogEntry.objects.get(page=page, action=REFUSE_ACTION)
    assert entry.data["comment"] == REASON and entry.user == moderator
    assert not ModelLogEntry.objects.filter(action="wagtail.workflow.reject").exists()
    # Wagtail's workflow history shows the refused task and its reason.
    client.force_login(moderator)
    history = client.get(reverse("wagtailadmin_pages:workflow_history_detail",
                                 args=[page.pk, state.pk]))
    assert history.status_code == 200 and REASON in history.text
    assert client.get(reverse("wagtailadmin_pages:history", args=[page.pk])).status_code == 200
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    client.logout()

    messages = to_submitter()
    assert len(messages) == 1
    assert messages[0].subject == "Votre action « Épicerie solidaire du Peyrouat » a été refusée"
    assert REASON in messages[0].body
    assert "Cette décision est définitive" in messages[0].body

    status = client.get(link)
    assert status.status_code == 200
    assert "Un modérateur a refusé votre action" in status.text
    assert REASON in status.text
    assert "Modifier mon action" not in status.text
    assert "Retirer mon action" not in status.text
    assert "Épicerie solidaire du Peyrouat" not in client.get("/carte/").text

    # The private link no longer edits: the form redirects, a post changes nothing.
    response = client.get(link + "modifier/")
    assert response.status_code == 302 and response["Location"] == link
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link + "modifier/", valid_data(
            title="Épicerie (bis)", email=None, consent=None))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.revisions.count() == revisions_before
    assert page.current_workflow_state is None and mail.outbox == []
    # Confirming again does not send it back to moderation.
    client.post(link)
    page.refresh_from_db()
    assert page.current_workflow_state is None


@pytest.mark.django_db
def test_a_refusal_without_a_reason_is_refused_by_the_form(
    client, confirmed, moderator, django_capture_on_commit_callbacks
):
    page, link = confirmed
    page.refresh_from_db()
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "refuse", task_state.pk])
    client.force_login(moderator)
    # The dialog shows the French error...
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"comment": "   "}, headers={"x-requested-with": "XMLHttpRequest"})
    assert response.status_code == 200
    html = response.json()["html"]
    assert "Indiquez la raison du refus : elle est envoyée à la personne qui l’a proposée." in html
    assert "Raison du refus" in html
    # ...and a plain post changes nothing either.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"comment": ""})
    page.refresh_from_db()
    task_state.refresh_from_db()
    assert task_state.status == "in_progress"
    assert page.current_workflow_state.status == "in_progress"
    assert to_submitter() == []
    assert "Votre action attend un modérateur" in client.get(link).text


@pytest.mark.django_db
def test_a_request_for_changes_says_the_action_can_be_changed_and_sent_again(
    client, confirmed, moderator, django_capture_on_commit_callbacks
):
    page, link = confirmed
    workflow_action(client, moderator, page, "reject", django_capture_on_commit_callbacks,
                    comment="Précisez les horaires.")
    message = to_submitter()[0]
    assert "demande des modifications avant de la publier" in message.body
    assert "renvoyez-la : elle retourne aux modérateurs" in message.body
    assert "http://testserver/carte/mon-action/renvoyer/" in message.body
    page.refresh_from_db()
    assert page.current_workflow_state.status == "needs_changes"
    # Not a refusal: the submitter may still change it.
    status = client.get(link).text
    assert "Modifier mon action" in status and "a refusé" not in status
    assert client.get(link + "modifier/").status_code == 200


@pytest.mark.django_db
def test_refusing_deletes_the_anonymous_photo_and_keeps_library_images(
    client, confirmed, moderator, make_user, django_capture_on_commit_callbacks
):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    from initiatives.photos import photo_collection

    Image = get_image_model()
    page, link = confirmed
    # Sent through the public form: stored in the photos' collection.
    photo = Image.objects.create(title="Photo envoyée", file=get_test_image_file(),
                                 collection=photo_collection())
    library = Image.objects.create(title="Photothèque", file=get_test_image_file(),
                                   uploaded_by_user=moderator)
    page.image = photo
    page.save_revision()
    refuse(client, moderator, page, django_capture_on_commit_callbacks)
    assert not Image.objects.filter(pk=photo.pk).exists()
    assert Image.objects.filter(pk=library.pk).exists()


@pytest.mark.django_db
def test_refusing_a_change_of_a_live_action_keeps_the_live_version(
    client, confirmed, moderator, django_capture_on_commit_callbacks
):
    page, link = confirmed
    workflow_action(client, moderator, page, "approve", django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link + "modifier/", valid_data(
            title="Épicerie solidaire (publicité)", email=None, consent=None))
    mail.outbox.clear()
    refuse(client, moderator, page, django_capture_on_commit_callbacks)
    page.refresh_from_db()
    assert page.live and page.title == "Épicerie solidaire du Peyrouat"
    status = client.get(link).text
    assert "Un modérateur a refusé votre action" in status
    assert "reste en ligne tant qu’un modérateur ne la dépublie pas" in status
    assert "Modifier mon action" not in status and "Retirer mon action" in status
    assert client.get(link + "modifier/").status_code == 302
    assert len(to_submitter()) == 1


@pytest.mark.django_db
def test_the_private_page_says_the_live_version_stays_until_the_change_is_approved(
    client, confirmed, moderator, django_capture_on_commit_callbacks
):
    notice = ("Votre action est en ligne. La version publiée reste sur la carte jusqu’à ce "
              "qu’un modérateur approuve votre modification.")
    page, link = confirmed
    assert notice not in client.get(link).text  # not live yet
    workflow_action(client, moderator, page, "approve", django_capture_on_commit_callbacks)
    assert notice not in client.get(link).text  # live, nothing waiting
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link + "modifier/", valid_data(
            title="Épicerie solidaire du Peyrouat (horaires)", email=None, consent=None))
    html = client.get(link).text
    assert notice in html
    assert 'href="/carte/epicerie-solidaire-du-peyrouat/">Voir la version publiée</a>' in html
    workflow_action(client, moderator, page, "approve", django_capture_on_commit_callbacks)
    assert notice not in client.get(link).text


def resend(client, capture, email, meta=None, **extra):
    with capture(execute=True):
        return client.post(RESEND_URL, {"email": email, "site_web": "", **extra}, **(meta or {}))


@pytest.mark.django_db
def test_resend_page_is_linked_and_accessible(client, map_page):
    assert f'href="{RESEND_URL}"' in client.get("/carte/").text
    assert f'href="{RESEND_URL}"' in client.get("/carte/ajouter/merci/").text
    response = client.get(RESEND_URL)
    assert response.status_code == 200
    html = response.text
    assert "<h1>Renvoyer mon lien</h1>" in html
    assert 'autocomplete="email"' in html and 'type="email"' in html
    assert '<label for="id_email">Votre adresse e-mail' in html
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_confirmation_mail_links_to_the_resend_page(
    client, map_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/carte/ajouter/", valid_data())
    assert "http://testserver/carte/mon-action/renvoyer/" in mail.outbox[-1].body


@pytest.mark.django_db
def test_a_known_address_gets_new_working_links_by_mail_only(
    client, submit, django_capture_on_commit_callbacks
):
    first, old_link = submit()
    second, _ = submit(title="Jardin partagé des Arènes")
    response = resend(client, django_capture_on_commit_callbacks, "Marie.Dupont@Example.org")
    assert response.status_code == 302 and response["Location"] == RESEND_URL + "?envoye=1"
    answer = client.get(response["Location"]).text
    assert "Si des actions ont été envoyées avec cette adresse" in answer
    assert "marie.dupont" not in answer.lower()
    assert re.search(r"/carte/mon-action/[\w-]{20,}/", answer) is None

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [SUBMITTER]  # the address on file, not the one typed
    assert message.subject == "Vos liens privés sur la carte des solidarités"
    assert "Épicerie solidaire du Peyrouat" in message.body
    assert "Jardin partagé des Arènes" in message.body
    assert "ne fonctionnent plus" in message.body
    links = re.findall(r"http://testserver(/carte/mon-action/[\w-]+/)", message.body)
    assert len(links) == 2 and old_link not in links
    # The new link works (confirms the action); the old one no longer does.
    page = client.get(links[0])
    assert page.status_code == 200 and "Confirmer et transmettre à la modération" in page.text
    assert client.get(old_link).status_code == 404
    for link in links:
        assert link not in answer


@pytest.mark.django_db
def test_an_unknown_address_gets_the_same_answer_and_no_mail(
    client, submit, django_capture_on_commit_callbacks
):
    from initiatives.submitters import InitiativeSubmitter

    submit()
    hashes = list(InitiativeSubmitter.objects.values_list("token_hash", flat=True))
    known = resend(client, django_capture_on_commit_callbacks, SUBMITTER)
    known_answer = client.get(known["Location"]).text
    mail.outbox.clear()
    unknown = resend(client, django_capture_on_commit_callbacks, "personne@example.org")
    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"]
    assert client.get(unknown["Location"]).text == known_answer
    assert mail.outbox == []
    assert list(InitiativeSubmitter.objects.values_list("token_hash", flat=True)) != hashes


@pytest.mark.django_db
def test_bad_input_on_the_resend_page_is_refused_in_french(
    client, submit, django_capture_on_commit_callbacks
):
    submit()
    response = resend(client, django_capture_on_commit_callbacks, "pas-une-adresse")
    assert response.status_code == 400
    assert "Indiquez une adresse e-mail valide, par exemple nom@exemple.fr." in response.text
    assert "<title>Erreur – Renvoyer mon lien" in response.text
    assert 'aria-invalid="true"' in response.text
    response = resend(client, django_capture_on_commit_callbacks, "")
    assert response.status_code == 400
    assert "Indiquez l’adresse e-mail avec laquelle vous avez envoyé votre action." in response.text
    # The honeypot.
    response = resend(client, django_capture_on_commit_callbacks, SUBMITTER,
                      site_web="http://spam.example")
    assert response.status_code == 400
    assert "ressemble à un envoi automatique" in response.text
    assert mail.outbox == []


@pytest.mark.django_db
def test_resend_is_rate_limited_per_address_and_per_client(
    client, submit, settings, django_capture_on_commit_callbacks
):
    submit()
    settings.PORTAL_RESEND_LINK_EMAIL_RATE = "2/h"
    settings.PORTAL_RESEND_LINK_RATE = "6/h"
    for _ in range(2):
        assert resend(client, django_capture_on_commit_callbacks, SUBMITTER).status_code == 302
    mail.outbox.clear()
    # The same address, in another case, from anyone: refused, nothing sent.
    response = resend(client, django_capture_on_commit_callbacks, SUBMITTER.upper(),
                      meta={"REMOTE_ADDR": "198.51.100.7"})
    assert response.status_code == 429
    assert "Vous avez envoyé ce formulaire trop de fois" in response.text
    assert mail.outbox == []
    # An unknown address answers the same way once over its rate.
    for _ in range(2):
        resend(client, django_capture_on_commit_callbacks, "inconnue@example.org")
    assert resend(client, django_capture_on_commit_callbacks,
                  "inconnue@example.org").status_code == 429
    # Per client: this client's 6th post passes, its 7th is refused, whatever the address.
    assert resend(client, django_capture_on_commit_callbacks,
                  "autre@example.org").status_code == 302
    assert resend(client, django_capture_on_commit_callbacks,
                  "encore@example.org").status_code == 429


@pytest.mark.django_db
def test_confirming_after_staff_refused_does_not_send_it_back_to_moderation(
    client, submit, moderator, django_capture_on_commit_callbacks
):
    from wagtail.models import Workflow, WorkflowState

    page, link = submit()
    Workflow.objects.get(name="Modération").start(page, moderator)
    refuse(client, moderator, page, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
    page.refresh_from_db()
    assert page.current_workflow_state is None
    assert WorkflowState.objects.filter(object_id=str(page.pk)).count() == 1
    assert "Un modérateur a refusé votre action" in client.get(link).text
