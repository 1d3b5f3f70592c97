"""A stored point the map cannot place (NaN, infinite, outside WGS84 ranges), written
around the model (``QuerySet.update``, raw SQL, an import): the feed leaves it out and
logs its page id, the other actions stay on the map; the API, the list and the action's
page keep working; the admin editor warns in French.

SQLite stores NaN as NULL (its REAL type has no NaN); PostgreSQL stores NaN. Both end
up out of the feed.
"""

import logging
import math

import pytest
from django.db import connection

BAD_POINTS = {
    "nan latitude": {"latitude": float("nan")},
    "nan longitude": {"longitude": float("nan")},
    "infinite": {"latitude": float("inf"), "longitude": float("-inf")},
    "latitude out of range": {"latitude": 95.0},
    "longitude out of range": {"longitude": -200.0},
}


@pytest.fixture
def broken(map_page, make_action):
    """A good action and one action per bad point: (good page, {name: bad page})."""
    from initiatives.models import InitiativePage

    good = make_action(map_page, "Action bien placée")
    bad = {}
    for name, values in BAD_POINTS.items():
        page = make_action(map_page, f"Action {name}")
        InitiativePage.objects.filter(pk=page.pk).update(**values)
        bad[name] = page
    return good, bad


def stored(page):
    from initiatives.models import InitiativePage

    return InitiativePage.objects.filter(pk=page.pk).values_list("latitude", "longitude").get()


@pytest.mark.django_db
def test_what_each_database_stores_for_nan(map_page, make_action):
    page = make_action(map_page, "Action NaN")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE initiatives_initiativepage SET latitude = %s WHERE page_ptr_id = %s",
            [float("nan"), page.pk],
        )
    lat, _lng = stored(page)
    if connection.vendor == "postgresql":
        assert math.isnan(lat)
    else:
        assert lat is None


@pytest.mark.django_db
def test_the_feed_leaves_out_and_logs_points_it_cannot_place(client, broken, caplog):
    good, bad = broken
    with caplog.at_level(logging.WARNING, logger="initiatives.feeds"):
        response = client.get("/carte/geojson/")
    assert response.status_code == 200
    features = response.json()["features"]  # strict JSON: no NaN, no null coordinates
    ids = [feature["id"] for feature in features]
    assert good.pk in ids
    assert not set(ids) & {page.pk for page in bad.values()}
    assert len(features) > 30  # the demo actions are still on the map
    for feature in features:
        lng, lat = feature["geometry"]["coordinates"]
        assert math.isfinite(lat) and math.isfinite(lng)
        assert -90 <= lat <= 90 and -180 <= lng <= 180
    logged = " ".join(record.getMessage() for record in caplog.records)
    for page in bad.values():
        assert str(page.pk) in logged
    # Filtered feeds too.
    filtered = client.get("/carte/geojson/", {"theme": "sante"})
    assert filtered.status_code == 200
    assert not {f["id"] for f in filtered.json()["features"]} & {p.pk for p in bad.values()}


@pytest.mark.django_db
def test_the_api_the_list_and_the_pages_keep_working(client, broken):
    good, bad = broken
    locations = {}
    for offset in (0, 20, 40):
        api = client.get("/api/v2/pages/", {"type": "initiatives.InitiativePage",
                                            "fields": "location", "offset": offset})
        assert api.status_code == 200, api.text
        locations.update({item["id"]: item["location"] for item in api.json()["items"]})
    assert locations[good.pk]["latitude"] == pytest.approx(good.latitude)
    for page in bad.values():
        assert locations[page.pk] is None
        detail = client.get(f"/api/v2/pages/{page.pk}/")
        assert detail.status_code == 200 and detail.json()["location"] is None
    listing = client.get("/carte/", {"q": "Action"})
    assert listing.status_code == 200
    for page in bad.values():
        assert page.title in listing.text
        detail = client.get(page.url)
        assert detail.status_code == 200
        assert "nan" not in detail.text.lower().split("data-lat=")[-1][:20]
        assert 'data-lat="inf' not in detail.text and 'data-lat="95' not in detail.text


@pytest.mark.django_db
def test_the_admin_editor_warns_in_french(client, broken, make_user):
    good, bad = broken
    admin = make_user("admin@departement.example", is_staff=True, is_superuser=True)
    client.force_login(admin)
    warning = "Le point enregistré de cette action ne peut pas être placé sur la carte"
    advice = "puis publiez : les coordonnées sont recalculées à la publication."
    assert warning not in client.get(f"/admin/pages/{good.pk}/edit/").text
    for page in bad.values():
        response = client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200
        assert warning in response.text and advice in response.text


@pytest.mark.django_db
def test_publishing_again_recomputes_the_point(client, broken):
    good, bad = broken
    page = bad["nan latitude"]
    page.get_latest_revision().publish()
    lat, lng = stored(page)
    assert (lat, lng) == (page.commune.latitude, page.commune.longitude)
    ids = [feature["id"] for feature in client.get("/carte/geojson/").json()["features"]]
    assert page.pk in ids
