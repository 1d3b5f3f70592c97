"""The map's list shows an action's photo as a small decorative thumbnail (empty alt: the
title beside it names the action, RGAA 1.2), and nothing for an action without photo;
the list's queries do not grow with the number of photos."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.fixture
def photo(settings, tmp_path):
    """Factory: ``photo(alt)`` -> a new Wagtail image (640x480 PNG) with that description."""
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    settings.MEDIA_ROOT = str(tmp_path)

    def factory(alt="Bénévoles devant les étals de l'épicerie"):
        return get_image_model().objects.create(
            title=alt, file=get_test_image_file(size=(640, 480)), description=alt)

    return factory


def item_html(html, title):
    """The ``<li class="initiative-item">`` of the list whose link reads ``title``."""
    for item in html.split('<li class="initiative-item">')[1:]:
        if f">{title}</a>" in item:
            return item.split("</li>")[0]
    raise AssertionError(f"no list item for {title!r}")


def test_an_action_with_a_photo_shows_its_thumbnail_with_an_empty_alt(
        client, map_page, make_action, photo, settings):
    settings.PORTAL_PAGE_CACHE_ENABLED = False
    make_action(map_page, "Zz action en photo", image=photo())
    make_action(map_page, "Zz action sans photo")
    html = client.get("/carte/", {"q": "Zz action"}).content.decode()
    with_photo = item_html(html, "Zz action en photo")
    thumb = re.search(r'<div class="initiative-thumb"><img [^>]*></div>', with_photo)
    assert thumb, with_photo
    assert 'alt=""' in thumb.group(0)
    assert ".fill-240x160" in thumb.group(0)
    assert 'height="160"' in thumb.group(0) and 'width="240"' in thumb.group(0)
    assert 'loading="lazy"' in thumb.group(0)
    assert "initiative-thumb" not in item_html(html, "Zz action sans photo")


def test_list_queries_do_not_grow_with_photos(client, map_page, make_action, photo, settings):
    settings.PORTAL_PAGE_CACHE_ENABLED = False
    for n in range(2):
        make_action(map_page, f"Zz photo {n}", image=photo(f"Photo {n}"))

    def count():
        client.get("/carte/", {"q": "Zz photo"})  # renditions made, counts cached
        with CaptureQueriesContext(connection) as queries:
            html = client.get("/carte/", {"q": "Zz photo"}).content.decode()
        return len(queries), html.count('class="initiative-thumb"')

    before, thumbs_before = count()
    for n in range(2, 5):
        make_action(map_page, f"Zz photo {n}", image=photo(f"Photo {n}"))
    after, thumbs_after = count()
    assert (thumbs_before, thumbs_after) == (2, 5)
    assert after == before
