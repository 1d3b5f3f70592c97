"""The page cache's rules (portal.page_cache): what may be stored, its keys, its version,
and what purges it (snippets, reference data, settings of the host)."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from portal import page_cache
from portal.page_cache import STATUS_HEADER


def candidate(**headers):
    response = HttpResponse("<p>page</p>")
    setattr(response, page_cache._CANDIDATE_ATTRIBUTE, 60)
    for name, value in headers.items():
        response[name] = value
    return response


def test_a_marked_anonymous_200_is_storable():
    request = RequestFactory().get("/")
    assert page_cache.storable(request, candidate())


@pytest.mark.parametrize("spoil", [
    "csrf", "cookie", "private", "no-store", "no-cache", "status", "unmarked", "session",
    "post", "nonce",
])
def test_what_is_never_stored(spoil):
    factory = RequestFactory()
    request = factory.post("/") if spoil == "post" else factory.get("/")
    response = candidate()
    if spoil == "csrf":
        request.META["CSRF_COOKIE_USED"] = True
    elif spoil == "nonce":  # what django-csp records when a template reads csp_nonce
        request._csp_nonce = "bm9uY2U="
    elif spoil == "cookie":
        response.set_cookie("ns_reponse_3", "x")
    elif spoil in ("private", "no-store", "no-cache"):
        response["Cache-Control"] = spoil
    elif spoil == "status":
        response.status_code = 404
    elif spoil == "unmarked":
        response = HttpResponse("<p>page</p>")
    elif spoil == "session":
        request.COOKIES["sessionid"] = "abc"
    assert not page_cache.storable(request, response)


def test_a_page_that_uses_a_csp_nonce_is_never_stored(client, home_page, monkeypatch):
    """Through the real middlewares: a cacheable page whose rendering reads
    ``request.csp_nonce`` is served fresh each time (were the policy to carry nonces, a
    stored body would hold a stale one)."""
    from home.models import HomePage

    original = HomePage.get_context

    def with_nonce(self, request, *args, **kwargs):
        context = original(self, request, *args, **kwargs)
        str(request.csp_nonce)
        return context

    monkeypatch.setattr(HomePage, "get_context", with_nonce)
    first, second = client.get("/"), client.get("/")
    assert first.status_code == second.status_code == 200
    assert STATUS_HEADER not in first and STATUS_HEADER not in second


def test_keys_are_bounded_and_ignore_the_order_of_parameters():
    factory = RequestFactory()
    key = page_cache.request_key(factory.get("/carte/?b=2&a=1&a=0"))
    assert key == page_cache.request_key(factory.get("/carte/?a=1&a=0&b=2"))
    assert key != page_cache.request_key(factory.get("/carte/?a=0&a=1&b=2"))
    assert key != page_cache.request_key(factory.get("/carte/?a=1&a=0&b=2",
                                                     HTTP_HOST="autre.example"))
    assert len(key) < 100
    assert page_cache.request_key(factory.get("/carte/?q=" + "x" * 400)) is None
    assert page_cache.normalised_query("b=2&a=1&a=0&c=") == "a=1&a=0&b=2&c="


def test_an_entry_of_another_version_is_never_served():
    """The version travels inside the entry: after a bump, the entry stored under the
    old version is a miss, read in the same round trip as the version."""
    from django.core.cache import cache

    key = page_cache.request_key(RequestFactory().get("/carte/"))
    version = page_cache.current_version()
    cache.set(key, {"version": version, "content": b"x", "headers": [], "stored_at": 0})
    assert page_cache.lookup(key)[1]["content"] == b"x"
    cache.incr(page_cache.VERSION_KEY)
    assert page_cache.lookup(key) == (version + 1, None)
    cache.delete(page_cache.VERSION_KEY)
    new_version, entry = page_cache.lookup(key)
    assert entry is None and new_version not in (version, version + 1)


def test_a_lost_version_comes_back_with_a_new_value():
    from django.core.cache import cache

    first = page_cache.current_version()
    assert page_cache.current_version() == first
    cache.delete(page_cache.VERSION_KEY)
    assert page_cache.current_version() != first


def test_the_version_changes_now_and_again_at_commit(db, django_capture_on_commit_callbacks):
    v0 = page_cache.current_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page_cache.bump_version()
        v1 = page_cache.current_version()
    assert v1 != v0
    assert len(callbacks) == 1
    callbacks[0]()
    assert page_cache.current_version() not in (v0, v1)


def test_a_committee_member_change_shows_on_the_home_page_at_once(client, home_page):
    from home.models import CommitteeMember

    client.get("/")
    assert client.get("/")[STATUS_HEADER] == "hit"
    CommitteeMember.objects.create(organisation="Banque alimentaire des Landes")
    response = client.get("/")
    assert response[STATUS_HEADER] == "miss"
    assert "Banque alimentaire des Landes" in response.content.decode()


def test_a_theme_label_change_shows_on_the_map_at_once(client, home_page):
    from portal.models import Theme

    client.get("/carte/")
    assert client.get("/carte/")[STATUS_HEADER] == "hit"
    Theme.objects.filter(slug="sante").update(label="x")  # no signal: still cached
    assert client.get("/carte/")[STATUS_HEADER] == "hit"
    theme = Theme.objects.get(slug="sante")
    theme.label = "Santé et soins"
    theme.save()
    response = client.get("/carte/")
    assert response[STATUS_HEADER] == "miss"
    assert "Santé et soins" in response.content.decode()


def test_a_new_chapter_shows_on_the_diagnostic_index_at_once(client, home_page):
    from diagnostic.models import DiagnosticChapterPage, DiagnosticIndexPage

    index = DiagnosticIndexPage.objects.get()
    client.get("/diagnostic/")
    assert client.get("/diagnostic/")[STATUS_HEADER] == "hit"
    chapter = DiagnosticChapterPage(title="Chapitre sur la mobilité", live=False)
    index.add_child(instance=chapter)
    chapter.save_revision().publish()
    response = client.get("/diagnostic/")
    assert response[STATUS_HEADER] == "miss"
    assert "Chapitre sur la mobilité" in response.content.decode()


def test_a_failing_cache_is_bypassed(client, home_page, monkeypatch):
    """The page cache's own reads and writes fail (Wagtail's keep working): pages are
    served fresh, never a 500."""

    class Broken:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise ConnectionError("cache down")
            return fail

    monkeypatch.setattr(page_cache, "cache", Broken())
    monkeypatch.setattr("portal.live_counts.cache", Broken())
    for url in ("/diagnostic/", "/carte/"):
        response = client.get(url)
        assert response.status_code == 200 and STATUS_HEADER not in response


def test_deploy_check_warns_about_a_per_process_page_cache(settings):
    from portal.checks import page_cache_check

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [w.id for w in page_cache_check(None)] == ["portal.W010"]
    settings.PORTAL_PAGE_CACHE_ENABLED = False
    assert page_cache_check(None) == []
    settings.PORTAL_PAGE_CACHE_ENABLED = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                                   "LOCATION": "portal_cache"}}
    assert page_cache_check(None) == []


def test_proposals_count_is_kept_and_follows_a_publication(client, home_page):
    """The proposals page (a form: never cached) counts its published proposals once per
    minute, and a newly published proposal shows in the count at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from consultation.models import Proposal, ProposalPage

    page = ProposalPage.objects.get(slug="propositions")

    def shown():
        html = client.get("/propositions/").content.decode()
        return int(html.split(" propositions publiées")[0].rsplit(">", 1)[1])

    before = shown()
    with CaptureQueriesContext(connection) as queries:
        assert shown() == before
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    proposal = Proposal.objects.create(page=page, title="Un repair café à Tartas",
                                       description="Texte.", status="submitted")
    assert shown() == before
    proposal.status = "published"
    proposal.save()
    assert shown() == before + 1


def test_urls_outside_page_serving_never_read_the_page_cache(client, home_page, monkeypatch):
    """The API, the map feed, the sitemap and the admin cost no page-cache read."""
    reads = []
    real_lookup = page_cache.lookup
    # Page keys only: pages rendered there (the admin's login) read their menu links
    # under the same content version (portal.context_processors.menu_links).
    monkeypatch.setattr(page_cache, "lookup", lambda key: (
        key.startswith(page_cache.PAGE_PREFIX) and reads.append(1)) or real_lookup(key))
    for url in ("/api/v2/pages/", "/carte/geojson/", "/sitemap.xml", "/admin/login/"):
        assert client.get(url).status_code == 200, url
    assert reads == []
    client.get("/carte/")
    assert reads


def test_production_database_cache_holds_pages_and_counters_side_by_side():
    """Past MAX_ENTRIES the database cache deletes a third of its rows by key order: the
    production default leaves room for cached pages next to the rate-limit counters."""
    from tests.portal.test_rate_limits import production_setting

    options = "settings.CACHES['default']['OPTIONS']['MAX_ENTRIES']"
    assert production_setting(options) == "20000"
    assert production_setting(options, PORTAL_CACHE_MAX_ENTRIES="500") == "500"
