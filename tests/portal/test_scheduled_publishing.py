"""Scheduled publishing: a page whose ``go_live_at`` lies in the future is not online
before that date, and ``manage.py publish_scheduled`` (run from cron every few minutes)
puts it online once the date has passed.

Code that creates pages (demo content, imports) publishes them through a revision
(``page.save_revision().publish()``): Wagtail's publish action then leaves a new page
with a future ``go_live_at`` offline and schedules the revision; a page written live
without a revision would be online at once."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page

from initiatives.models import InitiativeIndexPage, InitiativePage
from portal.geo import format_point
from portal.models import Commune

pytestmark = pytest.mark.django_db


def test_demo_content_has_no_live_page_scheduled_for_later():
    call_command("load_demo_content", verbosity=0)  # a second run changes nothing either
    now = timezone.now()
    assert Page.objects.filter(live=True).count() > 5
    assert list(Page.objects.filter(live=True, go_live_at__gt=now)
                .values_list("url_path", flat=True)) == []


def _scheduled_action(go_live_at):
    index = InitiativeIndexPage.objects.get(slug="carte")
    commune = Commune.objects.get(insee_code="40192")
    page = InitiativePage(
        title="Atelier numérique programmé", slug="atelier-numerique-programme",
        summary="Un atelier qui ouvre la semaine prochaine.", description="<p>Atelier.</p>",
        actor_type="association", commune=commune, location=format_point(43.8921, -0.5012),
        period="en-cours", go_live_at=go_live_at,
    )
    index.add_child(instance=page)
    revision = page.save_revision()
    revision.publish()
    return index, revision


def test_page_scheduled_for_later_is_offline_until_publish_scheduled(client, monkeypatch):
    go_live_at = timezone.now() + datetime.timedelta(days=7)
    index, revision = _scheduled_action(go_live_at)
    page = InitiativePage.objects.get(pk=revision.object_id)
    url = index.url + "atelier-numerique-programme/"

    assert page.live is False
    assert revision.approved_go_live_at is not None
    assert client.get(url).status_code == 404
    assert "Atelier numérique programmé" not in client.get(index.url + "geojson/").content.decode()

    call_command("publish_scheduled")  # before the date: nothing happens
    page.refresh_from_db()
    assert page.live is False
    assert client.get(url).status_code == 404

    # A week later: Wagtail reads the clock through django.utils.timezone.now.
    later = go_live_at + datetime.timedelta(minutes=5)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("publish_scheduled")

    page.refresh_from_db()
    assert page.live is True
    response = client.get(url)
    assert response.status_code == 200
    assert "Atelier numérique programmé" in response.content.decode()
