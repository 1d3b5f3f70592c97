"""Fixtures of the consultation tests: the demo questionnaire, a small page of our own,
a committee member, and helpers that answer a form as a resident does (GET, read the
one-time token, POST)."""

import re

import pytest

COMMITTEE = "Comité Nouvelles solidarités"
TOKEN_RE = re.compile(r'name="form_token" value="([0-9a-f-]{36})"')


def read_token(response):
    """The hidden one-time token of the rendered form (str)."""
    match = TOKEN_RE.search(response.content.decode())
    assert match, "the rendered form carries no form_token"
    return match.group(1)


def answer(client, page, answers):
    """GET the page, then POST ``answers`` (dict key -> value) with its token.

    Output: (POST response, the data posted)."""
    url = page.url
    response = client.get(url)
    assert response.status_code == 200
    data = {"form_token": read_token(response), **answers}
    return client.post(url, data), data


@pytest.fixture
def consultation_page(db):
    """The demo questionnaire at /consultation/ (created by the DEMO_CONTENT hook)."""
    from consultation.models import ConsultationPage

    return ConsultationPage.objects.get(slug="consultation")


@pytest.fixture
def keys(consultation_page):
    """dict field_type/label -> key of the demo questions, by label."""
    return {f.label: f.clean_name for f in consultation_page.get_form_fields()}


@pytest.fixture
def valid_answers(keys):
    """A complete, valid set of answers to the demo questionnaire (POST data)."""
    return {
        keys["Avez-vous rencontré des difficultés pendant et/ou après le confinement ?"]: "Oui",
        keys["Si oui, dans quel(s) domaine(s) ?"]: ["alimentation", "logement"],
        keys["Avez-vous été aidé(e) ?"]: "Oui",
        keys["Par qui ?"]: ["famille", "caf"],
        keys["Avez-vous des propositions d'actions à engager ?"]:
            "Évreux — aide à l'énergie, cœur de bourg",
        keys["Souhaitez-vous jouer un rôle ?"]: "Non",
        keys["Votre commune"]: "40192",
        keys["Votre tranche d'âge"]: "35-49",
        keys["Votre situation"]: "emploi",
    }


@pytest.fixture
def make_page(home_page):
    """Factory: ``make_page(slug, [(label, field_type, required), ...])`` -> a live
    ConsultationPage under the home page, with a saved revision."""
    from consultation.models import ConsultationPage, FormField

    def factory(slug, questions):
        page = ConsultationPage(
            title=f"Test {slug}", slug=slug,
            form_fields=[
                FormField(label=label, field_type=kind, required=required, sort_order=i,
                          choices="Oui\nNon" if kind == "radio" else "")
                for i, (label, kind, required) in enumerate(questions)
            ],
        )
        home_page.add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
        return page

    return factory


@pytest.fixture
def committee_member(make_user):
    """A committee member: admin access and view_submissions only."""
    return make_user("comite@example.org", groups=[COMMITTEE])


@pytest.fixture
def committee_client(client, committee_member):
    """A test client signed in as the committee member."""
    client.force_login(committee_member)
    return client


def answer_with_queries(page, answers, address):
    """One resident answering ``page`` from ``address``, warm caches: returns
    (GET queries, POST queries, POST response), the queries as CaptureQueriesContext."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(REMOTE_ADDR=address)
    client.get(page.url)  # the first request of a process fills its caches
    with CaptureQueriesContext(connection) as get_queries:
        response = client.get(page.url)
    data = {"form_token": read_token(response), **answers}
    with CaptureQueriesContext(connection) as post_queries:
        posted = client.post(page.url, data)
    return get_queries, post_queries, posted
