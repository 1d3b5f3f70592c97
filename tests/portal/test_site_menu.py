"""The main menu: built from the page tree once per content version and host, fresh after
every change of the pages it lists."""

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from portal.context_processors import menu_links, portal


def menu_of(client, path="/consultation/"):
    """The menu (list of (title, url, active)) of a page that is never page-cached."""
    response = client.get(path)
    assert response.status_code == 200
    return [(item["title"], item["url"], item["active"]) for item in response.context["site_menu"]]


def test_the_menu_lists_home_then_the_live_children_in_menus(client, home_page):
    menu = menu_of(client)
    assert menu[0] == ("Accueil", "/", False)
    expected = [(child.title, child.url) for child in
                home_page.get_children().live().public().in_menu()]
    assert [(title, url) for title, url, _active in menu[1:]] == expected
    assert ("/consultation/" in [url for _t, url, active in menu if active])


def test_the_second_build_reads_no_database(home_page):
    request = RequestFactory().get("/consultation/")
    first = portal(request)["site_menu"]
    with CaptureQueriesContext(connection) as queries:
        second = portal(RequestFactory().get("/consultation/"))["site_menu"]
    assert second == first
    assert len(queries) == 0


def test_a_page_added_to_the_menu_shows_at_once_and_goes_when_unpublished(client, home_page):
    from wagtail.models import Page

    assert "Agenda du comité" not in [title for title, _u, _a in menu_of(client)]
    page = Page(title="Agenda du comité", slug="agenda-du-comite", show_in_menus=True)
    home_page.add_child(instance=page)
    page.save_revision().publish()
    assert ("Agenda du comité", "/agenda-du-comite/", False) in menu_of(client)
    page.unpublish()
    assert "Agenda du comité" not in [title for title, _u, _a in menu_of(client)]


def test_a_renamed_page_shows_its_new_title(client, home_page):
    child = home_page.get_children().live().in_menu().first().specific
    menu_of(client)
    child.title = "Nouveau titre du menu"
    child.save_revision().publish()
    assert "Nouveau titre du menu" in [title for title, _u, _a in menu_of(client)]


def test_each_host_gets_its_own_menu(home_page):
    """A host that no Site matches falls back to the default site, yet is kept apart."""
    from wagtail.models import Page, Site

    other_root = Page(title="Autre site", slug="autre-site")
    Page.get_first_root_node().add_child(instance=other_root)
    Site.objects.create(hostname="autre.example", root_page=other_root, site_name="Autre")
    default = menu_links(RequestFactory().get("/"))
    other = menu_links(RequestFactory().get("/", HTTP_HOST="autre.example"))
    assert default[0] == "/" and default[1]
    assert other == ("/", [])


def test_a_failing_cache_still_gives_the_menu(home_page, monkeypatch):
    from portal import page_cache

    expected = menu_links(RequestFactory().get("/"))

    def broken(key):
        raise ConnectionError("cache down")

    monkeypatch.setattr(page_cache, "lookup", broken)
    assert menu_links(RequestFactory().get("/")) == expected


def test_pages_that_show_no_menu_never_build_it(admin_client, monkeypatch):
    """The admin's pages do not print the public menu: it is never built for them."""
    from portal import context_processors

    built = []
    monkeypatch.setattr(context_processors, "menu_links",
                        lambda request: built.append(request.path) or (None, []))
    assert admin_client.get("/admin/").status_code == 200
    assert built == []


def test_a_refused_host_gets_the_400_page_with_its_menu_and_fills_no_cache(
        client, home_page, settings):
    """A Host header that ALLOWED_HOSTS refuses answers Django's 400 (the French page, its
    menu built as Wagtail finds the site), never a 500, and stores no menu entry."""
    from django.core.cache import cache

    from portal.context_processors import MENU_PREFIX

    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    for host in ("evil.example", "203.0.113.7"):
        response = client.get("/", HTTP_HOST=host)
        assert response.status_code == 400, host
        page = response.content.decode()
        assert "Demande refusée" in page
        assert 'href="/consultation/"' in page
    backend = cache._cache if hasattr(cache, "_cache") else None
    if isinstance(backend, dict):  # the per-process memory cache of the tests
        assert not [key for key in backend if MENU_PREFIX in key]
