"""Page addresses are ASCII: new slugs (WAGTAIL_ALLOW_UNICODE_SLUGS = False, demo
content) and existing pages, re-slugged by portal/migrations/0005_ascii_page_slugs.py
with a redirect from their old address."""

import importlib

import pytest
from django.apps import apps

pytestmark = pytest.mark.django_db

migration = importlib.import_module("portal.migrations.0005_ascii_page_slugs")


class SchemaEditor:
    """The part of a schema editor a RunPython function reads."""

    def __init__(self):
        from django.db import connection

        self.connection = connection


def test_the_demo_chapter_is_served_at_an_ascii_address(client):
    response = client.get("/diagnostic/solidarites-recensees/")
    assert response.status_code == 200
    assert "Solidarités recensées" in response.text


def test_new_pages_get_ascii_slugs_from_accented_titles(home_page):
    from diagnostic.models import DiagnosticChapterPage

    index = home_page.get_children().get(slug="diagnostic")
    chapter = DiagnosticChapterPage(title="Santé et accès aux soins", summary="Résumé")
    index.add_child(instance=chapter)
    assert chapter.slug == "sante-et-acces-aux-soins"
    assert chapter.url == "/diagnostic/sante-et-acces-aux-soins/"


@pytest.fixture
def unicode_pages(home_page, settings):
    """A chapter with a Unicode slug (as before the setting) and a child below it, next
    to a sibling that already uses the transliterated slug: (index, chapter, child)."""
    from diagnostic.models import DiagnosticChapterPage

    settings.WAGTAIL_ALLOW_UNICODE_SLUGS = True
    index = home_page.get_children().get(slug="diagnostic").specific
    sibling = DiagnosticChapterPage(title="Déjà pris", slug="emploi-et-revenus",
                                    summary="Résumé")
    index.add_child(instance=sibling)
    chapter = DiagnosticChapterPage(title="Emploi et revenus", slug="émploi-et-révenus",
                                    summary="Résumé")
    index.add_child(instance=chapter)
    chapter.save_revision().publish()
    child = DiagnosticChapterPage(title="Détail", slug="détail", summary="Résumé")
    chapter.add_child(instance=child)
    child.save_revision().publish()
    settings.WAGTAIL_ALLOW_UNICODE_SLUGS = False
    return index, chapter, child


def test_migration_reslugs_unique_among_siblings_with_descendants(client, unicode_pages):
    index, chapter, child = unicode_pages
    old_chapter_url, old_child_url = chapter.url, child.url
    assert old_chapter_url == "/diagnostic/%C3%A9mploi-et-r%C3%A9venus/"

    migration.reslug_non_ascii_pages(apps, SchemaEditor())

    chapter.refresh_from_db()
    child.refresh_from_db()
    assert chapter.slug == "emploi-et-revenus-2"  # the sibling keeps emploi-et-revenus
    assert child.slug == "detail"
    assert chapter.url_path == index.url_path + "emploi-et-revenus-2/"
    assert child.url_path == chapter.url_path + "detail/"
    assert client.get("/diagnostic/emploi-et-revenus-2/detail/").status_code == 200
    assert chapter.get_latest_revision().content["slug"] == "emploi-et-revenus-2"

    # The old addresses lead to the new ones (permanent redirects).
    for old, new in [(old_chapter_url, chapter.url), (old_child_url, child.url)]:
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == new


def test_migration_leaves_ascii_pages_alone(home_page):
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.models import Page

    before = dict(Page.objects.values_list("pk", "url_path"))
    migration.reslug_non_ascii_pages(apps, SchemaEditor())
    assert dict(Page.objects.values_list("pk", "url_path")) == before
    assert not Redirect.objects.exists()


@pytest.mark.parametrize("slug, expected", [
    ("précarité-et-pauvreté", "precarite-et-pauvrete"),
    ("œuvres-sociales", "oeuvres-sociales"),
    ("中文", "zhongwen"),
    ("★", "page"),
])
def test_slugs_are_transliterated(slug, expected):
    assert migration.ascii_slug(slug) == expected
