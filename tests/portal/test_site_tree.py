"""The site tree of DESIGN §3 as the demo content builds it; every live page renders."""

from html import unescape

import pytest
from wagtail.models import Page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, model",
    [("/", "homepage"), ("/carte/", "initiativeindexpage"), ("/consultation/", "consultationpage")],
)
def test_site_tree_urls_and_page_types(client, url, model):
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["page"].specific_class._meta.model_name == model


@pytest.mark.django_db
def test_actions_live_below_the_map_page():
    carte = Page.objects.get(url_path="/accueil/carte/")
    children = carte.get_children().live()
    assert children.count() >= 30
    assert {c.specific_class._meta.model_name for c in children} == {"initiativepage"}


@pytest.mark.django_db
def test_every_live_page_renders_with_its_title(client):
    pages = Page.objects.live().filter(depth__gte=2).specific()
    assert len(pages) >= 33
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, (page.url, response.status_code)
        assert page.title in unescape(response.content.decode()), page.url
