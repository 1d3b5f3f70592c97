"""Wagtail's view restrictions still guard the questionnaire, read in one query: a
restriction on the page, on an ancestor, or on the source of an alias keeps the form
away (the password form instead, nothing stored), and the questionnaire's GET and POST
each cost one query fewer than with Wagtail's two-query check."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from consultation.models import ConsultationSubmission
from tests.consultation.conftest import answer_with_queries, read_token


def wagtails_restrictions(page):
    """Ids (set) of the restrictions Wagtail's own method finds for ``page``."""
    return set(Page.get_view_restrictions(page).values_list("pk", flat=True))


def ours(page):
    """Ids (set) of the restrictions the questionnaire page finds, and its query count."""
    with CaptureQueriesContext(connection) as queries:
        found = {restriction.pk for restriction in page.get_view_restrictions()}
    return found, len(queries)


def password_restriction(page):
    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret")


def test_same_restrictions_as_wagtail_in_one_query(consultation_page, home_page):
    assert ours(consultation_page) == (set(), 1)
    on_home = password_restriction(home_page)
    assert ours(consultation_page) == ({on_home.pk}, 1) 
    on_page = password_restriction(consultation_page)
    assert ours(consultation_page) == ({on_home.pk, on_page.pk}, 1)
    assert ours(consultation_page)[0] == wagtails_restrictions(consultation_page)


def test_an_alias_has_its_sources_restrictions(consultation_page, home_page):
    alias = consultation_page.create_alias(update_slug="consultation-alias").specific
    assert ours(alias) == (set(), 1)
    on_source = password_restriction(consultation_page)
    alias_of_alias = alias.create_alias(update_slug="consultation-alias-2").specific
    for page in (alias, alias_of_alias):
        assert ours(page) == ({on_source.pk}, 1)
        assert ours(page)[0] == wagtails_restrictions(page)
    response = Client().get(alias.url)
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()
    assert "form_token" not in response.content.decode()


def test_a_restricted_ancestor_keeps_the_form_away_and_stores_nothing(
        consultation_page, home_page, valid_answers):
    client = Client()
    token = read_token(client.get(consultation_page.url))
    password_restriction(home_page)
    response = client.get(consultation_page.url)
    assert 'name="password"' in response.content.decode()
    assert "form_token" not in response.content.decode()
    posted = client.post(consultation_page.url, {"form_token": token, **valid_answers})
    assert posted.status_code == 200
    assert 'name="password"' in posted.content.decode()
    assert ConsultationSubmission.objects.count() == 0


def test_get_and_post_cost_one_query_fewer(consultation_page, valid_answers):
    get_queries, post_queries, posted = answer_with_queries(
        consultation_page, valid_answers, "192.0.2.40")
    assert posted.status_code == 302
    restriction_reads = [q["sql"] for q in post_queries.captured_queries
                         if "wagtailcore_pageviewrestriction" in q["sql"]
                         or '"alias_of_id" FROM "wagtailcore_page"' in q["sql"]]
    assert len(restriction_reads) == 1, restriction_reads
    if connection.vendor == "postgresql":
        # Site, routing (3, or 2 once the home page knows the child's model), view
        # restrictions (1), the kept form (1) on both; the menu (2) on GET; BEGIN,
        # token, submission, answer keys (the first answer), COMMIT on POST.
        assert len(get_queries) <= 8 and len(post_queries) <= 11
