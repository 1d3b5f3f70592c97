"""The public form "Ajouter une action": valid input, each bad input, escaping, communes.

Each refused post must store nothing: no page, no revision, no submitter row, no e-mail.
"""

import hashlib
import re
import uuid

import pytest
from django.core import mail
from django.core.cache import cache

ADD_URL = "/carte/ajouter/"


@pytest.fixture(autouse=True)
def clear_cache():
    """The rate limit and the one-time form tokens live in the cache."""
    cache.clear()
    yield
    cache.clear()


def valid_data(**overrides):
    """POST data of a valid submission (dict of str / list of str)."""
    data = {
        "form_token": str(uuid.uuid4()),
        "title": "Épicerie solidaire du Peyrouat",
        "description": "Des paniers de produits frais à petit prix.\n\nLe mardi et le jeudi.",
        "summary": "",
        "actor_type": "association",
        "organisation": "Les Amis du Peyrouat",
        "commune": "Mont-de-Marsan",
        "address": "12 rue des Lilas",
        "latitude": "",
        "longitude": "",
        "themes": ["alimentation", "isolement"],
        "tags": "épicerie, paniers",
        "period": "en-cours",
        "volunteers_wanted": "on",
        "public_contact": "contact@amis-peyrouat.example",
        "email": "marie.dupont@example.org",
        "consent": "on",
        "site_web": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def stored_counts():
    """(pages, revisions, submitters) in the database."""
    from wagtail.models import Revision

    from initiatives.models import InitiativePage
    from initiatives.submitters import InitiativeSubmitter

    return (
        InitiativePage.objects.count(), Revision.objects.count(),
        InitiativeSubmitter.objects.count(),
    )


def post(client, data, capture):
    """POST the form, running on-commit callbacks (the e-mails); returns the response."""
    with capture(execute=True):
        return client.post(ADD_URL, data)


@pytest.mark.django_db
def test_the_map_page_links_to_the_form_which_is_accessible(client, map_page):
    response = client.get("/carte/")
    assert '<a class="button" href="/carte/ajouter/">Ajouter une action</a>' in response.text
    response = client.get(ADD_URL)
    assert response.status_code == 200
    html = response.text
    assert "<h1>Ajouter une action</h1>" in html
    # Labels tied to inputs; groups in fieldsets with legends; the commune datalist.
    assert '<label for="id_title">Nom de l’action <span class="required">(obligatoire)</span></label>' in html
    assert "<legend>Qui porte l’action ? <span class=\"required\">(obligatoire)</span></legend>" in html
    assert '<option value="Mont-de-Marsan (40192)"></option>' in html
    assert 'list="communes-liste"' in html
    assert 'aria-describedby="id_description_aide"' in html
    # The RGPD notice, its version and the consent box.
    assert "art. 6.1.a" in html and "art. 6.1.e" in html
    assert "Version de la notice : 2026-11." in html
    assert 'name="consent"' in html
    # The honeypot is out of sight and out of the tab order.
    assert re.search(r'<div class="hp-field" aria-hidden="true">\s*<label for="id_site_web">', html)
    assert re.search(r'<input[^>]*name="site_web"[^>]*tabindex="-1"', html)
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_a_valid_submission_stores_one_draft_and_its_submitter_and_sends_the_link(
    client, map_page, django_capture_on_commit_callbacks
):
    from wagtail.models import Revision

    from initiatives.models import InitiativePage
    from initiatives.submitters import InitiativeSubmitter

    before = stored_counts()
    response = post(client, valid_data(), django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == "/carte/ajouter/merci/"
    assert stored_counts() == (before[0] + 1, before[1] + 1, before[2] + 1)

    page = InitiativePage.objects.get(title="Épicerie solidaire du Peyrouat")
    assert page.get_parent().pk == map_page.pk
    assert not page.live and page.first_published_at is None
    assert page.slug == "epicerie-solidaire-du-peyrouat"
    assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == 1
    assert page.commune.insee_code == "40192"
    assert page.location == ""  # no point: the commune's reference point
    assert page.point == (page.commune.latitude, page.commune.longitude)
    assert page.summary.startswith("Des paniers de produits frais à petit prix.")
    assert page.description == (
        "<p>Des paniers de produits frais à petit prix.</p>\n\n<p>Le mardi et le jeudi.</p>"
    )
    assert sorted(t.slug for t in page.themes.all()) == ["alimentation", "isolement"]
    assert sorted(t.name for t in page.tags.all()) == ["paniers", "épicerie"]
    assert page.volunteers_wanted is True
    # The e-mail address lives in the private model only, never in page fields.
    submitter = InitiativeSubmitter.objects.get(page=page)
    assert submitter.email == "marie.dupont@example.org"
    assert submitter.privacy_notice_version == "2026-11"
    assert submitter.confirmed_at is None
    revision_content = str(page.get_latest_revision().content)
    assert "marie.dupont" not in revision_content
    # Not yet in moderation: the address must be confirmed first.
    assert page.current_workflow_state is None

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["marie.dupont@example.org"]
    assert message.subject == "Confirmez votre action « Épicerie solidaire du Peyrouat »"
    link = re.search(r"http://testserver/carte/mon-action/([\w-]+)/", message.body)
    assert link, message.body
    token = link.group(1)
    assert submitter.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(InitiativeSubmitter.objects.values_list())
    assert "Pour confirmer votre adresse" in message.body

    thanks = client.get(response["Location"])
    assert "Vérifiez votre messagerie" in thanks.text


@pytest.mark.django_db
def test_a_point_clicked_on_the_map_is_stored_with_a_dot(
    client, map_page, django_capture_on_commit_callbacks
):
    from initiatives.models import InitiativePage

    response = post(
        client, valid_data(latitude="43.8927", longitude="-0.4997"),
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    page = InitiativePage.objects.get(title="Épicerie solidaire du Peyrouat")
    assert page.location == "SRID=4326;POINT(-0.4997 43.8927)"
    assert page.point == (43.8927, -0.4997)


LONG = "x" * 151


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides, field_id, message",
    [
        ({"title": ""}, "id_title", "Donnez un nom à l’action."),
        ({"title": "   "}, "id_title", "Donnez un nom à l’action."),
        ({"description": ""}, "id_description", "Décrivez l’action en quelques lignes."),
        ({"title": LONG}, "id_title", "au plus 150 caractères"),
        ({"description": "d" * 5001}, "id_description", "au plus 5000 caractères"),
        ({"summary": "s" * 301}, "id_summary", "au plus 300 caractères"),
        ({"organisation": "o" * 201}, "id_organisation", "au plus 200 caractères"),
        ({"commune": "Bordeaux"}, "id_commune",
         "Aucune commune des Landes ne correspond à « Bordeaux »"),
        ({"commune": "Bordeaux (33063)"}, "id_commune", "Aucune commune des Landes"),
        ({"commune": ""}, "id_commune", "Indiquez la commune où se déroule l’action."),
        # A tampered commune id (the radio of an ambiguous choice).
        ({"commune_insee": "33063"}, "id_commune",
         "Cette commune n’est pas dans la liste des communes des Landes"),
        ({"commune_insee": "4019'"}, "id_commune", "pas dans la liste"),
        # Points: outside the département, localised, half given.
        ({"latitude": "48.8566", "longitude": "2.3522"}, "point",
         "Le point placé sur la carte est en dehors des Landes"),
        ({"latitude": "43,8927", "longitude": "-0,4997"}, "point",
         "Le point placé sur la carte n’est pas valide"),
        ({"latitude": "43.8927", "longitude": ""}, "point", "n’est pas valide"),
        ({"latitude": "NaN", "longitude": "Infinity"}, "point", "n’est pas valide"),
        ({"themes": []}, "id_themes_0", "Choisissez au moins un thème."),
        ({"themes": ["alimentation", "pas-un-theme"]}, "id_themes_0", "Sélectionnez un choix valide"),
        ({"actor_type": "pirate"}, "id_actor_type_0", "Sélectionnez un choix valide"),
        ({"period": ""}, "id_period_0", "Choisissez une réponse."),
        ({"actor_type": None}, "id_actor_type_0", "Choisissez une réponse."),
        ({"tags": "a, b, c, d, e, f"}, "id_tags", "Donnez au plus 5 mots-clés."),
        ({"email": ""}, "id_email", "Indiquez votre adresse e-mail : nous vous envoyons le lien"),
        ({"email": "pas-une-adresse"}, "id_email", "Saisissez une adresse e-mail valide."),
        ({"consent": None}, "id_consent", "Cochez cette case pour envoyer votre action."),
        ({"form_token": "pas-un-jeton"}, None, "Ce formulaire a expiré"),
    ],
)
def test_each_bad_input_is_refused_next_to_its_field_and_stores_nothing(
    client, map_page, django_capture_on_commit_callbacks, overrides, field_id, message
):
    before = stored_counts()
    response = post(client, valid_data(**overrides), django_capture_on_commit_callbacks)
    assert response.status_code == 400
    html = response.text
    assert message in html
    # The error summary at the top links to the field, and the field says it is invalid.
    assert 'id="resume-erreurs"' in html
    if field_id:
        assert f'href="#{field_id}"' in html
        if field_id == "point":
            assert 'id="point-erreur"' in html and 'aria-describedby="point-aide point-erreur"' in html
        elif not field_id.endswith("_0"):
            assert re.search(rf'<[^>]*id="{field_id}"[^>]*aria-invalid="true"|<[^>]*aria-invalid="true"[^>]*id="{field_id}"', html), html
    assert stored_counts() == before
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed, insee",
    [
        ("Aire-sur-l’Adour", "40001"),
        ("Aire-sur-l'Adour", "40001"),
        ("aire sur l adour", "40001"),
        ("AIRE SUR L ADOUR", "40001"),
        ("MONT DE MARSAN", "40192"),
        ("mont-de-marsan", "40192"),
        ("Mont-de-Marsan (40192)", "40192"),
        ("40192", "40192"),
    ],
)
def test_commune_spellings_find_the_commune(
    client, map_page, django_capture_on_commit_callbacks, typed, insee
):
    from initiatives.models import InitiativePage

    response = post(client, valid_data(commune=typed), django_capture_on_commit_callbacks)
    assert response.status_code == 302, response.text
    assert InitiativePage.objects.get(title="Épicerie solidaire du Peyrouat").commune.insee_code == insee


@pytest.mark.django_db
def test_an_ambiguous_commune_offers_a_choice_told_apart_by_insee_code(
    client, map_page, django_capture_on_commit_callbacks
):
    from initiatives.models import InitiativePage

    before = stored_counts()
    response = post(client, valid_data(commune="Saint-"), django_capture_on_commit_callbacks)
    assert response.status_code == 400
    html = response.text
    assert "Plusieurs communes correspondent à « Saint- »" in html
    assert "<legend>Choisissez votre commune</legend>" in html
    choices = re.findall(r'name="commune_insee" id="[^"]+" value="(\d{5})"', html)
    assert len(choices) > 20
    assert "40279" in choices  # Saint-Paul-lès-Dax
    assert "Saint-Paul-lès-Dax (code INSEE 40279" in html
    assert stored_counts() == before

    response = post(
        client, valid_data(commune="Saint-", commune_insee="40279"),
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    page = InitiativePage.objects.get(title="Épicerie solidaire du Peyrouat")
    assert page.commune.name == "Saint-Paul-lès-Dax"


@pytest.mark.django_db
def test_a_postal_code_shared_by_several_communes_is_never_taken_for_an_insee_code(
    client, map_page, django_capture_on_commit_callbacks
):
    # 40090 is Donzacq's INSEE code and the postal code of Artassenx and others.
    response = post(client, valid_data(commune="40090"), django_capture_on_commit_callbacks)
    assert response.status_code == 400
    choices = re.findall(r'name="commune_insee" id="[^"]+" value="(\d{5})"', response.text)
    assert "40090" in choices and len(choices) > 1
    assert "Artassenx" in response.text and "Donzacq" in response.text


@pytest.mark.django_db
def test_html_and_script_are_stored_as_text_and_shown_escaped(
    client, map_page, django_capture_on_commit_callbacks
):
    from initiatives.models import InitiativePage

    script = '<script>alert("pirate")</script>'
    response = post(
        client,
        valid_data(
            title=f"Aide {script}",
            description=f'Texte <img src=x onerror="alert(1)"> {script}',
            organisation="<b>Gras</b>",
            tags="<i>tag</i>",
        ),
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    page = InitiativePage.objects.get(title=f"Aide {script}")
    assert "<script>" not in page.description and "<img" not in page.description
    assert "&lt;script&gt;" in page.description
    page.save_revision().publish()

    for url in (page.url, "/carte/"):
        html = client.get(url).text
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "<b>Gras</b>" not in html
        assert "Aide &lt;script&gt;alert(&quot;pirate&quot;)&lt;/script&gt;" in html
    html = client.get(page.url).text
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert "&lt;b&gt;Gras&lt;/b&gt;" in html

    # Re-shown in the form after an error, the typed text is escaped too.
    response = post(client, valid_data(title=script, email=""), django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert "<script>alert" not in response.text
    assert 'value="&lt;script&gt;alert(&quot;pirate&quot;)&lt;/script&gt;"' in response.text


@pytest.mark.django_db
def test_the_same_rendered_form_sent_twice_stores_one_action(
    client, map_page, django_capture_on_commit_callbacks
):
    before = stored_counts()
    data = valid_data()
    first = post(client, data, django_capture_on_commit_callbacks)
    second = post(client, data, django_capture_on_commit_callbacks)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == "/carte/ajouter/merci/"
    assert stored_counts()[2] == before[2] + 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_title_made_of_symbols_or_a_route_name_gets_a_usable_slug(
    client, map_page, django_capture_on_commit_callbacks
):
    from initiatives.models import InitiativePage

    post(client, valid_data(title="!!!"), django_capture_on_commit_callbacks)
    post(client, valid_data(title="Ajouter"), django_capture_on_commit_callbacks)
    # Another action of the same name (the same answers again would be a resend).
    post(client, valid_data(title="Ajouter", organisation="Autre association"),
         django_capture_on_commit_callbacks)
    slugs = set(InitiativePage.objects.child_of(map_page).values_list("slug", flat=True))
    assert {"action", "action-ajouter", "action-ajouter-2"} <= slugs


@pytest.mark.django_db
def test_typed_commune_and_line_breaks_cannot_inject_markup_or_headers(
    client, map_page, django_capture_on_commit_callbacks
):
    from initiatives.models import InitiativePage

    response = post(client, valid_data(commune="<script>x</script>"),
                    django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert "<script>x" not in response.text
    assert "« &lt;script&gt;x&lt;/script&gt; »" in response.text

    # A line break in a one-line field (it would break the e-mail's subject) becomes a space.
    response = post(client, valid_data(title="Épicerie\r\nBcc: victime@example.org"),
                    django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert InitiativePage.objects.filter(title="Épicerie Bcc: victime@example.org").exists()
    assert mail.outbox[-1].subject == "Confirmez votre action « Épicerie Bcc: victime@example.org »"
    assert mail.outbox[-1].to == ["marie.dupont@example.org"] and not mail.outbox[-1].bcc
