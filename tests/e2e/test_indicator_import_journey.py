"""Browser journey of a Rédaction member importing indicators in the admin: the list's
"Importer un fichier" button, the upload form, the preview (values, secret figures,
the merged-commune warning), the confirmation, and the new indicator in the list. The
``page`` fixture fails the journey on any Content-Security-Policy violation."""

import pytest

from tests.e2e.conftest import sign_in_to_admin, upload_indicator_file

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CSV = (
    "Code;Commune;Taux de chômage (%)\n"
    "40192;Mont-de-Marsan;11,2\n"
    "40088;Dax;12,4\n"
    "40009;Arjuzanx;9,8\n"
    "40001;Aire-sur-l'Adour;s\n"
    "40;Landes;8,9\n"
    "FR;France;7,3\n"
)


def test_staff_member_uploads_previews_and_confirms(page, make_user, tmp_path):
    from diagnostic.indicators.models import Indicator

    make_user("redaction-import@example.org", groups=["Rédaction"], password="pass-word-123")
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in_to_admin(page, "redaction-import@example.org", "pass-word-123")

    path = tmp_path / "chomage.csv"
    path.write_text(CSV, encoding="utf-8")
    upload_indicator_file(page, path, "2022", "INSEE, recensement")

    page.get_by_role("heading", name="Taux de chômage (%)").wait_for()
    body = page.locator("main").inner_text()
    assert "Nouvel indicateur." in body
    assert "40009 (Arjuzanx) a fusionné dans Morcenx-la-Nouvelle (40197)" in body
    assert "Mont-de-Marsan" in body and "secret" in body
    assert not Indicator.objects.filter(name="Taux de chômage").exists()

    page.get_by_role("button", name="Confirmer l’import").click()
    page.wait_for_url("**/admin/snippets/diagnostic/indicator/")
    assert page.get_by_role("link", name="Taux de chômage").first.is_visible()
    indicator = Indicator.objects.get(name="Taux de chômage", year=2022)
    assert indicator.values.count() == 4
    assert str(indicator.france_value) == "7.3000"
