"""Routing from the home page to a child page reads the child in one query once its
model is known (Wagtail reads it in two), and is never stale: a child replaced by a
page of another type under the same slug, unpublished, moved or deleted is served (or
not) exactly as by Wagtail's own routing."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from consultation.models import ConsultationPage
from home.models import HomePage
from portal import routing




def get(path):
    """(response, number of queries) of GET ``path``."""
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(path)
    return response, len(queries)


def test_the_child_is_read_in_one_query_once_its_model_is_known(db, home_page):
    get("/consultation/")  # the first request of a process fills its other caches
    routing._child_models.clear()
    unknown, wagtails = get("/consultation/")
    known, ours = get("/consultation/")
    assert unknown.status_code == known.status_code == 200
    assert "form_token" in known.content.decode()
    # Wagtail's: the child by slug, then its specific row; ours: the specific row by slug.
    assert ours == wagtails - 1


def test_a_page_of_another_type_under_the_same_slug_is_served_as_itself(db, home_page):
    routing._child_models.clear()
    assert Client().get("/consultation/").status_code == 200
    ConsultationPage.objects.get(slug="consultation").delete()
    other = HomePage(title="Une autre page", slug="consultation")
    home_page.add_child(instance=other)
    response = Client().get("/consultation/")
    assert response.status_code == 200
    assert "form_token" not in response.content.decode()
    assert "Une autre page" in response.content.decode()


def test_unpublished_moved_or_deleted_children_are_not_served(db, home_page):
    routing._child_models.clear()
    page = ConsultationPage.objects.get(slug="consultation")
    assert Client().get("/consultation/").status_code == 200
    page.unpublish()
    assert Client().get("/consultation/").status_code == 404
    page.save_revision().publish()
    assert Client().get("/consultation/").status_code == 200
    other_parent = HomePage(title="Ailleurs", slug="ailleurs")
    home_page.add_child(instance=other_parent)
    Page.objects.get(pk=page.pk).move(other_parent, pos="last-child")
    moved = Client().get("/consultation/")  # Wagtail's redirect of a moved page
    assert (moved.status_code, moved.get("Location")) == (301, "/ailleurs/consultation/")
    assert Client().get("/ailleurs/consultation/").status_code == 200
    Page.objects.get(pk=page.pk).delete()
    assert Client().get("/ailleurs/consultation/").status_code == 404
    assert "form_token" not in Client().get("/consultation/", follow=True).content.decode()
