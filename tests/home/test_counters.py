"""The home page's key figures: counts contributed by the plugins (HOME_COUNTERS),
formatted in French, cached per content version, hidden by staff at will."""

import re
from html import unescape

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from wagtail import hooks

from portal.hooks import HOME_COUNTERS

NBSP = "\u00a0"


def figures(client):
    """``{counter key: (figure, label)}`` as the home page shows them."""
    html = unescape(client.get("/").content.decode())
    return {key: (figure, label) for key, figure, label in re.findall(
        r'data-counter="([^"]+)">\s*<a href="[^"]*"><strong class="home-counter-figure">'
        r'([^<]+)</strong> <span class="home-counter-label">([^<]+)</span>', html)}


@pytest.mark.django_db
def test_counters_show_the_real_counts(client):
    from consultation.models import Proposal
    from initiatives.models import InitiativePage

    actions = InitiativePage.objects.live().public()
    communes = actions.values("commune").distinct().count()
    shown = figures(client)
    assert shown["map_actions"] == (str(actions.count()), "actions solidaires recensées")
    assert shown["communes_with_actions"] == (str(communes), "communes avec une action")
    assert shown["proposals"] == (str(Proposal.objects.published().count()),
                                  "propositions publiées")
    # The demo has no answer yet: a figure at 0 is left out until the first answer.
    from consultation.models import ConsultationSubmission

    assert not ConsultationSubmission.objects.exists()
    assert list(shown) == ["map_actions", "communes_with_actions", "proposals"]


@pytest.mark.django_db
def test_a_counter_at_zero_is_left_out_and_shows_from_one(client):
    def answers(count):
        def counter(request):
            return {"key": "answers", "label": "réponses", "count": count, "url": None}
        return counter

    from home.homepage.counters import home_counters

    request = RequestFactory().get("/")
    with hooks.register_temporarily(HOME_COUNTERS, answers(0)):
        assert "answers" not in [c["key"] for c in home_counters(request)]
    with hooks.register_temporarily(HOME_COUNTERS, answers(1)):
        assert [c["figure"] for c in home_counters(request) if c["key"] == "answers"] == ["1"]


@pytest.mark.django_db
def test_a_publication_changes_the_count_at_once(client):
    from initiatives.models import InitiativeIndexPage, InitiativePage
    from portal.models import Commune

    before = int(figures(client)["map_actions"][0])
    assert client.get("/")["X-Page-Cache"] == "hit"  # the home page itself is cached
    map_page = InitiativeIndexPage.objects.get(slug="carte")
    action = InitiativePage(title="Épicerie solidaire de test", summary="Une épicerie.",
                            actor_type="association",
                            commune=Commune.objects.get(insee_code="40192"), live=False)
    map_page.add_child(instance=action)
    action.save_revision().publish()
    assert figures(client)["map_actions"][0] == str(before + 1)
    action.refresh_from_db()  # publish() worked on a copy: this one still says not live
    action.unpublish()
    assert figures(client)["map_actions"][0] == str(before)


@pytest.mark.django_db
def test_a_count_is_kept_until_the_content_changes(settings):
    """Answers do not purge the page cache: their count is made once per
    PORTAL_LIVE_COUNT_SECONDS and content version, then made again."""
    from consultation.models import ConsultationPage, ConsultationSubmission
    from consultation.wagtail_hooks import answers_counter
    from portal.page_cache import bump_version

    request = RequestFactory().get("/")
    first = answers_counter(request)["count"]
    ConsultationSubmission.objects.create(page=ConsultationPage.objects.get(), form_data={})
    assert answers_counter(request)["count"] == first
    bump_version()
    assert answers_counter(request)["count"] == first + 1


@pytest.mark.django_db
def test_figures_are_written_in_french_and_singular_labels_agree(client):
    def big(request):
        return {"key": "big", "label": "habitants concernés", "count": 1234567, "url": None}

    with hooks.register_temporarily(HOME_COUNTERS, big, order=99):
        html = unescape(client.get("/").content.decode())
    assert (f'<strong class="home-counter-figure">1{NBSP}234{NBSP}567</strong> '
            '<span class="home-counter-label">habitants concernés</span>') in html

    from consultation.wagtail_hooks import proposals_counter
    from consultation.models import Proposal

    Proposal.objects.published().exclude(pk=Proposal.objects.published().first().pk).update(
        status=Proposal.Status.REJECTED)
    cache.clear()  # a bulk update sends no signal: forget the counts made before it
    counter = proposals_counter(RequestFactory().get("/"))
    assert (counter["count"], str(counter["label"])) == (1, "proposition publiée")


@pytest.mark.django_db
def test_staff_can_hide_the_counters(client, home_page):
    assert "La plateforme en chiffres" in unescape(client.get("/").content.decode())
    home_page.show_counters = False
    home_page.save_revision().publish()
    html = unescape(client.get("/").content.decode())
    assert "La plateforme en chiffres" not in html and "home-counter" not in html


@pytest.mark.django_db
def test_a_counter_of_an_unpublished_page_disappears(client):
    from consultation.models import ConsultationPage

    ConsultationPage.objects.get().unpublish()
    assert "questionnaire_answers" not in figures(client)
