"""Request body limits per kind of route (portal.request_size): a file part posted to a
public form, the admin or the API is refused with a French page (413) before anything
reads it, and nothing is stored; ordinary posts still work."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from portal.request_size import CappedStream, RequestBodyTooLarge, route_kind


def stored_counts():
    """Rows a public form could have created (dict name -> count)."""
    from consultation.models import ConsultationSubmission
    from consultation.models import Proposal
    from initiatives.models import InitiativePage
    from initiatives.submitters import InitiativeSubmitter

    return {
        "initiatives": InitiativePage.objects.count(),
        "submitters": InitiativeSubmitter.objects.count(),
        "answers": ConsultationSubmission.objects.count(),
        "proposals": Proposal.objects.count(),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("url, setting, shown", [
    ("/propositions/", "PORTAL_MAX_PUBLIC_REQUEST_SIZE", "1,0\xa0Mio"),
    ("/consultation/", "PORTAL_MAX_PUBLIC_REQUEST_SIZE", "1,0\xa0Mio"),
    # The map's form takes a photo of up to 5 MB: its own, larger limit.
    ("/carte/ajouter/", "PORTAL_MAX_PUBLIC_UPLOAD_REQUEST_SIZE", "16,0\xa0Mio"),
])
def test_file_part_over_the_public_limit_is_refused(client, settings, url, setting, shown):
    before = stored_counts()
    big = SimpleUploadedFile("gros.pdf", b"%PDF" + b"x" * getattr(settings, setting),
                             content_type="application/pdf")
    response = client.post(url, {"title": "Une action", "piece_jointe": big})
    assert response.status_code == 413
    html = response.content.decode()
    assert "Envoi trop volumineux" in html
    assert "Rien n’a été enregistré." in html
    assert f"({shown} au plus)" in html
    assert 'class="site-header"' in html  # the site's look
    assert stored_counts() == before
    if setting == "PORTAL_MAX_PUBLIC_UPLOAD_REQUEST_SIZE":
        # A form that takes a photo: advice on the file, never "text only".
        assert "Le fichier choisi est trop lourd pour ce formulaire." in html
        assert "choisissez un fichier plus léger (ou aucun)" in html
        assert "jamais de fichier" not in html
    else:
        assert "jamais de fichier" in html


@pytest.mark.django_db
def test_fifty_megabytes_never_reach_the_view(client):
    """The size announced by Content-Length is enough: the body is never read."""
    before = stored_counts()

    class Unreadable(io.RawIOBase):
        def read(self, *args):
            raise AssertionError("the body was read")

    response = client.generic(
        "POST", "/propositions/", b"", content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(50 * 1024 * 1024), **{"wsgi.input": Unreadable()},
    )
    assert response.status_code == 413
    assert stored_counts() == before


@pytest.mark.django_db
def test_ordinary_public_post_still_works(client):
    """A proposal with a long description (under the size limit) is stored as before."""
    import re

    from consultation.models import Proposal

    form = client.get("/propositions/").content.decode()
    token = re.search(r'name="form_token" value="([0-9a-f-]{36})"', form).group(1)
    response = client.post("/propositions/", {
        "form_token": token, "title": "Un jardin partagé", "commune": "40088",
        "description": "Des parcelles cultivées ensemble. " * 50,
        "themes": ["alimentation"],
    })
    assert response.status_code == 302
    assert Proposal.objects.filter(title="Un jardin partagé").count() == 1


@pytest.mark.django_db
def test_admin_accepts_larger_uploads_and_refuses_beyond(client, make_user, settings):
    from wagtail.documents.models import Document

    client.force_login(make_user("admin@example.org", is_staff=True, is_superuser=True))
    document = SimpleUploadedFile("rapport.pdf", b"%PDF-1.4\n" + b"x" * (2 * 1024 * 1024),
                                  content_type="application/pdf")
    response = client.post("/admin/documents/add/", {"title": "Rapport", "file": document,
                                                     "collection": 1})
    assert response.status_code == 302
    assert Document.objects.filter(title="Rapport").exists()

    settings.PORTAL_MAX_ADMIN_REQUEST_SIZE = 1024 * 1024
    document = SimpleUploadedFile("gros.pdf", b"%PDF-1.4\n" + b"x" * (2 * 1024 * 1024),
                                  content_type="application/pdf")
    response = client.post("/admin/documents/add/", {"title": "Gros", "file": document,
                                                     "collection": 1})
    assert response.status_code == 413
    html = response.content.decode()
    assert "Trop volumineux pour être enregistré" in html
    assert "Vos modifications n’ont pas été enregistrées." in html
    assert "wagtailadmin/css/core.css" in html  # the admin's look
    assert "<script" not in html and "style=" not in html
    assert not Document.objects.filter(title="Gros").exists()


@pytest.mark.django_db
def test_api_takes_no_body(client):
    response = client.generic("GET", "/api/v2/pages/", b"x" * 10,
                              content_type="application/json")
    assert response.status_code == 413
    assert "lecture seule" in response.json()["message"]
    assert client.get("/api/v2/pages/").status_code == 200


def test_route_kinds():
    assert route_kind("/admin/pages/3/edit/") == "admin"
    assert route_kind("/api/v2/pages/") == "api"
    assert route_kind("/propositions/") == "public"
    assert route_kind("/administration/") == "public"
    # Public forms with a file field, named by the initiatives plugin's hook.
    assert route_kind("/carte/ajouter/") == "upload"
    assert route_kind("/carte/mon-action/abc/modifier/") == "upload"
    assert route_kind("/carte/ajouter/merci/") == "public"


def test_body_without_content_length_is_capped():
    """A chunked body (no Content-Length) is cut at the limit while it is read."""
    stream = CappedStream(io.BytesIO(b"x" * 100), limit=10)
    assert stream.read(4) == b"xxxx"
    with pytest.raises(RequestBodyTooLarge):
        stream.read()
    assert CappedStream(io.BytesIO(b"x" * 10), limit=10).read() == b"x" * 10
    request = RequestFactory().post("/propositions/", {"text": "x" * 100})
    del request.META["CONTENT_LENGTH"]
    assert route_kind(request.path_info) == "public"
