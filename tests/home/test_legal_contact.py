"""The contact page (/contact/): one e-mail to the address staff set, nothing kept;
errors listed and translated with the "Erreur – " title; the once-only token, the
honeypot and the rate limit; never a 500 on bad input."""

import re
from html import unescape

import pytest
from django.core import mail
from django.test import Client

from home.legal.pages import ContactPage

URL = "/contact/"
STAFF = "accueil.solidarites@landes.example"
VISITOR = "jeanne.habitante@example.org"


@pytest.fixture
def contact_page(db):
    page = ContactPage.objects.get()
    page.recipient = STAFF
    page.save_revision().publish()
    return page


def form_token(response):
    return re.search(r'name="form_token" value="([^"]+)"', response.text).group(1)


def valid(**overrides):
    return {"name": "Jeanne", "email": VISITOR, "subject": "Accès au questionnaire",
            "message": "Bonjour,\nje n'arrive pas à ouvrir le questionnaire.", "site_web": "",
            **overrides}


def test_the_form_has_its_fields_autocomplete_and_notice(client, contact_page):
    html = unescape(client.get(URL).text)
    assert re.search(r'<input[^>]+name="name"[^>]+autocomplete="name"', html)
    assert re.search(r'<input[^>]+name="email"[^>]+autocomplete="email"', html)
    assert 'name="subject"' in html and "<textarea" in html
    assert 'href="/donnees-personnelles/"' in html[html.index('id="notice-rgpd"'):]
    assert "no-store" in client.get(URL)["Cache-Control"]


def test_a_message_sends_one_mail_to_the_staff_address(
        client, contact_page, django_capture_on_commit_callbacks):
    token = form_token(client.get(URL))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"form_token": token, **valid()})
    assert response.status_code == 302 and response["Location"] == "/contact/envoye/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [STAFF]
    assert message.reply_to == [VISITOR]
    assert "Contact : Accès au questionnaire" in message.subject
    assert "je n'arrive pas à ouvrir le questionnaire." in message.body
    assert "Nom : Jeanne" in message.body
    sent = unescape(client.get("/contact/envoye/").text)
    assert "Message envoyé" in sent
    # The same rendered form sent again (double click, refresh): no second mail.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(URL, {"form_token": token, **valid()})
    assert again.status_code == 302
    assert len(mail.outbox) == 1
    # Another browser sending the same token: still one mail.
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(URL, {"form_token": token, **valid()})
    assert len(mail.outbox) == 1


def test_the_address_defaults_from_the_setting(client, db, settings,
                                               django_capture_on_commit_callbacks):
    settings.PORTAL_CONTACT_EMAIL = "reglage@landes.example"
    page = ContactPage.objects.get()
    assert page.recipient == ""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {"form_token": form_token(client.get(URL)), **valid()})
    assert mail.outbox[0].to == ["reglage@landes.example"]
    settings.PORTAL_CONTACT_EMAIL = ""
    html = unescape(client.get(URL).text)
    assert "Le formulaire de contact n'est pas disponible" in html and "<form" not in html


def test_errors_are_translated_listed_and_in_the_title(client, contact_page):
    token = form_token(client.get(URL))
    response = client.post(URL, {"form_token": token, **valid(email="pas-une-adresse",
                                                                subject="", message="")})
    assert response.status_code == 400
    html = unescape(response.text)
    assert re.search(r"<title>Erreur – Contact – ", html)
    assert "Le formulaire contient 3 erreurs" in html
    assert "Indiquez l'objet de votre message." in html
    assert "Écrivez votre message." in html
    assert 'href="#id_email"' in html and 'aria-invalid="true"' in html
    assert mail.outbox == []


def test_the_honeypot_refuses_and_sends_nothing(client, contact_page,
                                                 django_capture_on_commit_callbacks):
    token = form_token(client.get(URL))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"form_token": token, **valid(site_web="http://spam.example")})
    assert response.status_code == 400
    assert "ressemble à un envoi automatique" in unescape(response.text)
    assert mail.outbox == []


def test_the_rate_limit_refuses_in_french(client, contact_page, settings,
                                          django_capture_on_commit_callbacks):
    settings.PORTAL_CONTACT_RATE = "1/h"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {"form_token": form_token(client.get(URL)), **valid()})
        response = client.post(URL, {"form_token": form_token(client.get(URL)),
                                     **valid(subject="Autre chose")})
    assert response.status_code == 429
    assert "trop de fois" in unescape(response.text)
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("data", [
    {},
    {"form_token": "pas-un-jeton"},
    {"form_token": "", "email": VISITOR, "subject": "x", "message": "y"},
    {"email": ["a@example.org", "b@example.org"], "subject": "\x1b\x07", "message": "\u202e\u200b"},
    {"message": "x" * 100_000, "subject": "y" * 5000, "email": "a" * 300 + "@example.org"},
])
def test_bad_input_is_refused_in_french_never_500(client, contact_page, data):
    response = client.post(URL, data)
    assert response.status_code == 400
    html = unescape(response.text)
    assert "Erreur – " in html
    assert mail.outbox == []


def test_an_expired_form_is_refused_in_french(client, contact_page):
    response = client.post(URL, {"form_token": "pas-un-jeton", **valid()})
    assert response.status_code == 400
    assert "Ce formulaire a expiré" in unescape(response.text)
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_mail_failure_says_so_and_the_form_can_be_sent_again(monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    from portal.models import FormToken

    page = ContactPage.objects.get()
    page.recipient = STAFF
    page.save_revision().publish()

    def refuse(self, messages):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    client = Client()
    data = {"form_token": form_token(client.get(URL)), **valid()}
    response = client.post(URL, data)
    assert response.status_code == 503
    assert "Votre message n’a pas pu être envoyé" in unescape(response.text)
    assert not FormToken.objects.filter(token=data["form_token"]).exists()
    monkeypatch.undo()
    assert client.post(URL, data).status_code == 302
    assert len(mail.outbox) == 1
