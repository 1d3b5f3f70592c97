"""A page too large to save in the editor (over Django's ``DATA_UPLOAD_MAX_NUMBER_FIELDS``
or ``DATA_UPLOAD_MAX_MEMORY_SIZE``) gets an admin page telling the editor that the
changes were not saved and to use the browser's Back button, not the public 400 page;
the page is unchanged (portal.errors.bad_request)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, make_user):
    client.force_login(make_user("admin@example.org", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def page():
    from initiatives.models import InitiativePage

    return InitiativePage.objects.order_by("pk").first()


def snapshot(page):
    page.refresh_from_db()
    return page.title, page.summary, page.revisions.count(), page.latest_revision_id


def assert_admin_refusal(response, status):
    html = response.content.decode()
    assert response.status_code == status
    assert "Trop volumineux pour être enregistré" in html
    assert "Vos modifications n’ont pas été enregistrées." in html
    assert "bouton « Retour » de votre navigateur" in html
    assert "wagtailadmin/css/core.css" in html  # the admin's look
    assert "Demande refusée" not in html  # not the public 400 page
    assert "<script" not in html and "style=" not in html
    return html


def test_too_many_fields(editor_client, page, settings):
    before = snapshot(page)
    data = {"title": "Titre changé", "summary": "Résumé changé"}
    data.update({f"champ-{i}": "x" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)})
    response = editor_client.post(f"/admin/pages/{page.pk}/edit/", data)
    html = assert_admin_refusal(response, 400)
    assert "plus de 10000" in html or "plus de 10\xa0000" in html
    assert snapshot(page) == before


def test_over_the_memory_limit(editor_client, page, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    before = snapshot(page)
    response = editor_client.post(f"/admin/pages/{page.pk}/edit/", {
        "title": "Titre changé", "summary": "Résumé changé", "description": "x" * 20_000,
    })
    html = assert_admin_refusal(response, 413)
    assert "9,8\xa0Kio au plus" in html
    assert snapshot(page) == before


def test_public_form_with_too_many_fields_gets_the_public_page(client, settings):
    from consultation.models import Proposal

    before = Proposal.objects.count()
    data = {f"champ-{i}": "" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = client.post("/propositions/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Le formulaire envoyé contient trop de champs." in html
    assert 'class="site-header"' in html
    assert Proposal.objects.count() == before


def test_a_large_page_saves_in_the_admin(editor_client, page):
    """3 MB of text (over Django's default 2.5 MB of form data) saves: the admin's limit
    is PORTAL_MAX_ADMIN_REQUEST_SIZE."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    long_text = "<p>" + "Une ligne de texte assez longue pour l’exemple. " * 62_000 + "</p>"
    assert len(long_text.encode()) > 3_000_000
    data = nested_form_data({
        "title": page.title, "slug": page.slug, "summary": page.summary,
        "description": rich_text(long_text), "actor_type": page.actor_type,
        "organisation": page.organisation, "commune": page.commune_id, "address": "",
        "location": page.location,
        "themes": [str(pk) for pk in page.themes.values_list("pk", flat=True)],
        "tags": "test", "period": page.period, "public_contact": "",
        "comments": inline_formset([]),
    })
    response = editor_client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302
    revision = page.revisions.order_by("-pk").first()
    assert len(revision.content["description"]) > 2_500_000
