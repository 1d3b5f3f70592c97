"""The committee's calendar: meetings edited as snippets, listed on the home page
(upcoming first, soonest first, then the latest past ones) with machine-readable dates."""

import datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from home.calendar.models import CommitteeMeeting, home_calendar

PARIS = ZoneInfo("Europe/Paris")


def meeting(title, delta_days, hour=14):
    start = (timezone.now() + datetime.timedelta(days=delta_days)).astimezone(PARIS)
    return CommitteeMeeting.objects.create(
        title=title, place="Mont-de-Marsan",
        starts_at=start.replace(hour=hour, minute=30, second=0, microsecond=0))


@pytest.mark.django_db
def test_upcoming_meetings_soonest_first_then_the_latest_past_ones():
    CommitteeMeeting.objects.all().delete()
    later, soon = meeting("Plus tard", 40), meeting("Bientôt", 5)
    old = [meeting(f"Passée {n}", -10 * n) for n in range(1, 6)]
    upcoming, past = home_calendar()
    assert upcoming == [soon, later]
    assert past == old[:3]  # the three most recent, most recent first


@pytest.mark.django_db
def test_home_lists_the_calendar_with_time_elements_in_paris_time(client):
    CommitteeMeeting.objects.all().delete()
    CommitteeMeeting.objects.create(
        title="Réunion plénière", place="Hôtel du Département",
        starts_at=datetime.datetime(2099, 3, 12, 14, 30, tzinfo=PARIS))
    CommitteeMeeting.objects.create(
        title="Installation du comité",
        starts_at=datetime.datetime(2020, 7, 10, 14, 30, tzinfo=PARIS))
    html = unescape(client.get("/").content.decode())
    assert ('<time datetime="2099-03-12T14:30:00+01:00">jeudi 12 mars 2099 à 14 h 30</time>'
            in html)
    assert '<time datetime="2020-07-10T14:30:00+02:00">vendredi 10 juillet 2020 à 14 h 30' in html
    assert html.index("Réunions à venir") < html.index("Réunion plénière") \
        < html.index("Réunions récentes") < html.index("Installation du comité")


@pytest.mark.django_db
def test_no_upcoming_meeting_is_said(client):
    CommitteeMeeting.objects.filter(starts_at__gte=timezone.now()).delete()
    assert "Aucune réunion n'est programmée pour le moment." in unescape(
        client.get("/").content.decode())


@pytest.mark.django_db
def test_a_meeting_link_is_a_document_or_an_address_not_both():
    from wagtail.documents import get_document_model
    from django.core.files.base import ContentFile

    document = get_document_model()(title="Compte rendu de la séance")
    document.file.save("compte-rendu.pdf", ContentFile(b"%PDF-1.4"), save=True)
    item = CommitteeMeeting(title="Séance", starts_at=timezone.now(), document=document,
                            link_url="https://example.org/")
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert error.value.message_dict["link_url"] == [
        "Indiquez un document ou un lien, pas les deux."]
    item.link_url = ""
    item.full_clean()
    assert item.link() == (document.url, "Compte rendu de la séance")


@pytest.mark.django_db
def test_staff_edit_meetings_in_the_snippets_admin(client, make_user):
    user = make_user("admin@departement.example", is_superuser=True, is_staff=True)
    client.force_login(user)
    response = client.get("/admin/snippets/home/committeemeeting/")
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "Installation du comité Nouvelles solidarités" in html
    response = client.post("/admin/snippets/home/committeemeeting/add/", {
        "starts_at": "2099-05-20 10:00", "title": "Séance de restitution",
        "place": "Dax", "description": "", "link_url": "", "link_label": ""})
    assert response.status_code == 302
    saved = CommitteeMeeting.objects.get(title="Séance de restitution")
    assert saved.starts_at == datetime.datetime(2099, 5, 20, 10, 0, tzinfo=PARIS)
    assert "Séance de restitution" in unescape(client.get("/").content.decode())
