"""API v2 listings of actions cost a fixed number of queries, whatever the page size.

Each item's commune, themes, tags and locale used to cost a query of its own (68 queries
for 20 actions): the pages endpoint now joins or prefetches what the API fields read.
The values must stay those of the pages themselves.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

TYPE = "initiatives.InitiativePage"


def count_queries(client, params):
    """``(items, number of queries)`` of one listing request (after a warm-up one, so
    that Wagtail's per-process caches, e.g. content types, are not counted)."""
    client.get("/api/v2/pages/", params)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/api/v2/pages/", params)
    assert response.status_code == 200, response.content
    return response.json()["items"], len(ctx.captured_queries)


@pytest.mark.parametrize("extra, full", [
    ({}, True),
    ({"fields": "*"}, True),
    ({"fields": "commune_insee,themes,tags,location"}, True),
    ({"fields": "-title,tags"}, True),
    ({"search": "aide", "fields": "*"}, False),
    ({"theme": "alimentation", "fields": "*"}, False),
], ids=["default-fields", "all-fields", "related-fields", "some-fields", "search",
        "filtered"])
def test_one_action_and_twenty_cost_the_same_number_of_queries(client, extra, full):
    params = {"type": TYPE, **extra}
    one, one_count = count_queries(client, {**params, "limit": 1})
    many, many_count = count_queries(client, {**params, "limit": 20})
    assert len(one) == 1
    # A search or a filter matches fewer than 20 demo actions, but several.
    assert len(many) == 20 if full else len(many) > 1
    assert many_count == one_count, (one_count, many_count)


def test_pages_of_any_type_cost_the_same_for_1_and_20_items(client):
    _one, one_count = count_queries(client, {"fields": "*", "limit": 1})
    many, many_count = count_queries(client, {"fields": "*", "limit": 20})
    assert len(many) == 20
    assert many_count == one_count, (one_count, many_count)


def test_detail_view_shows_the_same_values(client):
    items, _count = count_queries(client, {"type": TYPE, "fields": "*", "limit": 3})
    for item in items:
        detail = client.get(f"/api/v2/pages/{item['id']}/").json()
        for name in ("commune_insee", "themes", "tags", "location"):
            assert detail[name] == item[name]


def test_related_values_are_each_page_own(client):
    from initiatives.models import InitiativePage

    items, _count = count_queries(client, {"type": TYPE, "fields": "*", "limit": 20})
    assert len(items) == 20
    for item in items:
        page = InitiativePage.objects.get(pk=item["id"])
        assert item["commune_insee"] == page.commune.insee_code
        assert item["themes"] == sorted(theme.slug for theme in page.themes.all())
        assert item["tags"] == sorted(tag.name for tag in page.tags.all())
        assert item["meta"]["locale"] == page.locale.language_code == "fr"
    # The demo content gives actions several themes and tags: the check means something.
    assert any(len(item["themes"]) > 1 for item in items)
    assert any(item["tags"] for item in items)
