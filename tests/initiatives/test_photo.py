"""The optional photo of the form "Ajouter une action".

Checked from its content (JPEG, PNG, WebP; at most 5 MB; damaged files and decompression
bombs refused), cleaned (orientation applied, EXIF with GPS, XMP and comments removed,
scaled down to 1600 px), stored as a Wagtail image with its alt text, moderated with the
action (nothing public before approval), kept, replaced or removed through the private
link, and deleted with its file when the action is withdrawn, refused or erased.

Media go to a temporary MEDIA_ROOT on the local disk, so that deleted files can be seen
gone (the test settings' in-memory storage is rebuilt by Wagtail's delete task).
"""

import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

from tests.initiatives.test_moderation import MODERATOR, workflow_action
from tests.initiatives.test_public_submission import (
    ADD_URL,
    clear_cache,  # noqa: F401  (autouse fixture: an empty cache for each test)
    valid_data,
)

ALT = "Des bénévoles trient des légumes dans la salle des fêtes"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files on the local disk, in a temporary MEDIA_ROOT (pathlib.Path)."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return tmp_path


def gps_exif(orientation=None):
    """An EXIF block with a GPS position (Mont-de-Marsan), a camera maker and,
    optionally, an orientation tag."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TelephoneSecret"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (43.0, 53.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (0.0, 29.0, 50.0)
    return exif


def photo_bytes(fmt="JPEG", size=(400, 300), orientation=None, metadata=True):
    """An image file (bytes): left half red, right half blue; with GPS EXIF, an XMP
    packet and a comment (JPEG), a text chunk (PNG) when ``metadata``."""
    image = Image.new("RGB", size, (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, size[0] // 2, size[1]))
    options = {}
    if metadata:
        options["exif"] = gps_exif(orientation)
        if fmt == "JPEG":
            options.update(comment=b"commentaire-secret",
                           xmp=b"<x:xmpmeta>auteur-secret</x:xmpmeta>")
        if fmt == "PNG":
            from PIL.PngImagePlugin import PngInfo

            info = PngInfo()
            info.add_text("Author", "auteur-secret")
            options["pnginfo"] = info
    output = io.BytesIO()
    image.save(output, format=fmt, **options)
    return output.getvalue()


def upload(content, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def counts():
    """(actions, images) in the database."""
    from wagtail.images.models import Image as WagtailImage

    from initiatives.models import InitiativePage

    return InitiativePage.objects.count(), WagtailImage.objects.count()


def submit_with_photo(client, capture, photo=None, **overrides):
    """POST the form with a photo; returns (response, InitiativePage or None, link)."""
    from initiatives.models import InitiativePage

    data = valid_data(photo=photo or upload(photo_bytes()), photo_alt=ALT, **overrides)
    with capture(execute=True):
        response = client.post(ADD_URL, data)
    page = InitiativePage.objects.filter(title=data["title"]).first()
    link = None
    if response.status_code == 302 and mail.outbox:
        link = re.search(r"http://testserver(/carte/mon-action/[\w-]+/)",
                         mail.outbox[-1].body).group(1)
    return response, page, link


def stored_bytes(image):
    with image.open_file() as source:
        return source.read()


@pytest.mark.django_db
def test_the_form_offers_an_accessible_photo_field(client, map_page):
    html = client.get(ADD_URL).text
    assert 'enctype="multipart/form-data"' in html
    assert re.search(r'<input type="file" name="photo"[^>]*accept="image/jpeg,image/png,image/webp"', html)
    assert '<label for="id_photo">Photo (facultatif)</label>' in html
    assert 'aria-describedby="id_photo_aide"' in html
    assert "de 5 Mo au plus" in html
    assert '<label for="id_photo_alt">Ce que montre la photo</label>' in html
    # The help says what a good alt text is.
    assert "pour les personnes qui ne la voient pas" in html


@pytest.mark.django_db
def test_a_jpeg_with_gps_is_stored_turned_upright_resized_and_without_metadata(
    client, map_page, django_capture_on_commit_callbacks, media_root
):
    from initiatives.photos import COLLECTION_NAME

    # 3200 x 1600 pixels, to be shown turned 90° clockwise (EXIF orientation 6).
    original = photo_bytes(size=(3200, 1600), orientation=6)
    assert b"auteur-secret" in original and b"TelephoneSecret" in original
    response, page, _link = submit_with_photo(
        client, django_capture_on_commit_callbacks, upload(original, "IMG_0042.JPG"))
    assert response.status_code == 302, response.text
    image = page.image
    assert image.title == "Épicerie solidaire du Peyrouat"
    assert image.description == ALT
    assert image.collection.name == COLLECTION_NAME
    assert "IMG_0042" not in image.file.name  # the sender's file name is not kept
    assert (media_root / image.file.name).exists()
    # The revision in moderation names the photo.
    assert page.get_latest_revision().content["image"] == image.pk

    content = stored_bytes(image)
    for secret in (b"Exif", b"TelephoneSecret", b"auteur-secret", b"commentaire-secret",
                   b"xmpmeta"):
        assert secret not in content
    stored = Image.open(io.BytesIO(content))
    assert stored.format == "JPEG"
    assert not stored.getexif()
    assert stored.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
    assert "exif" not in stored.info and "xmp" not in stored.info and "comment" not in stored.info
    # Upright (orientation applied before the tag went) and at most 1600 px long.
    assert stored.size == (800, 1600) == (image.width, image.height)
    top = stored.convert("RGB").getpixel((400, 100))
    bottom = stored.convert("RGB").getpixel((400, 1500))
    assert top[0] > 200 and top[2] < 60  # the red half is now on top
    assert bottom[2] > 200 and bottom[0] < 60


@pytest.mark.django_db
@pytest.mark.parametrize("fmt, name, content_type", [
    ("PNG", "affiche.png", "image/png"),
    ("WEBP", "affiche.webp", "image/webp"),
])
def test_png_and_webp_keep_their_format_without_metadata(
    client, map_page, django_capture_on_commit_callbacks, fmt, name, content_type
):
    original = photo_bytes(fmt, size=(2000, 500))
    assert b"TelephoneSecret" in original
    response, page, _link = submit_with_photo(
        client, django_capture_on_commit_callbacks, upload(original, name, content_type))
    assert response.status_code == 302, response.text
    content = stored_bytes(page.image)
    assert b"TelephoneSecret" not in content and b"auteur-secret" not in content
    stored = Image.open(io.BytesIO(content))
    assert stored.format == fmt
    assert stored.size == (1600, 400)
    assert not stored.getexif()


@pytest.mark.django_db
@pytest.mark.parametrize("case", ["text named .jpg", "gif", "too large", "damaged",
                                  "decompression bomb", "no alt text"])
def test_each_bad_photo_is_refused_in_french_and_nothing_is_stored(
    client, map_page, django_capture_on_commit_callbacks, monkeypatch, media_root, case
):
    alt = ALT
    if case == "text named .jpg":
        photo = upload(b"Ceci n'est pas une photo.\n" * 20, "vacances.jpg")
        message = "Ce fichier n’est pas une photo JPEG, PNG ou WebP"
    elif case == "gif":
        photo = upload(photo_bytes("GIF", metadata=False), "anim.jpg")
        message = "Ce fichier n’est pas une photo JPEG, PNG ou WebP"
    elif case == "too large":
        photo = upload(photo_bytes()[:-2] + b"\0" * (5 * 1024 * 1024) + b"\xff\xd9")
        message = "Cette photo dépasse 5 Mo"
    elif case == "damaged":
        photo = upload(photo_bytes(size=(800, 600))[:600])
        message = "Cette photo ne peut pas être lue"
    elif case == "decompression bomb":
        # Pillow's own limit, lowered so that a small file goes over it.
        monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 10_000)
        photo = upload(photo_bytes(size=(400, 300), metadata=False))
        message = "Cette photo a trop de pixels"
    else:
        photo, alt = upload(photo_bytes()), ""
        message = "Décrivez la photo en une phrase"
    before = counts()
    data = valid_data(photo=photo, photo_alt=alt)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ADD_URL, data)
    assert response.status_code == 400
    html = response.text
    assert message in html
    # In the error summary and next to its field.
    field = "id_photo_alt" if case == "no alt text" else "id_photo"
    assert f'href="#{field}"' in html
    assert re.search(rf'<p class="error-message" id="{field}_erreur">[^<]*{message}', html)
    assert counts() == before
    assert list(media_root.rglob("*.*")) == []
    assert mail.outbox == []


@pytest.mark.django_db
def test_other_errors_ask_to_choose_the_photo_again(
    client, map_page, django_capture_on_commit_callbacks, media_root
):
    before = counts()
    data = valid_data(title="", photo=upload(photo_bytes()), photo_alt=ALT)
    response = client.post(ADD_URL, data)
    assert response.status_code == 400
    html = response.text
    assert "Donnez un nom à l’action." in html
    assert re.search(r'<p class="error-message" id="id_photo_erreur">[^<]*choisissez de nouveau '
                     r'votre photo', html)
    assert 'href="#id_photo"' in html  # in the summary
    assert re.search(r'<input type="file" name="photo"[^>]*aria-invalid="true"', html)
    # The alt text typed is given back.
    assert f'value="{ALT}"' in html.replace("&#x27;", "'")
    assert counts() == before
    assert list(media_root.rglob("*.*")) == []


@pytest.mark.django_db
def test_an_alt_text_without_photo_is_dropped(client, map_page, django_capture_on_commit_callbacks):
    data = valid_data(photo_alt="Une photo oubliée")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ADD_URL, data)
    assert response.status_code == 302
    from initiatives.models import InitiativePage

    assert InitiativePage.objects.get(title=data["title"]).image is None


@pytest.mark.django_db
def test_the_same_answers_and_photo_sent_again_store_once_another_photo_is_new(
    client, map_page, django_capture_on_commit_callbacks
):
    """Back and resend (a new one-time token each time): the browser's fingerprint of
    the answers hashes the photo's bytes."""
    import uuid

    content = photo_bytes()
    before = counts()
    for photo in (content, content, photo_bytes(size=(300, 400))):
        data = valid_data(photo_alt=ALT, form_token=str(uuid.uuid4()))
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(ADD_URL, {**data, "photo": upload(photo)})
        assert response.status_code == 302
    # The same photo twice: stored once; another photo: a second action.
    assert counts() == (before[0] + 2, before[1] + 2)


def test_the_fingerprint_hashes_the_photo_bytes():
    from django.core.files.base import ContentFile

    from portal.once import fingerprint

    class Page:
        pk = 1

    same_a = fingerprint(Page, {"title": "a", "photo": ContentFile(b"abc", name="x1.jpg")})
    same_b = fingerprint(Page, {"title": "a", "photo": ContentFile(b"abc", name="x2.jpg")})
    other = fingerprint(Page, {"title": "a", "photo": ContentFile(b"abd", name="x1.jpg")})
    assert same_a == same_b != other


@pytest.fixture
def moderator(make_user):
    return make_user(MODERATOR, groups=["Modération"], is_staff=True)


@pytest.fixture
def confirmed_with_photo(client, map_page, django_capture_on_commit_callbacks):
    """An action sent with a photo and confirmed: (page, private link)."""
    response, page, link = submit_with_photo(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
    mail.outbox.clear()
    page.refresh_from_db()
    return page, link


def api_detail(client, page):
    return client.get(f"/api/v2/pages/{page.pk}/")


@pytest.mark.django_db
def test_the_photo_is_public_only_once_the_action_is_approved(
    client, confirmed_with_photo, moderator, django_capture_on_commit_callbacks
):
    page, link = confirmed_with_photo
    image = page.image
    # Before approval: no public page, API entry nor image listing shows it.
    assert client.get(page.url or "/carte/epicerie-solidaire-du-peyrouat/").status_code == 404
    assert api_detail(client, page).status_code == 404
    images = client.get("/api/v2/images/").json()
    assert image.pk not in [item["id"] for item in images["items"]]
    for url in ("/carte/", "/carte/geojson/", "/api/v2/pages/?type=initiatives.InitiativePage",
                "/sitemap.xml", "/"):
        body = client.get(url).content.decode()
        assert image.file.name not in body and "original_images" not in body
        assert "images/action-" not in body

    workflow_action(client, moderator, page, "approve", django_capture_on_commit_callbacks)
    page.refresh_from_db()
    assert page.live and page.image_id == image.pk
    html = client.get(page.url).text
    tag = re.search(r'<figure class="initiative-photo"><img [^>]*></figure>', html).group(0)
    assert f'alt="{ALT}"' in tag.replace("&#x27;", "'")
    assert 'loading="lazy"' in tag
    assert re.search(r'width="\d+"', tag) and re.search(r'height="\d+"', tag)
    assert 'src="/media/images/action-' in tag

    data = api_detail(client, page).json()
    assert set(data["image"]) >= {"url", "width", "height", "alt"}
    assert data["image"]["alt"] == ALT
    assert data["image"]["url"].startswith("/media/images/action-")
    assert data["image"]["width"] == 400 and data["image"]["height"] == 300
    # Still not in the images listing (a restricted collection).
    images = client.get("/api/v2/images/").json()
    assert image.pk not in [item["id"] for item in images["items"]]


@pytest.mark.django_db
def test_an_action_without_photo_has_a_null_image_in_the_api(client, map_page, make_action):
    page = make_action(map_page, "Sans photo")
    assert api_detail(client, page).json()["image"] is None
    assert "initiative-photo" not in client.get(page.url).text


@pytest.mark.django_db
def test_replacing_the_photo_of_a_live_action_waits_for_approval_then_deletes_the_old(
    client, confirmed_with_photo, moderator, django_capture_on_commit_callbacks, media_root
):
    page, link = confirmed_with_photo
    workflow_action(client, moderator, page, "approve", django_capture_on_commit_callbacks)
    old = page.image
    old_path = media_root / old.file.name
    edit = client.get(link + "modifier/").text
    assert "Photo actuelle" in edit and f'value="{ALT}"' in edit.replace("&#x27;", "'")
    assert 'name="remove_photo"' in edit
    assert "Remplacer la photo (facultatif)" in edit

    new_alt = "L’équipe devant le camion de distribution"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link + "modifier/", valid_data(
            email=None, consent=None, photo=upload(photo_bytes("PNG"), "new.png", "image/png"),
            photo_alt=new_alt))
    assert response.status_code == 302
    page.refresh_from_db()
    # The live page still shows the old photo; the new one waits in moderation.
    assert page.image_id == old.pk and old_path.exists()
    new_id = page.get_latest_revision().content["image"]
    assert new_id != old.pk
    public = client.get(page.url).text
    assert "L’équipe devant le camion" not in public

    workflow_action(client, moderator, page, "approve", django_capture_on_commit_callbacks)
    page.refresh_from_db()
    assert page.image_id == new_id
    assert page.image.description == new_alt
    from wagtail.images.models import Image as WagtailImage

    assert not WagtailImage.objects.filter(pk=old.pk).exists()
    assert not old_path.exists()
    assert "L’équipe devant le camion" in client.get(page.url).text.replace("&#x27;", "’")


@pytest.mark.django_db
def test_removing_the_photo_and_keeping_it(
    client, confirmed_with_photo, moderator, django_capture_on_commit_callbacks, media_root
):
    from wagtail.images.models import Image as WagtailImage

    page, link = confirmed_with_photo
    workflow_action(client, moderator, page, "approve", django_capture_on_commit_callbacks)
    image = page.image
    path = media_root / image.file.name

    # Kept: an edit of the text with the same alt text keeps the same image.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link + "modifier/", valid_data(
            email=None, consent=None, summary="Nouveau résumé", photo_alt=ALT))
    page.refresh_from_db()
    assert page.get_latest_revision().content["image"] == image.pk
    workflow_action(client, moderator, page, "approve", django_capture_on_commit_callbacks)
    page.refresh_from_db()
    assert page.image_id == image.pk and path.exists()

    # Removed: the box ticked; the live page keeps it until the change is approved.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link + "modifier/", valid_data(
            email=None, consent=None, remove_photo="on", photo_alt=""))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.image_id == image.pk
    assert page.get_latest_revision().content["image"] is None
    workflow_action(client, moderator, page, "approve", django_capture_on_commit_callbacks)
    page.refresh_from_db()
    assert page.image is None
    assert not WagtailImage.objects.filter(pk=image.pk).exists() and not path.exists()
    assert "initiative-photo" not in client.get(page.url).text


@pytest.mark.django_db
def test_keeping_the_photo_requires_its_alt_text(client, confirmed_with_photo):
    page, link = confirmed_with_photo
    response = client.post(link + "modifier/", valid_data(
        email=None, consent=None, photo_alt=""))
    assert response.status_code == 400
    assert "Décrivez la photo en une phrase" in response.text


@pytest.mark.django_db
def test_withdrawing_deletes_the_photo_and_its_file(
    client, confirmed_with_photo, moderator, django_capture_on_commit_callbacks, media_root
):
    from wagtail.images.models import Image as WagtailImage

    page, link = confirmed_with_photo
    workflow_action(client, moderator, page, "approve", django_capture_on_commit_callbacks)
    image = page.image
    client.get(page.url)  # a rendition is made for the page
    files = [p for p in media_root.rglob("*") if p.is_file()]
    assert len(files) == 2
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link + "retirer/")
    page.refresh_from_db()
    assert page.image is None
    assert not WagtailImage.objects.filter(pk=image.pk).exists()
    assert [p for p in media_root.rglob("*") if p.is_file()] == []


@pytest.mark.django_db
def test_a_moderator_deleting_the_action_deletes_its_photo(
    client, confirmed_with_photo, moderator, django_capture_on_commit_callbacks, media_root
):
    from wagtail.images.models import Image as WagtailImage

    page, _link = confirmed_with_photo
    image = page.image
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    assert response.status_code == 302
    assert not WagtailImage.objects.filter(pk=image.pk).exists()
    assert [p for p in media_root.rglob("*") if p.is_file()] == []


@pytest.mark.django_db
def test_erasure_of_the_actions_deletes_their_photos(
    confirmed_with_photo, django_capture_on_commit_callbacks, media_root
):
    from wagtail.images.models import Image as WagtailImage

    from initiatives.erasure import erase

    page, _link = confirmed_with_photo
    image = page.image
    with django_capture_on_commit_callbacks(execute=True):
        erase("marie.dupont@example.org", {"delete_actions"})
    assert not WagtailImage.objects.filter(pk=image.pk).exists()
    assert [p for p in media_root.rglob("*") if p.is_file()] == []


@pytest.mark.django_db
def test_a_library_image_chosen_by_staff_is_never_deleted(
    client, confirmed_with_photo, django_capture_on_commit_callbacks
):
    from wagtail.images.models import Image as WagtailImage
    from wagtail.images.tests.utils import get_test_image_file

    page, link = confirmed_with_photo
    library = WagtailImage.objects.create(title="Logo", file=get_test_image_file())
    page.image = library
    page.save_revision()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link + "retirer/")
    assert WagtailImage.objects.filter(pk=library.pk).exists()


@pytest.mark.django_db
def test_moderators_see_and_can_change_the_photo_in_the_admin(
    client, confirmed_with_photo, moderator
):
    page, _link = confirmed_with_photo
    client.force_login(moderator)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).text
    assert 'name="image"' in html
    assert f'value="{page.image.pk}"' in html


@pytest.mark.django_db
def test_a_listing_of_actions_with_photos_costs_the_same_for_1_and_3(client, map_page, make_action):
    """The map's popup reads the photos from the API: its renditions are prefetched."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from initiatives.photos import clean_photo, store_photo

    for number in range(3):
        image = store_photo(clean_photo(io.BytesIO(photo_bytes())), f"Action {number}", ALT)
        make_action(map_page, f"Aaa photo {number}", image=image)

    def listing(limit):
        params = {"type": "initiatives.InitiativePage", "fields": "image", "limit": limit,
                  "order": "title"}
        client.get("/api/v2/pages/", params)  # renditions made
        client.get("/api/v2/pages/", params)  # Wagtail's per-process caches warm
        cache.clear()  # renditions read from the database, not from the cache
        with CaptureQueriesContext(connection) as ctx:
            items = client.get("/api/v2/pages/", params).json()["items"]
        return items, len(ctx.captured_queries)

    one, one_count = listing(1)
    three, three_count = listing(3)
    assert [item["image"]["alt"] for item in three] == [ALT] * 3
    assert one_count == three_count, (one_count, three_count)
