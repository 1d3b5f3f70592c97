"""The page cache on the map, its list, the action pages and the home page: served from
the cache to anonymous visitors, fresh at once after a publication, never for forms,
private links, signed-in staff or restricted pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from portal.page_cache import STATUS_HEADER

CACHED_URLS = ["/", "/carte/", "/carte/?page=2", "/carte/?theme=sante",
               "/diagnostic/"]


def get_twice(client, url):
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    return first, second, len(queries)


@pytest.mark.parametrize("url", CACHED_URLS)
def test_second_anonymous_view_comes_from_the_cache_without_a_query(client, map_page, url):
    first, second, queries = get_twice(client, url)
    assert first.status_code == second.status_code == 200
    assert first[STATUS_HEADER] == "miss"
    assert second[STATUS_HEADER] == "hit"
    assert queries == 0
    assert second.content == first.content
    assert int(second["Age"]) >= 0
    # One copy for every visitor in a shared cache (the HTML is the same for all).
    assert "cookie" not in second.get("Vary", "").lower()
    # The security headers are written on every answer, the cached ones included.
    assert "script-src 'self'" in second["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "DENY"


def test_action_and_chapter_pages_are_cached(client, map_page):
    from diagnostic.models import DiagnosticChapterPage
    from initiatives.models import InitiativePage

    for page in (InitiativePage.objects.live().first(),
                 DiagnosticChapterPage.objects.live().first()):
        first, second, queries = get_twice(client, page.url)
        assert (first[STATUS_HEADER], second[STATUS_HEADER], queries) == ("miss", "hit", 0)


def test_publish_and_unpublish_make_map_list_home_and_action_fresh_at_once(
        client, map_page, make_action, django_capture_on_commit_callbacks):
    action = make_action(map_page, "Épicerie solidaire éphémère de Sabres")
    urls = ["/", "/carte/", "/carte/?theme=sante", "/carte/?page=1", action.url]
    for url in urls:
        get_twice(client, url)
    assert client.get(action.url)[STATUS_HEADER] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        action.title = "Épicerie solidaire de Sabres, nouveau nom"
        action.save_revision().publish()
    for url in ["/carte/", "/carte/?theme=sante", action.url]:
        response = client.get(url)
        assert response[STATUS_HEADER] == "miss", url
        assert "Épicerie solidaire de Sabres, nouveau nom" in response.content.decode()
    assert client.get("/")[STATUS_HEADER] == "miss"

    with django_capture_on_commit_callbacks(execute=True):
        action.unpublish()
    html = client.get("/carte/").content.decode()
    assert "Sabres, nouveau nom" not in html
    assert client.get(action.url).status_code == 404


def test_the_count_of_actions_follows_a_publication(client, map_page, make_action):
    def count(html):
        return html.split('id="nombre-actions">')[1].split(" ")[0]

    before = int(count(client.get("/carte/").content.decode()))
    make_action(map_page, "Jardin partagé de Mimizan")
    assert int(count(client.get("/carte/").content.decode())) == before + 1


def test_live_count_is_not_counted_again_on_a_fresh_view(client, map_page, settings):
    """A view the page cache does not keep (free text search) counts once per minute."""
    client.get("/carte/?q=alimentaire")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/carte/?q=alimentaire")
    assert STATUS_HEADER not in response
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]


def test_a_signed_in_editor_never_gets_nor_fills_the_cache(client, map_page, make_user):
    editor = make_user("redaction@example.org", groups=["Rédaction"], is_staff=True)
    client.force_login(editor)
    for _ in range(2):
        response = client.get("/carte/")
        assert response.status_code == 200 and STATUS_HEADER not in response
    client.logout()
    # Nothing was stored by the editor's views: the first anonymous view is a miss.
    client.cookies.clear()
    assert client.get("/carte/")[STATUS_HEADER] == "miss"
    # And a cached page is never served to a request that carries a session.
    assert client.get("/carte/")[STATUS_HEADER] == "hit"
    client.force_login(editor)
    assert STATUS_HEADER not in client.get("/carte/")


@pytest.mark.parametrize("url", ["/carte/ajouter/", "/consultation/", "/propositions/"])
def test_pages_with_a_one_time_form_are_never_cached(client, map_page, url):
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert STATUS_HEADER not in response
    assert 'name="form_token"' in response.content.decode()


@pytest.mark.parametrize("route", ["", "modifier/", "retirer/"])
def test_a_private_link_is_never_cached(client, map_page, make_action, route):
    from django.utils import timezone

    from initiatives.submitters import InitiativeSubmitter, new_token

    action = make_action(map_page, "Action avec lien privé", publish=False)
    token, token_hash = new_token()
    InitiativeSubmitter.objects.create(page=action, email="a@example.org", token_hash=token_hash,
                                       privacy_notice_version="1", confirmed_at=timezone.now())
    url = f"/carte/mon-action/{token}/{route}"
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert STATUS_HEADER not in response
    assert "Action avec lien privé" in response.content.decode()


def test_a_private_link_with_an_unknown_token_is_never_cached(client, map_page):
    for _ in range(2):
        response = client.get("/carte/mon-action/inconnu/")
        assert response.status_code == 404 and STATUS_HEADER not in response


@pytest.mark.parametrize("restriction_type", [
    PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN, PageViewRestriction.GROUPS])
def test_a_restricted_page_is_never_cached(client, map_page, restriction_type):
    from initiatives.models import InitiativePage

    action = InitiativePage.objects.live().first()
    url = action.url
    assert client.get(url)[STATUS_HEADER] == "miss"
    PageViewRestriction.objects.create(page=action, restriction_type=restriction_type,
                                       password="secret-word")
    for _ in range(2):
        response = client.get(url)
        assert STATUS_HEADER not in response
        assert action.title not in response.content.decode()


def test_a_password_restricted_map_is_not_cached_after_the_password(client, map_page):
    """Once the password is given, the visitor carries a session: served fresh, and the
    page is never stored for anyone."""
    restriction = PageViewRestriction.objects.create(
        page=map_page, restriction_type=PageViewRestriction.PASSWORD, password="secret-word")
    response = client.post(f"/_util/authenticate_with_password/{restriction.pk}/{map_page.pk}/",
                           {"password": "secret-word", "return_url": "/carte/"})
    assert response.status_code == 302
    for _ in range(2):
        response = client.get("/carte/")
        assert response.status_code == 200 and STATUS_HEADER not in response
    client.cookies.clear()
    assert STATUS_HEADER not in client.get("/carte/")


def test_query_variants_are_cached_apart_and_junk_is_never_stored(client, map_page):
    sante = client.get("/carte/?theme=sante")
    logement = client.get("/carte/?theme=logement")
    assert sante[STATUS_HEADER] == logement[STATUS_HEADER] == "miss"
    assert sante.content != logement.content
    # The order of parameters does not make another variant.
    assert client.get("/carte/?theme=sante&page=1")[STATUS_HEADER] == "miss"
    assert client.get("/carte/?page=1&theme=sante")[STATUS_HEADER] == "hit"
    # Unknown parameters, free text, invalid filters and huge query strings: served
    # fresh, never stored.
    for url in ["/carte/?utm_source=x", "/carte/?q=epicerie", "/carte/?commune=zzz",
                "/carte/?theme=" + "a" * 400, "/?x=1"]:
        for _ in range(2):
            response = client.get(url)
            assert response.status_code == 200, url
            assert STATUS_HEADER not in response, url


def test_submission_routes_and_feed_are_not_stored(client, map_page):
    for url in ["/carte/ajouter/merci/", "/carte/geojson/"]:
        for _ in range(2):
            assert STATUS_HEADER not in client.get(url), url


def test_head_is_served_from_the_cache(client, map_page):
    client.get("/carte/")
    response = client.head("/carte/")
    assert response.status_code == 200 and response[STATUS_HEADER] == "hit"


def test_post_is_never_served_from_the_cache(client, map_page):
    client.get("/carte/ajouter/")
    client.get("/carte/")
    response = client.post("/carte/", {})
    assert STATUS_HEADER not in response


def test_the_cache_can_be_switched_off(client, map_page, settings):
    settings.PORTAL_PAGE_CACHE_ENABLED = False
    for _ in range(2):
        assert STATUS_HEADER not in client.get("/carte/")


def test_cache_control_for_browsers_is_a_setting(client, map_page, settings):
    assert "public" not in client.get("/carte/").get("Cache-Control", "")
    settings.PORTAL_PAGE_CACHE_MAX_AGE = 30
    client.get("/diagnostic/")
    response = client.get("/diagnostic/")
    assert response[STATUS_HEADER] == "hit"
    assert "public" in response["Cache-Control"] and "max-age=30" in response["Cache-Control"]
