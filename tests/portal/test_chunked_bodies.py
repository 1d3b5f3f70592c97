"""Forms sent with ``Transfer-Encoding: chunked`` (portal.request_size).

A WSGI server such as gunicorn de-chunks such a body, gives no ``CONTENT_LENGTH`` and
says with ``wsgi.input_terminated`` that ``wsgi.input`` ends with the body. The body is
then read up to the limit of its kind of route: a small form is handled as any other
(stored, or re-shown with its errors), a body over the limit gets the French 413 page,
never a 500.
"""

import io
import uuid
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.test.client import ClientHandler

from tests.initiatives.test_public_submission import valid_data
from tests.portal.test_request_size import stored_counts

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_cache():
    """The rate limit lives in the cache."""
    cache.clear()
    yield
    cache.clear()


def chunked_post(path, data, terminated=True):
    """POST ``data`` (dict, or bytes) to ``path`` as gunicorn hands a chunked body to the
    application: no CONTENT_LENGTH, the de-chunked body in ``wsgi.input``. Output: the
    response (HttpResponse)."""
    body = data if isinstance(data, bytes) else urlencode(data, doseq=True).encode()
    environ = RequestFactory()._base_environ(
        PATH_INFO=path, REQUEST_METHOD="POST",
        CONTENT_TYPE="application/x-www-form-urlencoded",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": io.BytesIO(body), "wsgi.input_terminated": terminated},
    )
    environ.pop("CONTENT_LENGTH", None)
    return ClientHandler(enforce_csrf_checks=False)(environ)


def proposal_data(**overrides):
    return {"form_token": str(uuid.uuid4()), "title": "Un jardin partagé",
            "description": "Des parcelles cultivées ensemble.", "commune": "40088",
            "themes": ["alimentation"], **overrides}


def test_a_small_chunked_proposal_is_stored():
    from consultation.models import Proposal

    response = chunked_post("/propositions/", proposal_data())
    assert response.status_code == 302
    assert Proposal.objects.filter(title="Un jardin partagé").count() == 1


def test_a_small_chunked_map_form_is_stored(django_capture_on_commit_callbacks):
    from initiatives.models import InitiativePage

    with django_capture_on_commit_callbacks(execute=True):
        response = chunked_post("/carte/ajouter/", valid_data())
    assert response.status_code == 302
    assert InitiativePage.objects.filter(title="Épicerie solidaire du Peyrouat").exists()


@pytest.mark.parametrize("url", ["/propositions/", "/carte/ajouter/", "/consultation/"])
def test_an_invalid_chunked_form_is_shown_again_with_its_errors(url):
    before = stored_counts()
    response = chunked_post(url, {"form_token": str(uuid.uuid4()), "title": "x"})
    assert response.status_code in (200, 400)
    assert "Le formulaire contient" in response.text
    assert stored_counts() == before


def test_a_chunked_admin_login_is_answered():
    response = chunked_post("/admin/login/", {"username": "personne@example.org",
                                              "password": "faux"})
    assert response.status_code == 200
    assert "ne correspondent à aucun utilisateur" in response.text


@pytest.mark.parametrize("url", ["/propositions/", "/carte/ajouter/", "/consultation/"])
def test_a_chunked_body_over_the_limit_gets_the_french_page(url, settings):
    before = stored_counts()
    settings.PORTAL_MAX_PUBLIC_REQUEST_SIZE = 10_000
    # The map's form takes a photo: its own limit.
    settings.PORTAL_MAX_PUBLIC_UPLOAD_REQUEST_SIZE = 10_000
    response = chunked_post(url, proposal_data(description="x" * 20_000))
    assert response.status_code == 413
    assert "Envoi trop volumineux" in response.text
    assert "Rien n’a été enregistré." in response.text
    assert stored_counts() == before


def test_a_chunked_admin_body_over_the_limit_gets_the_admin_page(settings):
    settings.PORTAL_MAX_ADMIN_REQUEST_SIZE = 10_000
    response = chunked_post("/admin/login/", {"username": "x" * 20_000})
    assert response.status_code == 413
    assert "Vos modifications n’ont pas été enregistrées." in response.text


def test_a_body_the_server_does_not_terminate_is_not_read():
    """Without ``wsgi.input_terminated`` nothing says where the body ends: it is left
    unread (as Django does), the form is shown again, nothing is stored."""
    before = stored_counts()
    response = chunked_post("/propositions/", proposal_data(), terminated=False)
    assert response.status_code == 200
    assert "Titre de votre proposition — Champ requis." in response.text
    assert stored_counts() == before


def test_the_capped_stream_is_a_complete_read_only_file():
    """What Django and WSGI servers call on a request stream: read, readline,
    readlines, iteration, close (the server's stream itself is left open: gunicorn's
    has no ``close``)."""
    from portal.request_size import CappedStream, RequestBodyTooLarge

    class ServerInput:  # PEP 3333's input stream: no close, no seek
        def __init__(self, data):
            self.data = io.BytesIO(data)
            self.read, self.readline = self.data.read, self.data.readline

    stream = CappedStream(ServerInput(b"a=1\nb=2\nc=3\n"), limit=100)
    assert (stream.readable(), stream.seekable()) == (True, False)
    assert stream.readline() == b"a=1\n"
    assert list(stream) == [b"b=2\n", b"c=3\n"]
    assert stream.read() == b""
    stream.close()
    assert stream.closed
    with pytest.raises(ValueError):
        stream.read()
    with CappedStream(ServerInput(b"x\n" * 10), limit=10) as capped:
        with pytest.raises(RequestBodyTooLarge):
            capped.readlines()
