"""The public proposal box at /propositions/: one proposal per rendered form,
French errors that store nothing, contact details only with consent and never public,
and a public list that shows only published proposals with the staff's answer."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from consultation.models import Proposal, ProposalContact
from consultation.proposals.models import purge_expired_contacts

from ..conftest import read_token

pytestmark = pytest.mark.django_db

URL = "/propositions/"
VALID = {
    "title": "Un jardin partagé près de la gare",
    "description": "Des parcelles cultivées ensemble, avec des légumes pour l'épicerie solidaire.",
    "themes": ["alimentation", "isolement"],
    "commune": "40088",
}


@pytest.fixture
def proposal_page(db):
    """The demo proposal page at /propositions/ (created by the DEMO_CONTENT hook)."""
    from consultation.models import ProposalPage

    return ProposalPage.objects.get(slug="propositions")


def propose(client, data):
    """GET the form, POST ``data`` with its one-time token. Output: (response, data posted)."""
    response = client.get(URL)
    assert response.status_code == 200
    posted = {"form_token": read_token(response), **data}
    return client.post(URL, posted), posted


def html_of(response):
    return unescape(response.content.decode())


def test_page_renders_an_accessible_form_privately(client, proposal_page):
    response = client.get(URL)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    html = html_of(response)
    assert "<h1>Vos propositions d'actions</h1>" in html
    for label in ["Titre de votre proposition", "Décrivez l'action que vous aimeriez voir",
                  "Commune concernée", "Mont-de-Marsan (40192)", "Emploi et ressources"]:
        assert label in html, label
    # Themes and the contact block are groups with a legend.
    assert html.count("<fieldset") == 2
    assert "<legend>Quels domaines sont concernés ?</legend>" in html
    assert "<legend>Souhaitez-vous être recontacté(e) ? (facultatif)</legend>" in html
    # Help texts are tied to their fields.
    assert 'aria-describedby="id_title_aide"' in html and 'id="id_title_aide"' in html


def test_valid_proposal_is_stored_once_and_not_public_until_published(client, proposal_page):
    response, posted = propose(client, VALID)
    assert response.status_code == 302
    assert response["Location"] == "/propositions/merci/"
    proposal = Proposal.objects.get(title=VALID["title"])
    assert proposal.status == "submitted"
    assert proposal.page_id == proposal_page.pk
    assert sorted(t.slug for t in proposal.themes.all()) == ["alimentation", "isolement"]
    assert proposal.commune.name == "Dax"
    assert proposal.privacy_notice_version == "2026-11"
    assert not ProposalContact.objects.filter(proposal=proposal).exists()

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Merci pour votre proposition" in html_of(thanks)

    # Double click / refresh / replay of the same POST: nothing more, same redirect.
    again = client.post(URL, posted)
    assert again.status_code == 302 and again["Location"] == "/propositions/merci/"
    # Back, then "Envoyer" again on a fresh form with the same answers.
    back, _ = propose(client, VALID)
    assert back.status_code == 302
    assert Proposal.objects.filter(title=VALID["title"]).count() == 1

    assert VALID["title"] not in html_of(client.get(URL))
    proposal.status = Proposal.Status.PUBLISHED
    proposal.save()
    assert proposal.published_at is not None
    assert VALID["title"] in html_of(client.get(URL))


LONG = "x" * 121


@pytest.mark.parametrize("change, field, message", [
    ({"title": ""}, "title", "Champ requis."),
    ({"title": "   "}, "title", "Champ requis."),
    ({"title": "x" * 121}, "title", "au plus 120 caractères"),
    ({"description": ""}, "description", "Champ requis."),
    ({"description": "é" * 2001}, "description", "au plus 2000 caractères"),
    ({"commune": "99999"}, "commune", "Sélectionnez un choix valide"),
    ({"commune": "40"}, "commune", "Sélectionnez un choix valide"),
    ({"themes": ["alimentation", "inconnu"]}, "themes", "Sélectionnez un choix valide"),
    ({"contact_email": "moi@example.org"}, "contact_consent",
     "Pour laisser vos coordonnées, cochez cette case"),
    ({"contact_consent": "on"}, "contact_email", "Indiquez une adresse électronique ou un numéro"),
    ({"contact_consent": "on", "contact_email": "pas-une-adresse"}, "contact_email",
     "Saisissez une adresse e-mail valide"),
    ({"contact_consent": "on", "contact_phone": "appelez-moi"}, "contact_phone",
     "Indiquez un numéro de téléphone"),
])
def test_bad_input_gives_a_french_error_and_stores_nothing(client, proposal_page, change, field, message):
    before = Proposal.objects.count(), ProposalContact.objects.count()
    response, _ = propose(client, {**VALID, **change})
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    html = html_of(response)
    assert message in html
    assert (Proposal.objects.count(), ProposalContact.objects.count()) == before
    # The error summary links to the field, which is marked invalid and described.
    summary = html.split('id="resume-erreurs"', 1)[1].split("</div>", 1)[0]
    target = f"id_{field}_0" if field == "themes" else f"id_{field}"
    assert f'href="#{target}"' in summary
    assert f'id="{target}"' in html
    assert f'id="id_{field}_erreur"' in html
    if field != "themes":
        tag = re.search(rf'<(input|textarea|select)[^>]*id="id_{field}"[^>]*>', html).group(0)
        assert 'aria-invalid="true"' in tag
        assert f"id_{field}_erreur" in tag
    for ids in re.findall(r'aria-describedby="([^"]+)"', html):
        for one in ids.split():
            assert f'id="{one}"' in html, one


def test_expired_or_tampered_token_stores_nothing(client, proposal_page):
    before = Proposal.objects.count()
    response = client.post(URL, {**VALID, "form_token": "not-a-uuid"})
    assert response.status_code == 200
    assert "Ce formulaire n’a pas pu être vérifié" in html_of(response)
    assert Proposal.objects.count() == before


def test_contact_is_stored_apart_only_with_consent_and_never_shown(client, proposal_page):
    data = {**VALID, "title": "Une navette pour le marché", "contact_consent": "on",
            "contact_name": "Jeanne Dupuy", "contact_email": "jeanne@example.org",
            "contact_phone": "05 58 00 00 00"}
    response, _ = propose(client, data)
    assert response.status_code == 302
    proposal = Proposal.objects.get(title="Une navette pour le marché")
    contact = proposal.contact
    assert (contact.name, contact.email, contact.phone) == (
        "Jeanne Dupuy", "jeanne@example.org", "05 58 00 00 00")
    assert contact.privacy_notice_version == "2026-11"
    # Nothing of it in the proposal's own fields.
    for value in (proposal.title, proposal.description, proposal.response_text):
        assert "jeanne" not in value.lower()
    proposal.status = Proposal.Status.PUBLISHED
    proposal.save()
    html = html_of(client.get(URL))
    assert "Une navette pour le marché" in html
    assert "Jeanne" not in html and "jeanne@example.org" not in html and "05 58 00 00 00" not in html


def test_purge_command_keeps_recent_contacts(client, proposal_page):
    from io import StringIO

    from django.core.management import call_command

    propose(client, {**VALID, "title": "Récente", "contact_consent": "on",
                     "contact_phone": "+33 5 58 00 00 00"})
    out = StringIO()
    call_command("purge_contacts", stdout=out)
    assert "Coordonnées supprimées : 0." in out.getvalue()
    assert Proposal.objects.get(title="Récente").contact.phone == "+33 5 58 00 00 00"


def test_contact_details_are_purged_after_the_retention_period(client, proposal_page, settings):
    settings.PORTAL_CONTACT_RETENTION_DAYS = 365
    response, _ = propose(client, {**VALID, "title": "Ancienne", "contact_consent": "on",
                                   "contact_email": "a@example.org"})
    assert response.status_code == 302
    proposal = Proposal.objects.get(title="Ancienne")
    assert purge_expired_contacts(now=timezone.now() + timedelta(days=364)) == 0
    assert purge_expired_contacts(now=timezone.now() + timedelta(days=366)) == 1
    assert not ProposalContact.objects.filter(proposal=proposal).exists()
    assert Proposal.objects.filter(pk=proposal.pk).exists()


def test_public_list_shows_published_proposals_with_their_answer_only(client, proposal_page):
    from portal.models import Theme

    hidden = [
        Proposal.objects.create(page=proposal_page, title="Proposition en attente",
                                description="Pas encore lue."),
        Proposal.objects.create(page=proposal_page, title="Proposition refusée",
                                description="Hors sujet.", status="rejected",
                                response_status="not_retained", response_text="Hors sujet."),
    ]
    assert all(p.status != "published" for p in hidden)
    html = html_of(client.get(URL))
    assert "4 propositions publiées" in html
    # A demo proposal with its themes, commune and the staff's answer.
    article = html.split("Des permanences numériques à la médiathèque", 1)[1].split("</article>")[0]
    assert "Numérique, Démarches administratives" in article
    assert "Dax (40088)" in article
    assert "<strong class=\"response-status response-accepted\">Retenue</strong>" in article
    assert "les conseillers numériques du Département" in article
    whole = html.split("Un réseau de voisins", 1)[1].split("</article>")[0]
    assert "Tout le département" in whole
    assert "À l’étude" in html and "Non retenue" in html
    for proposal in hidden:
        assert proposal.title not in html
    assert Theme.objects.count() == 14


def test_public_list_is_paginated(client, proposal_page):
    for i in range(9):
        Proposal.objects.create(page=proposal_page, title=f"Proposition numéro {i:02d}",
                                description="Texte.", status="published")
    first = html_of(client.get(URL))
    assert "13 propositions publiées" in first
    assert first.count('<li class="proposal">') == 10
    assert "Page 1 sur 2" in first
    assert 'href="?page=2#propositions"' in first
    second = html_of(client.get(URL + "?page=2"))
    assert second.count('<li class="proposal">') == 3
    assert client.get(URL + "?page=abc").status_code == 200


def test_only_one_proposal_page_under_the_home_page(proposal_page, home_page):
    from consultation.models import ProposalPage

    assert ProposalPage.max_count == 1
    assert not ProposalPage.can_create_at(home_page)
    assert proposal_page.url == URL


def test_demo_proposals_are_created_once(home_page, proposal_page):
    from consultation.demo import DEMO_PROPOSALS, create_proposals

    assert create_proposals(home_page) == proposal_page
    assert create_proposals(home_page) == proposal_page
    assert proposal_page.proposals.count() == len(DEMO_PROPOSALS) == 4
    assert set(proposal_page.proposals.values_list("status", flat=True)) == {"published"}
    assert all(p.response_status and p.response_text for p in proposal_page.proposals.all())
    assert proposal_page.live and proposal_page.get_parent().specific == home_page


def test_api_exposes_the_proposal_page_texts(client, proposal_page):
    listing = client.get("/api/v2/pages/", {"type": "consultation.ProposalPage"})
    (item,) = listing.json()["items"]
    detail = client.get(f"/api/v2/pages/{item['id']}/").json()
    assert "Quelles actions aimeriez-vous voir" in detail["intro"]
    assert isinstance(detail["thank_you_text"], str)


def test_a_new_proposal_names_its_page(proposal_page):
    """A proposal is never attached to a page by guess: its creator passes the page, and
    a new proposal without one is refused before anything is written."""
    with pytest.raises(ValueError, match="ProposalPage"):
        Proposal.objects.create(title="Sans page", description="Aucune page donnée.")
    assert not Proposal.objects.filter(title="Sans page").exists()
    proposal = Proposal.objects.create(page=proposal_page, title="Avec sa page", description="…")
    assert proposal.page == proposal_page
