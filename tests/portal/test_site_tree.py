"""The site tree as the demo content builds it; every live page renders."""

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


@pytest.mark.django_db
def test_menu_and_titles(client):
    html = unescape(client.get("/").content.decode())
    assert "<title>Les nouvelles solidarités, j'en parle</title>" in html
    assert '<a href="/" aria-current="page">Accueil</a>' in html
    html = unescape(client.get("/carte/").content.decode())
    assert "<title>Carte des solidarités – Les nouvelles solidarités, j'en parle</title>" in html


@pytest.mark.django_db
def test_admin_sends_nothing_to_gravatar(client, make_user):
    user = make_user("comite@example.org", groups=["Comité Nouvelles solidarités"])
    client.force_login(user)
    html = client.get("/admin/").content.decode()
    assert "gravatar" not in html


@pytest.mark.django_db
def test_commune_choices_sorted_the_french_way():
    from portal.communes import commune_choices

    labels = [label for _, label in commune_choices()]
    assert len(labels) == 327
    assert labels.index("Bégaar (40031)") < labels.index("Belhade (40032)") < labels.index("Buanes (40057)")
    assert labels.index("Léon (40150)") < labels.index("Lesgor (40151)")


@pytest.mark.django_db
def test_unknown_page_answers_a_french_404(client):
    response = client.get("/nexiste-pas/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()
