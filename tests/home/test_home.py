"""Home page and the demo content command."""

from html import unescape

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from home.models import CommitteeMember, HomePage


@pytest.mark.django_db
def test_home_is_the_site_root_and_renders(client):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    response = client.get("/")
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "Les nouvelles solidarités, j'en parle" in html
    assert "Croix-Rouge française" in html
    assert "Aller au contenu" in html  # French catalogue compiled and found
    assert '<html lang="fr">' in html


@pytest.mark.django_db
def test_demo_content_twice_gives_the_same_pages():
    before = Page.objects.count()
    members = CommitteeMember.objects.count()
    call_command("load_demo_content", verbosity=0)
    assert Page.objects.count() == before
    assert CommitteeMember.objects.count() == members
    assert HomePage.objects.count() == 1
    # Wagtail's initial "Welcome" page was replaced.
    assert not Page.objects.filter(depth=2).exclude(content_type__model="homepage").exists()
