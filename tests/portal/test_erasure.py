"""Right of erasure (RGPD art. 17): administrators find everything linked to an e-mail
address (map actions sent through the public form and their public contact,
questionnaire contact details, proposal contact details), whatever its case and
surrounding spaces, then erase it in one audited step; nothing else is touched; a second
search finds nothing. Only superusers get in: Rédaction, Modération and the committee
are refused as Wagtail refuses."""

import pytest
from django.contrib.messages import get_messages
from django.utils.timezone import localtime
from wagtail.models import ModelLogEntry, PageLogEntry

from consultation.models import (
    ConsultationContact,
    ConsultationSubmission,
    Proposal,
    ProposalContact,
    ProposalPage,
)
from initiatives.models import InitiativeIndexPage, InitiativePage
from initiatives.submitters import InitiativeSubmitter, new_token

pytestmark = pytest.mark.django_db

URL = "/admin/rgpd/"
ADDRESS = "anne.dupont@example.org"
OTHER = "bob.martin@example.org"
LONGER = "joanne.dupont@example.org"  # contains ADDRESS's text, is another person
ROLES = {
    "resident": dict(groups=()),
    "redaction": dict(groups=("Rédaction",)),
    "moderation": dict(groups=("Modération",)),
    "committee": dict(groups=("Comité Nouvelles solidarités",)),
    "admin": dict(groups=(), is_staff=True, is_superuser=True),
}


def make_action(title, public_contact=""):
    from portal.models import Commune

    page = InitiativePage(title=title, summary=f"Résumé de {title}", actor_type="association",
                          commune=Commune.objects.get(insee_code="40192"),
                          public_contact=public_contact)
    InitiativeIndexPage.objects.get(slug="carte").add_child(instance=page)
    page.save_revision().publish()
    return page


def submitted_by(page, email):
    return InitiativeSubmitter.objects.create(page=page, email=email,
                                              token_hash=new_token()[1],
                                              privacy_notice_version="1")


@pytest.fixture
def people(db):
    """ADDRESS's data (in other cases) and OTHER's and LONGER's, in every place."""
    from consultation.models import ConsultationPage

    mine = make_action("Épicerie solidaire d'Anne")
    submitted_by(mine, "Anne.Dupont@Example.org")
    contact_page = make_action("Jardin partagé",
                               public_contact=f"Écrire à ANNE.DUPONT@example.org ou {LONGER}")
    theirs = make_action("Repas de Bob", public_contact=OTHER)
    submitted_by(theirs, OTHER)

    questionnaire = ConsultationPage.objects.get(slug="consultation")
    answer = ConsultationSubmission.objects.create(page=questionnaire, form_data={})
    ConsultationContact.objects.create(submission=answer, name="Anne Dupont",
                                       email="ANNE.DUPONT@EXAMPLE.ORG", phone="0601020304")
    other_answer = ConsultationSubmission.objects.create(
        page=questionnaire, form_data={"idee": f"Voir avec {LONGER}"})
    ConsultationContact.objects.create(submission=other_answer, name="Bob", email=OTHER)
    written = ConsultationSubmission.objects.create(page=questionnaire, form_data={
        "idee": "Écrivez-moi : Anne.Dupont@Example.org, merci", "age": "35-49",
        "domaines": ["logement", "anne.dupont@example.org"]})

    box = ProposalPage.objects.get()
    proposal = Proposal.objects.create(page=box, title="Un bus le dimanche",
                                       description="Pour aller au marché")
    ProposalContact.objects.create(proposal=proposal, name="Anne", email=ADDRESS)
    other_proposal = Proposal.objects.create(page=box, title="Une laverie",
                                             description="Solidaire")
    told = Proposal.objects.create(page=box, title="Un café",
                                   description="Contact : anne.dupont@example.org.")
    ProposalContact.objects.create(proposal=other_proposal, name="Jo", email=LONGER)
    return dict(mine=mine, contact_page=contact_page, theirs=theirs, answer=answer,
                other_answer=other_answer, proposal=proposal, other_proposal=other_proposal,
                written=written, told=told)


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user("admin-rgpd@example.org", **ROLES["admin"]))
    return client


def search(client, email):
    response = client.post(URL, {"step": "find", "email": email})
    assert response.status_code == 200
    return response.content.decode()


def erase(client, email, **options):
    return client.post(URL, {"step": "erase", "email": email, "confirm": "on", **options},
                       follow=True)


def test_everything_linked_is_found_whatever_the_case(admin_client, people):
    html = search(admin_client, f"  {ADDRESS.upper()} ")

    assert "6 éléments liés à cette adresse" in html
    assert "Action envoyée avec cette adresse : « Épicerie solidaire d&#x27;Anne » (publiée)" in html
    assert "Contact public de l&#x27;action « Jardin partagé » (publiée)" in html
    assert f"Coordonnées de la réponse n° {people['answer'].pk} à « Consultation" in html
    assert f"Coordonnées de la proposition n° {people['proposal'].pk} « Un bus le dimanche »" in html
    assert (f"Réponse n° {people['written'].pk} à « Consultation : la crise et vous » du "
            f"{localtime(people['written'].submit_time):%d/%m/%Y} : l&#x27;adresse "
            "est écrite dans une réponse") in html
    assert (f"Proposition n° {people['told'].pk} : l&#x27;adresse est écrite dans son texte"
            in html)
    assert "Repas de Bob" not in html and "Une laverie" not in html
    assert f"réponse n° {people['other_answer'].pk} " not in html
    # Phone and name are not shown: no more personal data than needed.
    assert "0601020304" not in html
    assert "Effacer définitivement" in html
    assert "Supprimer aussi les actions envoyées avec cette adresse" in html


def test_erasure_erases_only_that_person_and_is_audited(admin_client, people):
    before_pages = InitiativePage.objects.count()
    response = erase(admin_client, f" {ADDRESS.title()}")

    assert response.redirect_chain[-1][0] == URL
    text = response.content.decode()
    assert "Données personnelles effacées" in text
    # Map: the author's row is gone, the action stays; the address left the public
    # contact, in the page and in every revision; another person's data is untouched.
    assert not InitiativeSubmitter.objects.filter(email__iexact=ADDRESS).exists()
    assert InitiativeSubmitter.objects.filter(email=OTHER).exists()
    assert InitiativePage.objects.count() == before_pages
    page = InitiativePage.objects.get(pk=people["contact_page"].pk)
    assert page.public_contact == f"Écrire à [adresse effacée] ou {LONGER}"
    for revision in page.revisions.all():
        assert "anne.dupont" not in str(revision.content).lower().replace(LONGER, "")
    assert InitiativePage.objects.get(pk=people["theirs"].pk).public_contact == OTHER
    # Questionnaire and proposals: contact rows deleted, the answers and proposals stay.
    assert not ConsultationContact.objects.filter(email__iexact=ADDRESS).exists()
    assert ConsultationSubmission.objects.filter(pk=people["answer"].pk).exists()
    assert ConsultationContact.objects.filter(email=OTHER).exists()
    assert not ProposalContact.objects.filter(email__iexact=ADDRESS).exists()
    assert Proposal.objects.filter(pk=people["proposal"].pk).exists()
    assert ProposalContact.objects.filter(email=LONGER).exists()
    # Where the address was written in an answer or a proposal, only it is replaced.
    people["written"].refresh_from_db()
    assert people["written"].form_data == {
        "idee": "Écrivez-moi : [adresse effacée], merci", "age": "35-49",
        "domaines": ["logement", "[adresse effacée]"]}
    people["other_answer"].refresh_from_db()
    assert people["other_answer"].form_data == {"idee": f"Voir avec {LONGER}"}
    people["told"].refresh_from_db()
    assert people["told"].description == "Contact : [adresse effacée]."

    # One audit entry, with what was erased and never the address.
    entry = ModelLogEntry.objects.get(action="portal.erasure")
    assert entry.user.email == "admin-rgpd@example.org"
    message = entry.message
    assert "Données personnelles effacées" in message and "adresse effacée" in message
    assert "1 adresse d'auteur d'action supprimée" in message
    assert "Coordonnées supprimées pour 1 réponse (la réponse reste)" in message
    assert "Coordonnées supprimées pour 1 proposition (la proposition reste)" in message
    assert "adresse retirée de 1 réponse" in message
    assert "adresse retirée du texte de 1 proposition" in message
    for text in (message, str(entry.data), entry.label):
        assert "anne" not in text.lower()
    assert not PageLogEntry.objects.filter(data__icontains="anne.dupont").exists()
    history = admin_client.get("/admin/reports/site-history/").content.decode()
    assert "Données personnelles effacées à la demande" in history
    assert "anne.dupont" not in history.lower()

    # A second search finds nothing; a second erasure erases and logs nothing.
    html = search(admin_client, ADDRESS)
    assert "0 élément lié à cette adresse" in html
    assert "Rien n'est lié à cette adresse" in html
    response = erase(admin_client, ADDRESS)
    assert "rien n&#x27;a été effacé" in response.content.decode()
    assert ModelLogEntry.objects.filter(action="portal.erasure").count() == 1


def test_option_deletes_the_actions_sent_with_the_address(admin_client, people):
    erase(admin_client, ADDRESS, **{"initiatives:delete_actions": "on"})

    assert not InitiativePage.objects.filter(pk=people["mine"].pk).exists()
    # An action whose public contact only mentioned the address stays, without it.
    assert InitiativePage.objects.filter(pk=people["contact_page"].pk).exists()
    assert InitiativePage.objects.filter(pk=people["theirs"].pk).exists()
    assert "1 action supprimée" in ModelLogEntry.objects.get(action="portal.erasure").message


def test_nothing_erased_without_confirmation_or_with_a_bad_address(admin_client, people):
    response = admin_client.post(URL, {"step": "erase", "email": ADDRESS})
    assert response.status_code == 200
    assert "Cochez la case pour confirmer l&#x27;effacement." in response.content.decode()
    response = admin_client.post(URL, {"step": "find", "email": "pas une adresse"})
    assert "Saisissez une adresse e-mail valide." in response.content.decode()
    response = admin_client.post(URL, {"step": "erase", "email": "pas une adresse",
                                       "confirm": "on"}, follow=True)
    assert response.status_code == 200
    assert InitiativeSubmitter.objects.filter(email__iexact=ADDRESS).count() == 1
    assert ConsultationContact.objects.filter(email__iexact=ADDRESS).count() == 1
    assert ProposalContact.objects.filter(email__iexact=ADDRESS).count() == 1
    assert not ModelLogEntry.objects.filter(action="portal.erasure").exists()


def test_a_failing_source_rolls_the_whole_erasure_back(people, make_user, monkeypatch):
    import consultation.erasure
    from portal.erasure import erase_everywhere

    def broken(email, options):
        raise RuntimeError("disk full")

    monkeypatch.setattr(consultation.erasure, "erase_proposal_contacts", broken)
    admin = make_user("admin-rgpd@example.org", **ROLES["admin"])
    with pytest.raises(RuntimeError):
        erase_everywhere(ADDRESS, set(), admin)
    assert InitiativeSubmitter.objects.filter(email__iexact=ADDRESS).count() == 1
    assert ConsultationContact.objects.filter(email__iexact=ADDRESS).count() == 1
    assert not ModelLogEntry.objects.filter(action="portal.erasure").exists()


@pytest.mark.parametrize("role", [None, *ROLES])
def test_only_administrators_get_in(client, make_user, people, role):
    if role is not None:
        client.force_login(make_user(f"{role}@example.org", **ROLES[role]))
    responses = [client.get(URL), client.post(URL, {"step": "find", "email": ADDRESS}),
                 erase(client, ADDRESS, **{"initiatives:delete_actions": "on"})]
    home = client.get("/admin/").content.decode() if role else ""
    if role == "admin":
        assert [r.status_code for r in responses[:2]] == [200, 200]
        assert '"url": "/admin/rgpd/"' in home  # in the "Paramètres" menu
        assert not InitiativeSubmitter.objects.filter(email__iexact=ADDRESS).exists()
        return
    for response in responses[:2]:
        assert response.status_code == 302
        if role in (None, "resident"):
            assert response["Location"].startswith("/admin/login/")
        else:
            assert response["Location"] == "/admin/"
    if role not in (None, "resident"):
        messages = [str(m) for m in get_messages(responses[0].wsgi_request)]
        assert messages[0].startswith(
            "Désolé, vous n&#x27;avez pas les autorisations pour accéder à cette zone.")
        assert responses[2].redirect_chain == [("/admin/", 302)]
        assert "/admin/rgpd/" not in home
    # Nothing changed.
    assert InitiativeSubmitter.objects.filter(email__iexact=ADDRESS).count() == 1
    assert InitiativePage.objects.filter(pk=people["mine"].pk).exists()
    assert ConsultationContact.objects.filter(email__iexact=ADDRESS).count() == 1
    assert ProposalContact.objects.filter(email__iexact=ADDRESS).count() == 1
    assert not ModelLogEntry.objects.filter(action="portal.erasure").exists()
