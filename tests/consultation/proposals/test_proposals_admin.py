"""Moderation of proposals in the Wagtail admin: who can read,
moderate and answer; refusals as Wagtail gives them; the audit log; and turning a
questionnaire answer into a proposal, once."""

from html import unescape

import pytest
from django.contrib.auth.models import Group
from wagtail.models import ModelLogEntry

from consultation.models import ConsultationSubmission, Proposal, ProposalContact, ProposalPage

from ..conftest import answer

pytestmark = pytest.mark.django_db

INDEX = "/admin/comite/propositions/"
FROM_QUESTIONNAIRE = "/admin/comite/propositions/depuis-questionnaire/"


@pytest.fixture
def proposal(db):
    """A submitted (unmoderated) proposal for Dax, with contact details."""
    from portal.models import Commune, Theme

    proposal = Proposal.objects.create(
        page=ProposalPage.objects.get(), title="Un atelier vélo solidaire",
        description="Réparer les vélos ensemble pour aller au travail.",
        commune=Commune.objects.get(insee_code="40088"),
    )
    proposal.themes.set(Theme.objects.filter(slug="mobilite"))
    ProposalContact.objects.create(proposal=proposal, email="velo@example.org")
    return proposal


@pytest.fixture
def moderator(make_user):
    return make_user("moderation@example.org", groups=["Modération"], is_staff=True)


@pytest.fixture
def editor(make_user):
    return make_user("redaction@example.org", groups=["Rédaction"], is_staff=True)


def edit_data(proposal, **changes):
    """POST data of the admin edit form for ``proposal`` with ``changes``."""
    data = {
        "status": proposal.status, "response_status": proposal.response_status,
        "response_text": proposal.response_text, "title": proposal.title,
        "description": proposal.description,
        "themes": [t.pk for t in proposal.themes.all()],
        "commune": proposal.commune_id or "",
    }
    data.update(changes)
    return data


def test_groups_hold_the_proposal_permissions_of_design_4b():
    def codenames(name):
        return set(Group.objects.get(name=name).permissions.filter(
            content_type__model="proposal").values_list("codename", flat=True))

    assert codenames("Modération") == {"add_proposal", "change_proposal", "delete_proposal", "view_proposal"}
    assert codenames("Comité Nouvelles solidarités") == {"view_proposal"}
    assert codenames("Rédaction") == set()


def test_moderator_lists_filters_publishes_and_answers(client, moderator, proposal):
    client.force_login(moderator)
    home = unescape(client.get("/admin/").content.decode())
    assert INDEX in home and "Propositions" in home

    listing = client.get(INDEX, {"status": "submitted"})
    assert listing.status_code == 200
    html = unescape(listing.content.decode())
    assert "Un atelier vélo solidaire" in html
    assert "Reçue, en attente de modération" in html
    assert "Des permanences numériques" not in html  # published demo proposal filtered out
    assert "Un atelier vélo" in unescape(client.get(INDEX, {"themes": proposal.themes.get().pk}).content.decode())
    assert "Un atelier vélo" not in unescape(client.get(INDEX, {"status": "published"}).content.decode())
    assert FROM_QUESTIONNAIRE in html  # the "From the questionnaire" button

    edit_url = f"{INDEX}edit/{proposal.pk}/"
    edit = client.get(edit_url)
    assert edit.status_code == 200
    page = unescape(edit.content.decode())
    assert "velo@example.org" in page  # moderators see the contact details
    assert "Enregistrer et publier" in page

    response = client.post(edit_url, edit_data(
        proposal, response_status="under_study", response_text="Nous étudions un lieu à Dax.",
        moderation="publish",
    ))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "published" and proposal.published_at is not None
    assert proposal.response_status == "under_study"
    actions = list(ModelLogEntry.objects.for_instance(proposal).values_list("action", flat=True))
    assert "consultation.proposal_publish" in actions and "wagtail.edit" in actions

    public = unescape(client.get("/propositions/").content.decode())
    assert "Un atelier vélo solidaire" in public and "Nous étudions un lieu à Dax." in public
    assert "velo@example.org" not in public

    client.post(edit_url, edit_data(proposal, moderation="reject"))
    proposal.refresh_from_db()
    assert proposal.status == "rejected"
    assert ModelLogEntry.objects.for_instance(proposal).filter(action="consultation.proposal_reject").exists()
    assert "Un atelier vélo solidaire" not in unescape(client.get("/propositions/").content.decode())


def test_committee_reads_but_never_edits(client, committee_member, proposal):
    client.force_login(committee_member)
    listing = client.get(INDEX)
    assert listing.status_code == 200
    html = unescape(listing.content.decode())
    assert "Un atelier vélo solidaire" in html
    assert f"{INDEX}edit/{proposal.pk}/" not in html
    assert FROM_QUESTIONNAIRE not in html
    inspect = client.get(f"{INDEX}inspect/{proposal.pk}/")
    assert inspect.status_code == 200
    inspected = unescape(inspect.content.decode())
    assert "Réparer les vélos ensemble" in inspected
    assert "velo@example.org" not in inspected  # no contact details for the committee

    for url in (f"{INDEX}edit/{proposal.pk}/", f"{INDEX}delete/{proposal.pk}/", f"{INDEX}new/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/", url
    response = client.post(f"{INDEX}edit/{proposal.pk}/", edit_data(proposal, moderation="publish"))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    assert not ModelLogEntry.objects.for_instance(proposal).exists()


def test_editors_cannot_see_or_moderate(client, editor, proposal):
    client.force_login(editor)
    for url in (INDEX, f"{INDEX}edit/{proposal.pk}/", f"{INDEX}inspect/{proposal.pk}/", FROM_QUESTIONNAIRE):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/", url
    client.post(f"{INDEX}edit/{proposal.pk}/", edit_data(proposal, moderation="publish"))
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    assert INDEX not in client.get("/admin/").content.decode()


@pytest.mark.parametrize("url", [INDEX, f"{INDEX}edit/1/", FROM_QUESTIONNAIRE])
def test_anonymous_is_sent_to_the_admin_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")


@pytest.fixture
def submission(client, consultation_page, valid_answers):
    """A questionnaire answer with a proposal text, two themes and Mont-de-Marsan."""
    answer(client, consultation_page, valid_answers)
    return ConsultationSubmission.objects.get()


def test_moderator_turns_a_questionnaire_answer_into_a_proposal_once(client, moderator, submission, keys):
    client.force_login(moderator)
    listing = client.get(FROM_QUESTIONNAIRE)
    assert listing.status_code == 200
    html = unescape(listing.content.decode())
    assert "Évreux — aide à l'énergie, cœur de bourg" in html
    assert "Transformer en proposition" in html

    url = f"{FROM_QUESTIONNAIRE}{submission.pk}/"
    assert client.get(url).status_code == 405  # POST only
    key = keys["Avez-vous des propositions d'actions à engager ?"]
    response = client.post(url, {"question": key}, follow=True)
    proposal = Proposal.objects.get(source_submission=submission)
    assert response.redirect_chain[0][0] == f"{INDEX}edit/{proposal.pk}/"
    assert "créée à partir d’une réponse au questionnaire" in unescape(response.content.decode())
    assert proposal.status == "submitted"
    assert proposal.description == "Évreux — aide à l'énergie, cœur de bourg"
    assert proposal.title == "Évreux — aide à l'énergie, cœur de bourg"
    assert sorted(t.slug for t in proposal.themes.all()) == ["alimentation", "logement"]
    assert proposal.commune.insee_code == "40192"
    assert proposal.page == ProposalPage.objects.get()
    assert ModelLogEntry.objects.for_instance(proposal).filter(
        action="consultation.proposal_from_submission").exists()
    assert "Évreux — aide" not in unescape(client.get("/propositions/").content.decode())

    again = client.post(url, {"question": key}, follow=True)
    assert "a déjà été transformée en proposition" in unescape(again.content.decode())
    assert Proposal.objects.filter(source_submission=submission).count() == 1
    assert proposal.title in unescape(client.get(FROM_QUESTIONNAIRE).content.decode())


def test_a_bad_question_key_creates_nothing(client, moderator, submission, keys):
    client.force_login(moderator)
    response = client.post(f"{FROM_QUESTIONNAIRE}{submission.pk}/",
                           {"question": keys["Votre commune"]}, follow=True)
    assert "Choisissez une réponse de ce questionnaire" in unescape(response.content.decode())
    assert not Proposal.objects.filter(source_submission=submission).exists()


@pytest.mark.parametrize("who", ["committee", "editor"])
def test_the_committee_and_editors_cannot_turn_answers_into_proposals(
    client, committee_member, editor, submission, keys, who
):
    client.force_login(committee_member if who == "committee" else editor)
    response = client.post(f"{FROM_QUESTIONNAIRE}{submission.pk}/",
                           {"question": keys["Avez-vous des propositions d'actions à engager ?"]})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert not Proposal.objects.filter(source_submission=submission).exists()
    assert client.get(FROM_QUESTIONNAIRE)["Location"] == "/admin/"


def test_title_from_a_long_answer_is_cut_at_a_word():
    from consultation.proposals.services import title_from_text

    text = ("Créer une épicerie solidaire dans chaque canton avec des bénévoles formés et des "
            "produits locaux à petit prix. Et aussi un café.")
    title = title_from_text(text)
    assert title.endswith("…") and len(title) <= 81
    assert title.startswith("Créer une épicerie solidaire dans chaque canton")
    assert not title[:-1].endswith(" ")
    assert title_from_text("Un café. Puis autre chose.") == "Un café."


def test_without_a_chosen_question_the_longest_answer_is_used(client, moderator, submission):
    client.force_login(moderator)
    response = client.post(f"{FROM_QUESTIONNAIRE}{submission.pk}/")
    assert response.status_code == 302
    proposal = Proposal.objects.get(source_submission=submission)
    assert proposal.description == "Évreux — aide à l'énergie, cœur de bourg"


def test_a_submission_without_written_answer_gives_no_proposal(client, moderator, consultation_page):
    submission = ConsultationSubmission.objects.create(
        page=consultation_page, form_data={"votre_commune": "40192"})
    client.force_login(moderator)
    response = client.post(f"{FROM_QUESTIONNAIRE}{submission.pk}/", follow=True)
    assert "Choisissez une réponse de ce questionnaire" in unescape(response.content.decode())
    assert not Proposal.objects.filter(source_submission=submission).exists()


def test_the_questionnaire_list_holds_only_answers_with_a_written_text(client, moderator, consultation_page, keys):
    from consultation.proposals.services import with_text_answers

    key = keys["Avez-vous des propositions d'actions à engager ?"]
    with_text = ConsultationSubmission.objects.create(page=consultation_page, form_data={key: "Un potager."})
    ConsultationSubmission.objects.create(page=consultation_page, form_data={key: ""})
    ConsultationSubmission.objects.create(page=consultation_page, form_data={"votre_commune": "40192"})
    assert list(with_text_answers(ConsultationSubmission.objects.all())) == [with_text]
    client.force_login(moderator)
    html = unescape(client.get(FROM_QUESTIONNAIRE).content.decode())
    assert html.count("Transformer en proposition") == 1 and "Un potager." in html


def test_a_proposal_added_by_a_moderator_is_published_on_the_page(client, moderator):
    from portal.models import Commune

    client.force_login(moderator)
    response = client.post(f"{INDEX}new/", {
        "status": "published", "response_status": "accepted",
        "response_text": "Reçue par courrier, retenue.", "title": "Une proposition reçue par courrier",
        "description": "Un banc devant la mairie.", "commune": Commune.objects.get(insee_code="40282").pk,
    })
    assert response.status_code == 302
    proposal = Proposal.objects.get(title="Une proposition reçue par courrier")
    assert proposal.page == ProposalPage.objects.get()
    assert ModelLogEntry.objects.for_instance(proposal).filter(action="wagtail.create").exists()
    html = unescape(client.get("/propositions/").content.decode())
    assert "Une proposition reçue par courrier" in html and "Saint-Sever (40282)" in html


def test_without_a_proposal_page_the_admin_adds_nothing_and_says_why(client, moderator):
    ProposalPage.objects.get().delete()
    client.force_login(moderator)
    response = client.get(f"{INDEX}new/", follow=True)
    assert response.redirect_chain[0][0] == INDEX
    assert "Créez d’abord la page des propositions" in unescape(response.content.decode())
    response = client.post(f"{INDEX}new/", {"status": "submitted", "title": "Sans page",
                                            "description": "Rien à montrer."})
    assert response.status_code == 302
    assert not Proposal.objects.filter(title="Sans page").exists()


def test_the_questionnaire_answers_page_has_wagtail_s_breadcrumbs(client, moderator):
    """Home › Propositions › the page, in Wagtail's header, as every admin page."""
    from tests.consultation.committee.test_committee import breadcrumbs

    client.force_login(moderator)
    trail = breadcrumbs(client.get(FROM_QUESTIONNAIRE).content.decode())
    assert trail[-2] == ("Propositions", INDEX)
    assert not trail[-1][1] and "questionnaire" in trail[-1][0], trail
