"""Browser journey of an editor in Wagtail's admin under the admin Content-Security-Policy:
a StreamField block added and written in Draftail, shown by the preview panel (a page
with the public policy, framed by the admin), the map of an action's LeafletPanel, a
question added in the consultation's form builder, an image uploaded with its preview.
The ``page`` fixture fails the journey on any CSP violation."""

import struct
import zlib

import pytest

from tests.e2e.conftest import assert_marker_images_load, sign_in_to_admin

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "mot-de-passe-long-42"


def red_png(path):
    """Write a 40x30 red PNG (RGB, 8 bits) at ``path``; returns ``path``."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * 40 for _ in range(30))
    path.write_bytes(b"\x89PNG\r\n\x1a\n"
                     + chunk(b"IHDR", struct.pack(">IIBBBBB", 40, 30, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    return path


def test_editor_uses_the_admin_editors_without_csp_violation(page, make_user, tmp_path):
    from consultation.models import ConsultationPage
    from diagnostic.models import DiagnosticChapterPage
    from initiatives.models import InitiativePage

    make_user("redaction@departement.example", is_superuser=True, is_staff=True,
              password=PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in_to_admin(page, "redaction@departement.example", PASSWORD)

    # StreamField and Draftail: a new paragraph, written in the rich text editor.
    chapter = DiagnosticChapterPage.objects.live().first()
    page.goto(f"{page.base_url}/admin/pages/{chapter.pk}/edit/")
    editors = page.locator(".public-DraftEditor-content")
    count = editors.count()
    page.get_by_role("button", name="Insérer un bloc").first.click()
    page.get_by_role("option", name="Paragraphe").click()
    page.wait_for_function("(n) => document.querySelectorAll('.public-DraftEditor-content')"
                           ".length > n", arg=count)
    editors.first.click()
    page.keyboard.type("Bonjour le monde")
    assert "Bonjour le monde" in editors.first.inner_text()

    # The preview panel frames the page, which keeps its own (public) policy.
    page.locator("[data-side-panel-toggle='preview']").first.click()
    preview = page.frame_locator("iframe[title]").first
    assert preview.locator("h1").inner_text(timeout=15_000) == chapter.title

    # The LeafletPanel of an action shows its map and its marker.
    action = InitiativePage.objects.live().first()
    page.goto(f"{page.base_url}/admin/pages/{action.pk}/edit/")
    page.locator(".leaflet-container .leaflet-marker-icon").first.wait_for()
    assert_marker_images_load(page, ".leaflet-container")

    # The consultation's form builder adds a question (Wagtail's InlinePanel).
    consultation = ConsultationPage.objects.live().first()
    page.goto(f"{page.base_url}/admin/pages/{consultation.pk}/edit/")
    questions = page.locator("[id^='inline_child_form_fields-']:not([id*='__prefix__'])")
    before = questions.count()
    page.locator("#id_form_fields-ADD").click()
    page.wait_for_function(
        "(n) => document.querySelectorAll(\"[id^='inline_child_form_fields-']"
        ":not([id*='__prefix__'])\").length > n", arg=before)

    # An image uploaded: its thumbnail and its form.
    page.goto(f"{page.base_url}/admin/images/multiple/add/")
    page.locator("input[type=file]").first.set_input_files(str(red_png(tmp_path / "rouge.png")))
    page.get_by_text("Transfert réussi. Mettez à jour cette image").wait_for()
    assert page.get_by_label("Titre").first.input_value() == "rouge"
    # The thumbnail is drawn from a blob: URL of the chosen file.
    assert page.locator(".preview canvas, .preview img").first.is_visible()
