"""Who may enter answers: the "Saisie accompagnée" group and superusers. Anonymous
users go to the admin login, staff without ``consultation.enter_answers`` (editors,
committee members) get Wagtail's refusal (redirect to the admin home), and nothing
changes. Members of the group reach nothing else: no page, no committee view."""

import re

import pytest
from wagtail.models import PageLogEntry

from consultation.assisted.models import EntryBatch, EntryDifference, SecondEntry
from consultation.models import ConsultationSubmission

from ..conftest import COMMITTEE, read_token
from .conftest import ASSISTED, enter

pytestmark = pytest.mark.django_db

ROLES = {
    "resident": dict(groups=()),
    "redaction": dict(groups=("Rédaction",)),
    "committee": dict(groups=(COMMITTEE,)),
    "assisted": dict(groups=(ASSISTED,)),
    "admin": dict(groups=(), is_staff=True, is_superuser=True),
}
ALLOWED = {"assisted", "admin"}


@pytest.fixture
def batch(make_batch):
    return make_batch("P1", double_entry=True)


def urls(page, batch):
    return ["/admin/saisie/", f"/admin/saisie/{page.pk}/", f"/admin/saisie/{page.pk}/saisir/",
            f"/admin/saisie/{page.pk}/saisir/?lot={batch.pk}",
            f"/admin/saisie/{page.pk}/lots/{batch.pk}/"]


def state():
    return (ConsultationSubmission.objects.count(), EntryBatch.objects.count(),
            SecondEntry.objects.count(), PageLogEntry.objects.count(),
            list(EntryDifference.objects.values_list("kept", flat=True)))


@pytest.mark.parametrize("role", [None, *ROLES])
def test_every_entry_url_answers_as_specified(client, make_user, consultation_page, batch,
                                              valid_answers, role):
    if role is not None:
        client.force_login(make_user(f"{role}@example.org", **ROLES[role]))
    before = state()
    for url in urls(consultation_page, batch):
        for response in (client.get(url), client.post(url, {
                **valid_answers, "form_token": "5f0c8f7e-6c1a-4b7e-9a43-3d6b1c9f0a11",
                "batch": batch.pk, "paper_number": "1", "number": "P2",
                "channel": "papier"})):
            if role in ALLOWED:
                # The list of consultations takes no POST (405).
                assert response.status_code in (200, 302, 405), url
                if response.status_code == 302:
                    assert not response["Location"].startswith("/admin/login/"), url
            elif role in (None, "resident"):
                assert response.status_code == 302, url
                assert response["Location"].startswith("/admin/login/"), url
            else:
                assert response.status_code == 302, url
                assert response["Location"] == "/admin/", url
    if role not in ALLOWED:
        assert state() == before


def test_refused_staff_read_wagtails_message(client, make_user, consultation_page):
    client.force_login(make_user("comite-saisie@example.org", groups=[COMMITTEE]))
    response = client.get(f"/admin/saisie/{consultation_page.pk}/saisir/", follow=True)
    assert response.redirect_chain == [("/admin/", 302)]
    assert ("Désolé, vous n&#x27;avez pas les autorisations pour accéder à cette zone."
            in response.content.decode())


def test_members_of_the_group_see_only_their_menu(client, make_user, consultation_page):
    client.force_login(make_user("menu-saisie@example.org", groups=[ASSISTED]))
    html = client.get("/admin/").content.decode()
    assert '"url": "/admin/saisie/"' in html
    menu_urls = set(re.findall(r'"url": "(/admin/[^"]*)"', html))
    assert menu_urls <= {"/admin/", "/admin/saisie/", "/admin/postes-partages/",
                         "/admin/account/", "/admin/logout/"}, \
        menu_urls
    for url in ("/admin/pages/", f"/admin/pages/{consultation_page.pk}/edit/",
                "/admin/comite/", f"/admin/comite/{consultation_page.pk}/export.csv",
                "/admin/users/", "/admin/documents/", "/admin/images/", "/admin/forms/",
                "/admin/comite/propositions/"):
        assert client.get(url).status_code in (302, 403), url


def test_a_committee_member_cannot_create_batches_nor_enter(client, make_user,
                                                             consultation_page,
                                                             valid_answers):
    member = make_user("comite-lot@example.org", groups=[COMMITTEE])
    client.force_login(member)
    response = client.post(f"/admin/saisie/{consultation_page.pk}/",
                           {"number": "X", "channel": "papier"})
    assert response["Location"] == "/admin/"
    assert not EntryBatch.objects.exists()
    # Even with a token read by an operator's session.
    operator = make_user("op-token@example.org", groups=[ASSISTED])
    client.force_login(operator)
    token = read_token(client.get(f"/admin/saisie/{consultation_page.pk}/saisir/"))
    client.force_login(member)
    response = client.post(f"/admin/saisie/{consultation_page.pk}/saisir/",
                           {**valid_answers, "form_token": token, "channel": "papier"})
    assert response["Location"] == "/admin/"
    assert not ConsultationSubmission.objects.exists()


def test_a_batch_of_another_page_is_not_found(client, make_user, consultation_page,
                                              make_page, valid_answers):
    other = make_page("autre-saisie", [("Question", "singleline", False)])
    from consultation.assisted.models import EntryBatch as Batch

    foreign = Batch.objects.create(page=other, number="Z", channel="papier")
    client.force_login(make_user("op-404@example.org", groups=[ASSISTED]))
    assert client.get(f"/admin/saisie/{consultation_page.pk}/lots/{foreign.pk}/").status_code == 404
    assert client.get("/admin/saisie/99999999/").status_code == 404
    # A batch of another page posted in the entry form is refused (not a valid choice).
    response, _ = enter(client, consultation_page, {**valid_answers, "batch": foreign.pk},
                        paper_number="1")
    assert response.status_code == 200
    assert not ConsultationSubmission.objects.exists()
