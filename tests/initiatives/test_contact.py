"""Contact through the portal on an action's page: a visitor's message relayed to the
action's author and the author's answer relayed back, neither address shown to the
other side; problem reports to the moderators; nothing kept but a count."""

import re
import time
from html import unescape

import pytest
from django.apps import apps
from django.core import mail
from django.db import models
from django.test import Client
from django.utils import timezone
from wagtail.models import PageViewRestriction

from portal.page_cache import STATUS_HEADER

VISITOR = "marie.visiteuse@example.org"
AUTHOR = "porteur.action@example.net"
MESSAGE = "Bonjour, je peux aider le samedi matin pour la distribution."
ANSWER = "Merci beaucoup, rendez-vous samedi à 9 h devant la salle des fêtes."


@pytest.fixture
def action(map_page, make_action):
    """A live action asking for volunteers, with a confirmed author's address."""
    from initiatives.submitters import InitiativeSubmitter, new_token

    page = make_action(map_page, "Épicerie solidaire de Morcenx", volunteers_wanted=True)
    InitiativeSubmitter.objects.create(
        page=page, email=AUTHOR, token_hash=new_token()[1], privacy_notice_version="t",
        confirmed_at=timezone.now(),
    )
    return page


@pytest.fixture
def moderator(make_user):
    """A member of the "Modération" group (User)."""
    from portal.roles import MODERATORS_GROUP

    return make_user("moderatrice@example.org", groups=[MODERATORS_GROUP])


def form_token(response):
    return re.search(r'name="form_token" value="([^"]+)"', response.text).group(1)


def post_form(client, url, data, capture):
    """GET the form, then POST ``data`` with its token, running on-commit e-mails."""
    token = form_token(client.get(url))
    with capture(execute=True):
        return client.post(url, {"form_token": token, "site_web": "", **data})


def whole_mail(message):
    """Every header and the body of an EmailMessage, as one str."""
    return message.message().as_string() + "\n" + message.body


def contact_data(**overrides):
    return {"name": "Marie", "email": VISITOR, "message": MESSAGE, **overrides}


def reply_path(message):
    return re.search(r"https?://[^/\s]+(/\S+/contacter/reponse/[^/\s]+/)", message.body).group(1)


def test_action_page_shows_the_contact_link_and_no_raw_coordinates(client, action):
    html = unescape(client.get(action.url).text)
    assert "(latitude" not in html and "longitude " not in html
    assert f'href="{action.url}contacter/"' in html
    assert "Je veux aider" in html
    assert f'href="{action.url}signaler/"' in html
    assert AUTHOR not in html


def test_message_reaches_the_author_without_the_visitor_address_and_the_answer_comes_back(
        client, action, django_capture_on_commit_callbacks):
    from initiatives.contact.counts import counts_of

    response = post_form(client, action.url + "contacter/", contact_data(),
                         django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == action.url + "contacter/envoye/"
    assert "Votre message a été envoyé" in client.get(response["Location"]).text

    assert len(mail.outbox) == 1
    to_author = mail.outbox[0]
    assert to_author.to == [AUTHOR]
    assert to_author.reply_to == []
    assert "ne-pas-repondre" in to_author.from_email
    assert VISITOR not in whole_mail(to_author)
    assert "marie.visiteuse" not in whole_mail(to_author).lower()
    assert MESSAGE in to_author.body and "Marie" in to_author.body
    assert "Épicerie solidaire de Morcenx" in to_author.subject

    # The author answers through the link of the e-mail.
    path = reply_path(to_author)
    page = client.get(path)
    assert page.status_code == 200
    assert "Répondre à Marie" in unescape(page.text)
    assert VISITOR not in page.text and AUTHOR not in page.text
    assert page["X-Robots-Tag"] == "noindex"
    assert STATUS_HEADER not in page and "no-store" in page["Cache-Control"]
    response = post_form(client, path, {"message": ANSWER}, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == action.url + "contacter/reponse-envoyee/"
    assert len(mail.outbox) == 2
    to_visitor = mail.outbox[1]
    assert to_visitor.to == [VISITOR]
    assert AUTHOR not in whole_mail(to_visitor)
    assert "porteur.action" not in whole_mail(to_visitor)
    assert ANSWER in to_visitor.body
    assert counts_of(action.pk) == {"message": 1, "reply": 1, "report": 0}


def test_nothing_but_the_count_is_kept(client, action, moderator,
                                      django_capture_on_commit_callbacks):
    from initiatives.contact.counts import ContactCount

    post_form(client, action.url + "contacter/", contact_data(),
              django_capture_on_commit_callbacks)
    post_form(client, reply_path(mail.outbox[0]), {"message": ANSWER},
              django_capture_on_commit_callbacks)
    post_form(client, action.url + "signaler/",
              {"reason": "terminee", "message": MESSAGE, "email": VISITOR},
              django_capture_on_commit_callbacks)
    needles = [VISITOR, "Bonjour, je peux aider", "rendez-vous samedi"]
    for model in apps.get_models():
        text_fields = [f.name for f in model._meta.concrete_fields
                       if isinstance(f, (models.CharField, models.TextField, models.JSONField))]
        for field in text_fields:
            for needle in needles:
                lookup = f"{field}__icontains"
                try:
                    found = model.objects.filter(**{lookup: needle}).exists()
                except Exception:  # a field type without icontains on this database
                    continue
                assert not found, f"{model.__name__}.{field} holds {needle!r}"
    assert sorted(ContactCount.objects.values_list("kind", "count")) == [
        ("message", 1), ("reply", 1), ("report", 1)]


@pytest.mark.parametrize("change", ["tampered", "other-action", "garbage"])
def test_a_changed_reply_link_is_refused_in_french_and_sends_nothing(
        client, action, map_page, make_action, change, django_capture_on_commit_callbacks):
    from initiatives.contact.links import make_token

    if change == "tampered":
        token = make_token(action.pk, VISITOR, "Marie")
        token = token[:40] + ("A" if token[40] != "A" else "B") + token[41:]
    elif change == "other-action":
        other = make_action(map_page, "Autre action", volunteers_wanted=True)
        token = make_token(other.pk, VISITOR, "Marie")
    else:
        token = "pas-un-lien"
    url = f"{action.url}contacter/reponse/{token}/"
    for response in (client.get(url), client.post(url, {"message": ANSWER})):
        assert response.status_code == 400
        assert "Ce lien de réponse n’est pas valide" in unescape(response.text)
    assert mail.outbox == []


def test_an_expired_reply_link_is_refused_in_french(client, action, settings):
    from initiatives.contact.links import make_token

    settings.PORTAL_CONTACT_REPLY_DAYS = 30
    token = make_token(action.pk, VISITOR, "Marie", now=time.time() - 31 * 86400)
    response = client.post(f"{action.url}contacter/reponse/{token}/", {"message": ANSWER})
    assert response.status_code == 410
    assert "Ce lien de réponse a expiré" in unescape(response.text)
    assert "30 jours" in unescape(response.text)
    assert mail.outbox == []


def test_the_honeypot_refuses_and_sends_nothing(client, action, django_capture_on_commit_callbacks):
    from initiatives.contact.counts import counts_of

    url = action.url + "contacter/"
    token = form_token(client.get(url))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"form_token": token, "site_web": "http://spam.example",
                                     **contact_data()})
    assert response.status_code == 400
    assert "ressemble à un envoi automatique" in unescape(response.text)
    assert response.text.lstrip().startswith("<!DOCTYPE html>")
    assert "<title>Erreur – " in unescape(response.text)
    assert mail.outbox == []
    assert counts_of(action.pk)["message"] == 0


def test_the_rate_limit_refuses_in_french(client, action, settings, moderator,
                                          django_capture_on_commit_callbacks):
    settings.PORTAL_CONTACT_RATE = "2/h"
    url = action.url + "contacter/"
    statuses = [post_form(client, url, contact_data(message=f"{MESSAGE} {n}"),
                          django_capture_on_commit_callbacks).status_code for n in range(3)]
    assert statuses == [302, 302, 429]
    assert len(mail.outbox) == 2
    refused = post_form(client, url, contact_data(message="encore"),
                        django_capture_on_commit_callbacks)
    assert "Vous avez envoyé ce formulaire trop de fois" in unescape(refused.text)
    response = post_form(client, action.url + "signaler/", {"reason": "autre"},
                         django_capture_on_commit_callbacks)
    assert response.status_code == 302  # another form, another counter


def test_errors_are_listed_with_an_error_title(client, action):
    url = action.url + "contacter/"
    response = client.post(url, {"form_token": form_token(client.get(url)), "name": "",
                                 "email": "pas-une-adresse", "message": ""})
    html = unescape(response.text)
    assert response.status_code == 400
    assert "<title>Erreur – Contact – Épicerie solidaire de Morcenx" in html
    assert 'id="resume-erreurs"' in html
    assert 'href="#id_email"' in html and 'href="#id_name"' in html
    assert 'autocomplete="name"' in html and 'autocomplete="email"' in html
    assert mail.outbox == []


def test_the_same_rendered_form_sent_twice_relays_once(client, action,
                                                       django_capture_on_commit_callbacks):
    url = action.url + "contacter/"
    token = form_token(client.get(url))
    data = {"form_token": token, "site_web": "", **contact_data()}
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(url, data).status_code == 302
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_mail_failure_says_so_in_french_and_keeps_nothing(action, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    from initiatives.contact.counts import counts_of
    from portal.models import FormToken

    def refuse(self, messages):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    client = Client()
    url = action.url + "contacter/"
    token = form_token(client.get(url))
    data = {"form_token": token, "site_web": "", **contact_data()}
    response = client.post(url, data)
    assert response.status_code == 503
    assert "Votre message n’a pas pu être envoyé" in unescape(response.text)
    assert counts_of(action.pk)["message"] == 0
    assert not FormToken.objects.filter(token=token).exists()
    assert "ns_reponse" not in "".join(response.cookies)
    # The same form goes once the mail server is back.
    monkeypatch.undo()
    assert client.post(url, data).status_code == 302
    assert len(mail.outbox) == 1 and counts_of(action.pk)["message"] == 1


def test_action_page_is_cached_and_the_contact_routes_never(client, action):
    first, second = client.get(action.url), client.get(action.url)
    assert (first[STATUS_HEADER], second[STATUS_HEADER]) == ("miss", "hit")
    for route in ("contacter/", "signaler/", "contacter/envoye/", "signaler/envoye/",
                  "contacter/reponse-envoyee/"):
        for _ in range(2):
            response = client.get(action.url + route)
            assert response.status_code == 200, route
            assert STATUS_HEADER not in response, route
            assert "no-store" in response["Cache-Control"], route


def test_erasing_the_author_address_removes_the_link_from_the_cached_page(
        client, action, django_capture_on_commit_callbacks):
    from initiatives.submitters import InitiativeSubmitter

    client.get(action.url)
    assert client.get(action.url)[STATUS_HEADER] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        InitiativeSubmitter.objects.filter(page=action).delete()
    html = unescape(client.get(action.url).text)
    assert "Je veux aider" not in html
    assert "ne peuvent pas être contactées par le portail" in html
    response = client.get(action.url + "contacter/")
    assert "ne peuvent pas être contactées par le portail" in unescape(response.text)
    assert 'name="message"' not in response.text


@pytest.mark.parametrize("state", ["unconfirmed", "withdrawn", "none", "no-invitation"])
def test_no_contact_form_without_an_address_to_relay_to(client, action, state):
    from initiatives.submitters import InitiativeSubmitter

    rows = InitiativeSubmitter.objects.filter(page=action)
    if state == "unconfirmed":
        rows.update(confirmed_at=None)
    elif state == "withdrawn":
        rows.update(withdrawn_at=timezone.now())
    elif state == "none":
        rows.delete()
    else:
        action.volunteers_wanted = False
        action.public_contact = ""
        action.save_revision().publish()
    response = client.get(action.url + "contacter/")
    assert response.status_code == 200
    assert 'name="message"' not in response.text
    assert "ne peuvent pas être contactées par le portail" in unescape(response.text)
    assert "mairie de Mont-de-Marsan" in unescape(response.text)  # what they can do
    assert client.post(action.url + "contacter/", contact_data()).status_code == 200
    assert mail.outbox == []


def test_the_public_contact_is_offered_when_the_author_cannot_be_reached(client, action):
    from initiatives.submitters import InitiativeSubmitter

    InitiativeSubmitter.objects.filter(page=action).delete()
    action.public_contact = "05 58 00 00 00"
    action.save_revision().publish()
    for url in (action.url, action.url + "contacter/"):
        assert "05 58 00 00 00" in client.get(url).text


def test_draft_unpublished_and_private_actions_have_no_contact_route(
        client, action, map_page, make_action):
    draft = make_action(map_page, "Brouillon d'action", publish=False, volunteers_wanted=True)
    private = make_action(map_page, "Action réservée", volunteers_wanted=True)
    PageViewRestriction.objects.create(page=private, restriction_type="password",
                                       password="secret")
    unpublished = make_action(map_page, "Action dépubliée", volunteers_wanted=True)
    unpublished.unpublish()
    for page in (draft, private, unpublished):
        base = f"/carte/{page.slug}/"
        for route in ("contacter/", "signaler/", "contacter/envoye/"):
            assert client.get(base + route).status_code == 404, (page.title, route)
            assert client.post(base + route, contact_data()).status_code == 404
    assert mail.outbox == []


def test_a_report_reaches_the_moderators(client, action, make_user,
                                         django_capture_on_commit_callbacks):
    from initiatives.contact.counts import counts_of
    from portal.roles import MODERATORS_GROUP

    make_user("moderatrice@example.org", groups=[MODERATORS_GROUP])
    make_user("redactrice@example.org", groups=["Rédaction"])
    make_user("ancien@example.org", groups=[MODERATORS_GROUP], is_active=False)
    response = post_form(client, action.url + "signaler/",
                         {"reason": "erronee", "message": "Les horaires ont changé.",
                          "email": VISITOR}, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == action.url + "signaler/envoye/"
    assert len(mail.outbox) == 1
    report = mail.outbox[0]
    assert report.to == ["moderatrice@example.org"]
    assert report.reply_to == [VISITOR]
    assert "Information erronée" in report.body
    assert "Les horaires ont changé." in report.body
    assert f"/admin/pages/{action.pk}/edit/" in report.body
    assert AUTHOR not in whole_mail(report)
    assert counts_of(action.pk)["report"] == 1


def test_a_report_needs_a_reason(client, action, make_user):
    from portal.roles import MODERATORS_GROUP

    make_user("moderatrice@example.org", groups=[MODERATORS_GROUP])
    url = action.url + "signaler/"
    response = client.post(url, {"form_token": form_token(client.get(url)), "reason": "?"})
    assert response.status_code == 400
    assert 'href="#id_reason_0"' in response.text
    assert mail.outbox == []


def test_the_counts_are_shown_in_the_action_editor(admin_client, action,
                                                   django_capture_on_commit_callbacks):
    from initiatives.contact.counts import add_one

    add_one(action.pk, "message")
    add_one(action.pk, "message")
    html = unescape(admin_client.get(f"/admin/pages/{action.pk}/edit/").text)
    assert "Contact par le portail" in html
    assert "messages de visiteurs : 2" in html or "messages de visiteurs: 2" in html


def test_reports_go_to_superusers_when_the_moderation_group_is_empty(
        client, action, make_user, django_capture_on_commit_callbacks):
    make_user("admin-portail@example.org", is_superuser=True, is_staff=True)
    response = post_form(client, action.url + "signaler/", {"reason": "inappropriee"},
                         django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["admin-portail@example.org"]]
    assert mail.outbox[0].reply_to == []
    assert "Contenu inapproprié" in mail.outbox[0].body


def test_without_anyone_to_receive_a_report_the_page_says_what_to_do(client, action):
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(is_active=True).exclude(email="").exists()
    response = client.get(action.url + "signaler/")
    html = unescape(response.text)
    assert response.status_code == 200
    assert "Les signalements ne peuvent pas être envoyés par le portail" in html
    assert "mairie de Mont-de-Marsan" in html
    assert 'name="reason"' not in html
