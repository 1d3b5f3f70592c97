"""The admin login page reads French: every label of its form, including the password
(Wagtail's stock form leaves it unlabelled, so Django showed "Password")."""

import re

import pytest

pytestmark = pytest.mark.django_db


def labels(html):
    """Text of each <label> of ``html`` (list of str, whitespace collapsed, no "*")."""
    found = re.findall(r"<label[^>]*>(.*?)</label>", html, re.S)
    texts = [re.sub(r"<[^>]+>", " ", text).replace("*", "") for text in found]
    return [" ".join(text.split()) for text in texts]


def test_login_form_labels_are_french(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert labels(html) == ["Adresse e-mail", "Mot de passe", "Se souvenir de moi"]
    assert 'for="id_password"' in html
    assert "Password" not in html


def test_login_still_signs_in_with_the_french_form(client, make_user):
    make_user("comite-login@example.org", groups=["Comité Nouvelles solidarités"],
              password="un-mot-de-passe-long")
    refused = client.post("/admin/login/", {"username": "comite-login@example.org",
                                            "password": "pas-le-bon"})
    assert refused.status_code == 200
    assert "Mot de passe" in refused.content.decode()
    response = client.post("/admin/login/", {"username": "comite-login@example.org",
                                             "password": "un-mot-de-passe-long"})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
