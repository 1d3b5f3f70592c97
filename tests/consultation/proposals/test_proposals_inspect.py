"""The proposals' inspect view (/admin/comite/propositions/inspect/<pk>/) as the committee
reads it: times in Paris time like the list, "—" instead of "None" for empty values, the
questionnaire answer a proposal came from as a readable link; and no stock spreadsheet
export of the list (``?export=csv`` gave one empty line per proposal)."""

import datetime
import re
from html import unescape

import pytest

from consultation.models import ConsultationSubmission, Proposal, ProposalPage

pytestmark = pytest.mark.django_db

INDEX = "/admin/comite/propositions/"
UTC = datetime.timezone.utc


def inspected(client, proposal):
    """The inspect view's fields as {label: shown text} (tags stripped, spaces folded)."""
    response = client.get(f"{INDEX}inspect/{proposal.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    fields = {}
    for label, value in re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", html, re.S):
        text = unescape(re.sub(r"<[^>]+>", " ", value))
        fields[unescape(label).strip()] = " ".join(text.split())
    return fields


def make_proposal(**fields):
    """A submitted proposal without commune, theme, answer nor publication date, then
    ``fields`` written straight to the row (created_at is not editable)."""
    proposal = Proposal.objects.create(
        page=ProposalPage.objects.get(), title="Un jardin partagé", description="À Dax.",
    )
    if fields:
        Proposal.objects.filter(pk=proposal.pk).update(**fields)
        proposal.refresh_from_db()
    return proposal


def test_times_are_shown_in_paris_time_like_the_list(committee_client):
    winter = make_proposal(created_at=datetime.datetime(2026, 11, 29, 21, 20, tzinfo=UTC))
    summer = make_proposal(
        status=Proposal.Status.PUBLISHED,
        created_at=datetime.datetime(2026, 7, 14, 8, 5, tzinfo=UTC),
        published_at=datetime.datetime(2026, 7, 15, 22, 30, tzinfo=UTC),
    )

    assert inspected(committee_client, winter)["Reçue le"] == "29 novembre 2026 22:20"
    fields = inspected(committee_client, summer)
    assert fields["Reçue le"] == "14 juillet 2026 10:05"
    assert fields["Publiée le"] == "16 juillet 2026 00:30"


def test_empty_values_show_a_dash_never_none(committee_client):
    fields = inspected(committee_client, make_proposal())

    assert "None" not in " ".join(fields.values())
    assert fields["Publiée le"] == "—"
    assert fields["Réponse au questionnaire"] == "—"
    assert fields["Texte de la réponse"] == "—"
    assert fields["Réponse"] == "—"
    assert fields["Commune"] == "—"
    assert fields["Thématiques"] == "—"
    assert fields["Titre"] == "Un jardin partagé"


def test_the_source_answer_is_a_link_not_a_dump_of_its_data(committee_client, consultation_page):
    submission = ConsultationSubmission.objects.create(
        page=consultation_page, form_data={"secret_key": "réponse brute"},
    )
    ConsultationSubmission.objects.filter(pk=submission.pk).update(
        submit_time=datetime.datetime(2026, 3, 1, 23, 15, tzinfo=UTC)
    )
    proposal = make_proposal(source_submission=submission)

    shown = inspected(committee_client, proposal)["Réponse au questionnaire"]
    assert shown == f"Réponse n° {submission.pk} du 2 mars 2026 00:15"
    html = committee_client.get(f"{INDEX}inspect/{proposal.pk}/").content.decode()
    assert f'href="/admin/comite/{consultation_page.pk}/{submission.pk}/"' in html
    assert "secret_key" not in html and "réponse brute" not in html


def test_the_source_answer_is_not_linked_for_staff_who_cannot_read_answers(
    client, make_user, consultation_page
):
    moderator = make_user("moderation@example.org", groups=["Modération"], is_staff=True)
    submission = ConsultationSubmission.objects.create(page=consultation_page, form_data={})
    proposal = make_proposal(source_submission=submission)
    client.force_login(moderator)

    shown = inspected(client, proposal)["Réponse au questionnaire"]
    assert shown.startswith(f"Réponse n° {submission.pk} du ")
    html = client.get(f"{INDEX}inspect/{proposal.pk}/").content.decode()
    assert f"/admin/comite/{consultation_page.pk}/{submission.pk}/" not in html


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_the_list_offers_no_stock_export(committee_client, export):
    make_proposal()
    response = committee_client.get(INDEX, {"export": export})

    assert response.status_code == 200
    assert "Content-Disposition" not in response
    assert response["Content-Type"].startswith("text/html")
    assert "Un jardin partagé" in unescape(response.content.decode())
