"""One public address for every absolute link: ``PORTAL_BASE_URL``.

E-mails to the submitter, Wagtail's notifications to moderators, the API's
``detail_url`` and ``html_url``, the sitemap and the map's GeoJSON feed all start with
it; the default Site follows it (post_migrate, portal.base_url).
"""

import re

import pytest
from django.core import mail

from tests.initiatives.test_moderation import (  # noqa: F401  (fixture)
    MODERATOR,
    moderator,
    workflow_action,
)
from tests.initiatives.test_public_submission import (
    ADD_URL,
    clear_cache,  # noqa: F401  (autouse fixture: an empty cache for each test)
    valid_data,
)

BASE = "https://solidarites.example.fr"
URL = re.compile(r"https?://[^\s\"'<>]+")


@pytest.fixture
def public_address(settings, db):
    """``PORTAL_BASE_URL`` (and the settings read from it) set to :data:`BASE`, the
    default Site synced as after a ``migrate``."""
    from portal.base_url import sync_site_after_migrate

    settings.PORTAL_BASE_URL = settings.WAGTAILADMIN_BASE_URL = BASE
    settings.WAGTAILAPI_BASE_URL = BASE
    sync_site_after_migrate(sender=None)
    return BASE


def assert_all_links_start_with_base(text):
    links = URL.findall(text)
    assert links, text
    for link in links:
        assert link.startswith(BASE + "/"), link


def test_the_test_database_site_follows_the_test_address(db):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("testserver", 80)


def test_the_default_site_takes_the_address_host_and_port(public_address):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("solidarites.example.fr", 443)
    assert site.root_url == BASE


def test_every_e_mail_link_starts_with_the_address(
    client, public_address, map_page, moderator, django_capture_on_commit_callbacks
):
    from initiatives.models import InitiativePage

    data = valid_data()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(ADD_URL, data).status_code == 302
    confirm = mail.outbox[-1]
    assert_all_links_start_with_base(confirm.body)
    link = re.search(re.escape(BASE) + r"(/carte/mon-action/[\w-]+/)", confirm.body).group(1)

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
    to_moderator = [m for m in mail.outbox if m.to == [MODERATOR]]
    assert to_moderator
    for message in to_moderator:
        assert_all_links_start_with_base(message.body)

    mail.outbox.clear()
    page = InitiativePage.objects.get(title=data["title"])
    workflow_action(client, moderator, page, "approve", django_capture_on_commit_callbacks)
    approved = [m for m in mail.outbox if m.to == [data["email"]]]
    assert len(approved) == 1
    assert_all_links_start_with_base(approved[0].body)
    assert f"{BASE}/carte/{page.slug}/" in approved[0].body


def test_api_urls_start_with_the_address(client, public_address):
    items = client.get("/api/v2/pages/", {"type": "initiatives.InitiativePage"}).json()["items"]
    assert items
    for item in items:
        assert item["meta"]["detail_url"].startswith(BASE + "/api/v2/pages/")
        assert item["meta"]["html_url"].startswith(BASE + "/carte/")
    index = client.get("/api/v2/").json()["endpoints"]
    assert all(e["url"].startswith(BASE + "/api/v2/") for e in index)


def test_sitemap_locations_start_with_the_address(client, public_address):
    body = client.get("/sitemap.xml").text
    locations = re.findall(r"<loc>([^<]+)</loc>", body)
    assert locations
    assert all(location.startswith(BASE + "/") for location in locations), locations


def test_geojson_feature_urls_are_absolute_on_the_address(client, public_address):
    features = client.get("/carte/geojson/").json()["features"]
    assert features
    for feature in features:
        assert feature["properties"]["url"].startswith(BASE + "/carte/")
