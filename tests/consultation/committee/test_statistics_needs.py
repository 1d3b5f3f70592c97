"""The committee's "besoins / actions" view: residents reporting a difficulty per EPCI and
domain next to the live map actions of that domain, contributed by the initiatives
plugin through a hook (consultation never imports it), and still working without it."""

import re

import pytest
from wagtail import hooks

from consultation.models import ConsultationSubmission
from portal.hooks import ACTIONS_PER_EPCI_AND_THEME
from tests.initiatives.conftest import make_action, map_page  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

DOMAINS = "Si oui, dans quel(s) domaine(s) ?"
MDM = "Mont de Marsan Agglomération"
DAX = "Communauté d'agglomération du Grand Dax"


@pytest.fixture
def needs(consultation_page, keys):
    """Mont-de-Marsan: 6 residents name alimentation, 5 logement, 2 sante; Dax: 1 names
    sante. (Had the Dax resident named alimentation, the Mont-de-Marsan 6 would be hidden:
    the total of the column, 7, would give the Dax "1" back.)"""
    from portal.models import Commune

    mdm = Commune.objects.get(insee_code="40192")
    dax = Commune.objects.get(insee_code="40088")
    for i in range(6):
        chosen = ["alimentation"] + (["logement"] if i < 5 else []) + (["sante"] if i >= 4 else [])
        ConsultationSubmission.objects.create(
            page=consultation_page, commune=mdm, form_data={keys[DOMAINS]: chosen})
    ConsultationSubmission.objects.create(
        page=consultation_page, commune=dax, form_data={keys[DOMAINS]: ["sante"]})


@pytest.fixture
def actions(map_page, make_action):  # noqa: F811
    """Beyond the demo actions: 2 live alimentation actions in Mont-de-Marsan (one also
    logement), 1 unpublished one, 1 live sante action in Dax."""
    from initiatives.models import InitiativePage

    before = {
        pair: count for pair, count in _demo_counts(InitiativePage).items()
    }
    make_action(map_page, "Épicerie solidaire test", themes=("alimentation",))
    make_action(map_page, "Colis et logement test", themes=("alimentation", "logement"))
    make_action(map_page, "Brouillon test", themes=("alimentation",), publish=False)
    make_action(map_page, "Santé Dax test", insee="40088", themes=("sante",))
    return before


def _demo_counts(model):
    """Live actions per (SIREN, slug), counted in Python, for the expected values."""
    counts = {}
    for page in model.objects.live().public().select_related("commune__epci"):
        if page.commune.epci is None:
            continue
        for slug in page.themes.values_list("slug", flat=True):
            key = (page.commune.epci.siren, slug)
            counts[key] = counts.get(key, 0) + 1
    return counts


def group(html, name):
    from django.utils.html import escape

    start = html.index(f">{escape(name)}</h2>")
    part = html[start: html.index("</section>", start)]
    rows = {}
    for tr in re.findall(r"<tr>(.*?)</tr>", part, re.S)[1:]:
        cells = [re.sub(r"<[^>]+>", "", c).replace("&lt;", "<").strip()
                 for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)]
        rows[cells[0]] = cells[1:]
    return part, rows


def url(page, suffix="besoins-actions/"):
    return f"/admin/comite/{page.pk}/statistiques/{suffix}"


def test_hook_counts_live_actions_per_epci_and_theme(actions):
    from initiatives.models import InitiativePage
    from portal.models import Commune

    results = [fn() for fn in hooks.get_hooks(ACTIONS_PER_EPCI_AND_THEME)]
    assert len(results) == 1
    counts = results[0]
    assert counts == _demo_counts(InitiativePage)
    mdm = Commune.objects.get(insee_code="40192").epci.siren
    dax = Commune.objects.get(insee_code="40088").epci.siren
    assert counts[(mdm, "alimentation")] == actions.get((mdm, "alimentation"), 0) + 2
    assert counts[(mdm, "logement")] == actions.get((mdm, "logement"), 0) + 1
    assert counts[(dax, "sante")] == actions.get((dax, "sante"), 0) + 1


def test_needs_next_to_actions(committee_client, consultation_page, needs, actions):
    from portal.models import Commune

    mdm = Commune.objects.get(insee_code="40192").epci.siren
    dax = Commune.objects.get(insee_code="40088").epci.siren
    response = committee_client.get(url(consultation_page))
    assert response.status_code == 200
    html = response.content.decode()
    part, rows = group(html, MDM)
    assert rows["Alimentation"] == ["6", str(actions.get((mdm, "alimentation"), 0) + 2)]
    assert rows["Logement"] == ["5", str(actions.get((mdm, "logement"), 0) + 1)]
    assert rows["Santé"][0] == "< 5"
    # 7 residents in all, Dax's one is "< 5": Mont-de-Marsan's 6 would give it back.
    assert "au moins une difficulté : masqué" in part
    _part, rows = group(html, DAX)
    assert rows["Alimentation"][0] == "0"
    assert rows["Santé"] == ["< 5", str(actions.get((dax, "sante"), 0) + 1)]
    assert "la carte des solidarités n’est pas installée" not in html


def test_needs_csv(committee_client, consultation_page, needs, actions):
    from portal.models import Commune

    from .test_statistics import read_csv

    mdm = Commune.objects.get(insee_code="40192").epci.siren
    rows = read_csv(committee_client.get(url(consultation_page, "besoins-actions.csv")))
    assert rows[0] == ["EPCI", "SIREN", "Domaine", "Habitants signalant une difficulté",
                       "Actions publiées"]
    table = {(r[0], r[2]): r[3:] for r in rows[1:]}
    assert table[(MDM, "Alimentation")] == ["6", str(actions.get((mdm, "alimentation"), 0) + 2)]
    assert table[(MDM, "Santé")][0] == "< 5"
    assert table[(DAX, "Santé")][0] == "< 5"
    assert not any(r[3] in {"1", "2", "3", "4"} for r in rows[1:])


def test_needs_filters_are_honoured(committee_client, consultation_page, needs):
    html = committee_client.get(url(consultation_page) + "?commune=40088").content.decode()
    assert "1 réponse dans la sélection" in html
    _part, rows = group(html, MDM)
    assert rows["Alimentation"][0] == "0"


@pytest.mark.parametrize("answer", ["no hook", "None"])
def test_view_works_when_no_plugin_gives_actions(
    committee_client, consultation_page, needs, monkeypatch, answer
):
    real = hooks.get_hooks

    def get_hooks(name):
        if name != ACTIONS_PER_EPCI_AND_THEME:
            return real(name)
        return [] if answer == "no hook" else [lambda: None]

    monkeypatch.setattr(hooks, "get_hooks", get_hooks)
    response = committee_client.get(url(consultation_page))
    assert response.status_code == 200
    html = response.content.decode()
    assert "la carte des solidarités n’est pas installée sur ce site" in html
    _part, rows = group(html, MDM)
    assert rows["Alimentation"] == ["6", "—"]
    rows = committee_client.get(url(consultation_page, "besoins-actions.csv")).content
    assert "—".encode() in rows


def test_statistics_page_links_to_needs(committee_client, consultation_page):
    html = committee_client.get(url(consultation_page, "") + "?commune=40192").content.decode()
    assert f"/admin/comite/{consultation_page.pk}/statistiques/besoins-actions/?commune=40192" in html
