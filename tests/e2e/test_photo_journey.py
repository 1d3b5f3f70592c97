"""Browser journey of the optional photo of "Ajouter une action", with the keyboard only:
a photo chosen from the file input (opened with the space bar), the form refused for
another error (the photo field asks to choose it again; axe-core finds no violation),
then sent; the stored photo has lost its GPS position; once approved, the action page
shows it with its alt text."""

import io
import re

import pytest
from django.core import mail
from PIL import ExifTags, Image
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.e2e.conftest import axe_violations, describe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Atelier vélo solidaire"
ALT = "Deux bénévoles réparent un vélo devant l’atelier"


@pytest.fixture
def photo_file(tmp_path):
    """A JPEG with a GPS position in its EXIF (pathlib.Path)."""
    image = Image.new("RGB", (1200, 900), (30, 120, 200))
    exif = Image.Exif()
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (43.0, 53.0, 30.0)
    path = tmp_path / "atelier.jpg"
    image.save(path, "JPEG", exif=exif)
    return path


def choose_photo_with_keyboard(page, path):
    """From the checkbox before the photo fieldset, Tab to the file input and open it
    with the space bar; the file chooser gets ``path``."""
    page.get_by_label("L’action cherche des bénévoles").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_photo"
    # Space opens a file input, Enter too; on a loaded machine Chromium sometimes drops
    # the first key's activation, so Enter is tried when Space opened nothing.
    for key in ("Space", "Enter"):
        try:
            with page.expect_file_chooser(timeout=10_000) as chooser:
                page.keyboard.press(key)
        except PlaywrightTimeoutError:
            assert page.evaluate("document.activeElement.id") == "id_photo"
            continue
        chooser.value.set_files(str(path))
        return
    raise AssertionError("neither Space nor Enter opened the file chooser")


def type_into(page, field_id, text):
    page.locator(f"#{field_id}").focus()
    page.keyboard.type(text)


def test_a_photo_sent_with_the_keyboard_is_stored_clean_and_shown_once_approved(
    page, photo_file, settings, tmp_path
):
    from initiatives.models import InitiativePage

    mail.outbox.clear()
    page.goto(page.base_url + "/carte/ajouter/")
    photo_input = page.locator("#id_photo")
    assert photo_input.get_attribute("accept") == "image/jpeg,image/png,image/webp"
    assert page.locator("form[enctype='multipart/form-data']").count() == 1

    # A photo and its alt text, but no name for the action: refused.
    choose_photo_with_keyboard(page, photo_file)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_photo_alt"
    page.keyboard.type(ALT)
    page.keyboard.press("Enter")  # submits the form
    summary = page.locator("#resume-erreurs")
    summary.wait_for()
    page.wait_for_load_state("load")
    assert page.evaluate("document.activeElement.id") == "resume-erreurs"
    assert "choisissez de nouveau votre photo" in summary.inner_text()
    assert "choisissez de nouveau votre photo" in page.locator("#id_photo_erreur").inner_text()
    assert photo_input.get_attribute("aria-invalid") == "true"
    assert "id_photo_erreur" in photo_input.get_attribute("aria-describedby")
    assert page.locator("#id_photo_alt").input_value() == ALT
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    # The summary's link takes the keyboard to the photo field.
    summary.get_by_role("link", name=re.compile("Photo")).focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_photo"

    type_into(page, "id_title", TITLE)
    type_into(page, "id_description", "Réparer son vélo soi-même, avec de l’aide, le mercredi.")
    page.get_by_label("Association", exact=True).focus()
    page.keyboard.press("Space")
    type_into(page, "id_commune", "Mont-de-Marsan")
    page.get_by_label("Mobilité").focus()
    page.keyboard.press("Space")
    type_into(page, "id_email", "atelier@example.org")
    page.get_by_label("J’ai lu la notice").focus()
    page.keyboard.press("Space")
    choose_photo_with_keyboard(page, photo_file)
    page.get_by_role("button", name="Envoyer mon action").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/carte/ajouter/merci/")

    action = InitiativePage.objects.get(title=TITLE)
    assert not action.live
    image = action.image
    assert image.description == ALT and image.title == TITLE
    with image.open_file() as source:
        stored = Image.open(io.BytesIO(source.read()))
        assert not stored.getexif() and stored.size == (1200, 900)

    # Not public before approval.
    assert page.goto(page.base_url + action.url).status == 404

    action.get_latest_revision().publish()
    page.goto(page.base_url + action.url)
    photo = page.locator(".initiative-photo img")
    assert photo.get_attribute("alt") == ALT
    assert photo.get_attribute("loading") == "lazy"
    assert photo.get_attribute("width") and photo.get_attribute("height")
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_a_photo_over_5_mb_is_refused_as_soon_as_it_is_chosen(page, tmp_path):
    """A phone photo of 6 MB: the choice is emptied at once with the French message as
    the field's error (announced, tied to the input), before anything is sent; choosing a
    photo that fits removes the message."""
    big = tmp_path / "grosse.jpg"
    big.write_bytes(b"\xff\xd8\xff" + b"0" * (6 * 1024 * 1024))
    small = tmp_path / "petite.jpg"
    Image.new("RGB", (40, 30), (200, 60, 20)).save(small, "JPEG")
    page.goto(page.base_url + "/carte/ajouter/")
    type_into(page, "id_title", TITLE)
    choose_photo_with_keyboard(page, big)
    message = page.locator("#id_photo_taille")
    assert message.inner_text() == (
        "Cette photo dépasse 5 Mo : choisissez-en une plus petite (ou réduisez-la avant "
        "de l’envoyer)."
    )
    assert message.get_attribute("role") == "alert"
    photo = page.locator("#id_photo")
    assert photo.evaluate("input => input.files.length") == 0
    assert photo.get_attribute("aria-invalid") == "true"
    assert "id_photo_taille" in photo.get_attribute("aria-describedby").split()
    assert page.locator("#id_title").input_value() == TITLE  # nothing lost
    assert axe_violations(page) == [], describe(axe_violations(page))
    choose_photo_with_keyboard(page, small)
    assert page.locator("#id_photo_taille").count() == 0
    assert photo.evaluate("input => input.files.length") == 1
    assert photo.get_attribute("aria-invalid") is None
