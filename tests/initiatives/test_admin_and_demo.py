"""Admin edit form (local Leaflet, French widget messages) and the demo content hook."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text


def test_admin_edit_page_loads_leaflet_locally(client, make_user, map_page):
    from initiatives.models import InitiativePage

    admin = make_user("admin-carte@example.org", is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = InitiativePage.objects.child_of(map_page).first()
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "unpkg" not in html
    assert "/static/vendor/leaflet/leaflet.js" in html
    assert "/static/vendor/leaflet/leaflet.css" in html
    assert "/static/wagtailgeowidget/js/leaflet-field.js" in html
    assert 'data-controller="leaflet-field"' in html
    # wagtailgeowidget's messages, translated by our catalogue.
    assert "Saisissez un lieu" in html or "Cliquez ici pour afficher la carte" in html


def test_admin_refuses_a_location_outside_the_departement(client, make_user, map_page):
    from initiatives.models import InitiativePage

    admin = make_user("admin-carte2@example.org", is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = InitiativePage.objects.child_of(map_page).first()
    url = f"/admin/pages/{page.pk}/edit/"
    data = nested_form_data({
        "title": page.title, "slug": page.slug, "summary": page.summary,
        "description": rich_text("<p>Texte</p>"), "actor_type": page.actor_type,
        "organisation": page.organisation, "commune": page.commune_id, "address": "",
        "location": "SRID=4326;POINT(2.3522 48.8566)",  # Paris
        "themes": [str(pk) for pk in page.themes.values_list("pk", flat=True)],
        "tags": "test", "period": page.period, "public_contact": "",
        "comments": inline_formset([]),
    })
    before = (page.latitude, page.longitude)
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with the error
    assert "Cette localisation se trouve en dehors du département." in response.content.decode()
    page.refresh_from_db()
    assert (page.latitude, page.longitude) == before


def test_geowidget_messages_are_french():
    from wagtailgeowidget.widgets import translations

    assert translations["enter_location"] == "Saisissez un lieu"
    assert translations["initialize_map"] == "Cliquez ici pour afficher la carte"


def test_demo_hook_is_idempotent(home_page):
    from wagtail.models import Page

    from initiatives.models import InitiativeIndexPage, InitiativePage
    from initiatives.wagtail_hooks import create_demo_initiatives

    before = Page.objects.count()
    actions = InitiativePage.objects.live().count()
    assert actions >= 30
    create_demo_initiatives(home_page, None)
    create_demo_initiatives(home_page, None)
    assert Page.objects.count() == before
    assert InitiativePage.objects.live().count() == actions
    index = InitiativeIndexPage.objects.get()
    assert index.url == "/carte/" and index.show_in_menus and index.live
    communes = set(InitiativePage.objects.values_list("commune__insee_code", flat=True))
    assert len(communes) >= 25
    assert {"40192", "40088"} <= communes


def test_demo_actions_wanting_volunteers_can_be_contacted(home_page, client):
    """A demo action that looks for volunteers has an author on file, so its page offers
    "Je veux aider" and the form relays to an address nobody reads (example.org)."""
    from initiatives.models import InitiativePage

    wanted = InitiativePage.objects.live().filter(volunteers_wanted=True)
    assert wanted.exists()
    for page in wanted:
        assert page.submitter.email.endswith("@example.org")
        assert page.submitter.confirmed_at is not None
    page = wanted.get(slug="distribution-alimentaire-au-quartier-du-peyrouat")
    html = client.get(page.url).text
    assert "Je veux aider" in html
    assert client.get(page.url + "contacter/").status_code == 200
    # The others have no author on file: nothing to relay to.
    assert not InitiativePage.objects.filter(
        volunteers_wanted=False, submitter__isnull=False).exists()
