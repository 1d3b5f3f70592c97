"""The "Comité" panel of the admin home (consultation.committee.dashboard).

A committee member who signs in lands on Wagtail's admin home: the panel lists every
consultation (live or not) with its number of answers, the day and time of the last one
in Europe/Paris, and links to the listing, the statistics and the CSV/XLSX downloads,
plus the proposals awaiting moderation. Editors and moderators never see it, it links
to no edit view, and it costs the same queries whatever the number of answers.
"""

import datetime
import zoneinfo

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultation.models import ConsultationPage, ConsultationSubmission, Proposal, ProposalPage


pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
HOME = "/admin/"


def store(page, *moments):
    """Create one answer on ``page`` per Paris wall time in ``moments`` (naive
    datetimes); output: list of the submissions."""
    made = []
    for moment in moments:
        submission = ConsultationSubmission.objects.create(page=page, form_data={})
        ConsultationSubmission.objects.filter(pk=submission.pk).update(
            submit_time=moment.replace(tzinfo=PARIS))
        made.append(submission)
    return made


def panel_of(response):
    """The panel's <section> in the admin home ``response`` (BeautifulSoup Tag), or None."""
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser").find(id="comite-section")


def text(tag):
    """The text of ``tag`` with its white space collapsed, as a reader sees it."""
    return " ".join(tag.get_text(" ").split())


def items(panel):
    """dict h3 text -> (figures text, [(link name, href), ...]) of each panel entry."""
    found = {}
    for item in panel.select(".committee-dashboard__item"):
        figures = item.select_one(".committee-dashboard__figures")
        found[text(item.h3)] = (
            text(figures),
            [(text(a), a["href"]) for a in item.select("ul a")],
        )
    return found


@pytest.fixture
def draft_page(home_page):
    """A second consultation, never published, without answers."""
    page = ConsultationPage(title="Bilan 2021 (brouillon)", slug="bilan-2021", live=False)
    home_page.add_child(instance=page)
    return page


def test_committee_member_sees_each_consultation_with_its_figures_and_links(
    committee_client, consultation_page, draft_page
):
    # 00:10 on 1 July in Paris is 22:10 on 30 June in UTC: the panel shows Paris time.
    store(consultation_page, datetime.datetime(2020, 6, 29, 10, 15),
          datetime.datetime(2020, 7, 1, 0, 10), datetime.datetime(2020, 6, 30, 23, 30))

    panel = panel_of(committee_client.get(HOME))

    assert panel is not None
    heading = panel.find("h2")
    assert text(heading) == "Comité"
    live, draft = consultation_page.pk, draft_page.pk
    title = consultation_page.title
    assert items(panel)[title] == (
        "3 réponses Dernière réponse : 1 juillet 2020 à 00:10",
        [
            (f"Réponses — {title}", f"/admin/comite/{live}/"),
            (f"Statistiques — {title}", f"/admin/comite/{live}/statistiques/"),
            (f"Télécharger le CSV — {title}", f"/admin/comite/{live}/export.csv"),
            (f"Télécharger le XLSX — {title}", f"/admin/comite/{live}/export.xlsx"),
        ],
    )
    assert panel.find("time")["datetime"] == "2020-07-01T00:10+02:00"
    draft_title = "Bilan 2021 (brouillon) (Non publiée)"
    assert items(panel)[draft_title] == (
        "0 réponse Aucune réponse pour l’instant.",
        [
            ("Réponses — Bilan 2021 (brouillon)", f"/admin/comite/{draft}/"),
            ("Statistiques — Bilan 2021 (brouillon)", f"/admin/comite/{draft}/statistiques/"),
            ("Télécharger le CSV — Bilan 2021 (brouillon)", f"/admin/comite/{draft}/export.csv"),
            ("Télécharger le XLSX — Bilan 2021 (brouillon)",
             f"/admin/comite/{draft}/export.xlsx"),
        ],
    )
    # Tree order: the demo consultation comes before the page added after it.
    assert list(items(panel))[:2] == [title, draft_title]


def test_the_consultation_title_is_visually_hidden_in_the_link_names(
    committee_client, consultation_page
):
    panel = panel_of(committee_client.get(HOME))
    link = panel.find("a", href=f"/admin/comite/{consultation_page.pk}/statistiques/")
    hidden = link.find(class_="w-sr-only")
    assert text(hidden) == f"— {consultation_page.title}"
    hidden.extract()
    assert text(link) == "Statistiques"


def test_headings_follow_wagtails_home_page(committee_client, consultation_page):
    soup = BeautifulSoup(committee_client.get(HOME).content.decode(), "html.parser")
    main = soup.find("main")
    levels = [(h.name, text(h)) for h in main.find_all(["h1", "h2", "h3"])]
    panel_at = levels.index(("h2", "Comité"))
    # Wagtail's: the site name (h1), the account summary (h2); then its panels (h2).
    assert [name for name, _ in levels[:panel_at]] == ["h1", "h2"]
    assert levels[panel_at + 1] == ("h3", consultation_page.title)
    assert all(name == "h3" for name, _ in levels[panel_at + 1:])


def test_every_link_opens_for_the_member_and_none_edits(committee_client, consultation_page):
    store(consultation_page, datetime.datetime(2020, 6, 29, 10, 15))
    panel = panel_of(committee_client.get(HOME))
    hrefs = [a["href"] for a in panel.find_all("a") if not a["href"].startswith("#")]
    assert hrefs, "the panel has no link"
    assert all(href.startswith("/admin/comite/") for href in hrefs), hrefs
    assert not [h for h in hrefs if "edit" in h or "/admin/pages/" in h], hrefs
    assert panel.find("form") is None
    for href in hrefs:
        response = committee_client.get(href)
        assert response.status_code == 200, href
    listing = committee_client.get(f"/admin/comite/{consultation_page.pk}/")
    assert "1 réponse" in listing.content.decode()


def test_proposals_awaiting_moderation_are_counted_and_linked(committee_client):
    page = ProposalPage.objects.get()
    assert not Proposal.objects.filter(status=Proposal.Status.SUBMITTED).exists()
    for title in ("Un atelier vélo solidaire", "Une épicerie itinérante"):
        Proposal.objects.create(page=page, title=title, description="…")
    Proposal.objects.create(page=page, title="Déjà publiée", description="…",
                            status=Proposal.Status.PUBLISHED)

    panel = panel_of(committee_client.get(HOME))

    figures, links = items(panel)["Propositions"]
    assert figures == "2 propositions en attente de modération"
    awaiting = panel.find("a", string="2 propositions en attente de modération")
    assert awaiting["href"] == "/admin/comite/propositions/?status=submitted"
    assert links == [("Toutes les propositions", "/admin/comite/propositions/")]
    listed = committee_client.get(awaiting["href"]).content.decode()
    assert "Un atelier vélo solidaire" in listed and "Une épicerie itinérante" in listed
    assert "Déjà publiée" not in listed


def test_no_proposal_awaiting(committee_client):
    Proposal.objects.filter(status=Proposal.Status.SUBMITTED).delete()
    figures, _links = items(panel_of(committee_client.get(HOME)))["Propositions"]
    assert figures == "Aucune proposition en attente de modération."


@pytest.mark.parametrize("groups, flags", [
    (["Rédaction"], {"is_staff": True}),
    (["Modération"], {"is_staff": True}),
])
def test_editors_and_moderators_do_not_see_the_panel(client, make_user, consultation_page,
                                                     groups, flags):
    store(consultation_page, datetime.datetime(2020, 6, 29, 10, 15))
    client.force_login(make_user("staff@example.org", groups=groups, **flags))
    response = client.get(HOME)
    assert panel_of(response) is None
    html = response.content.decode()
    assert "Dernière réponse" not in html
    assert f"/admin/comite/{consultation_page.pk}/" not in html


def test_contact_group_members_see_the_panel_too(client, make_user, consultation_page):
    client.force_login(make_user("coord@example.org",
                                 groups=["Comité Nouvelles solidarités — coordonnées"]))
    assert consultation_page.title in items(panel_of(client.get(HOME)))


def home_queries(client):
    """Number of SQL queries of one GET of the admin home (int), panel shown."""
    with CaptureQueriesContext(connection) as queries:
        assert panel_of(client.get(HOME)) is not None
    return len(queries)


def test_query_count_does_not_grow_with_answers_or_consultations(
    committee_client, consultation_page, make_page
):
    store(consultation_page, datetime.datetime(2020, 6, 29, 10, 15))
    committee_client.get(HOME)  # warm Wagtail's per-process caches (site, settings)
    with_one = home_queries(committee_client)

    store(consultation_page, *[datetime.datetime(2020, 6, 30, 8, minute)
                               for minute in range(19)])
    second = make_page("bilan", [("Votre avis", "singleline", False)])
    store(second, datetime.datetime(2020, 7, 2, 9, 0), datetime.datetime(2020, 7, 3, 9, 0))
    with_twenty = home_queries(committee_client)

    panel = panel_of(committee_client.get(HOME))
    assert items(panel)[consultation_page.title][0].startswith("20 réponses")
    assert items(panel)[second.title][0] == "2 réponses Dernière réponse : 3 juillet 2020 à 09:00"
    assert with_twenty == with_one


def test_the_panel_itself_costs_three_queries(rf, committee_member, consultation_page,
                                              django_assert_num_queries):
    from consultation.committee.dashboard import CommitteePanel

    store(consultation_page, *[datetime.datetime(2020, 6, 30, 8, minute)
                               for minute in range(20)])
    request = rf.get(HOME)
    request.user = committee_member
    assert request.user.has_perm("consultation.view_proposal")  # loads the perm cache
    # Pages, answers grouped by page, proposals awaiting moderation.
    with django_assert_num_queries(3):
        html = CommitteePanel().render_html({"request": request})
    assert "20 réponses" in html
