"""The indicators' admin and its import views (upload → preview → confirm), through the
Django test client."""

import re
from decimal import Decimal
from html import unescape
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from diagnostic.indicators.importer import MAX_FILE_SIZE
from diagnostic.indicators.models import Indicator, IndicatorValue, Level, ValueStatus

DATA = Path(__file__).parent / "data"
LIST_URL = "/admin/snippets/diagnostic/indicator/"


def import_url():
    return reverse("wagtailsnippets_diagnostic_indicator:import")


def confirm_url():
    return reverse("wagtailsnippets_diagnostic_indicator:import_confirm")


@pytest.fixture
def editor(client, make_user):
    user = make_user("redaction@landes.fr", groups=["Rédaction"])
    client.force_login(user)
    return user


def upload(client, content, name="indicateurs.csv", **fields):
    data = {"level": Level.COMMUNE, "year": "2021", "source": "INSEE, Filosofi",
            "source_url": "https://www.insee.fr/", "unit": "", "decimal_places": "1", **fields}
    data["file"] = SimpleUploadedFile(name, content)
    return client.post(import_url(), data)


def payload_of(response):
    match = re.search(r'name="payload" value="([^"]+)"', response.content.decode())
    assert match, "no payload in the preview"
    return unescape(match.group(1))


def counts():
    return Indicator.objects.count(), IndicatorValue.objects.count()


@pytest.mark.django_db
def test_listing_has_the_import_button_and_the_menu_item(client, editor):
    response = client.get(LIST_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Importer un fichier" in html and import_url() in html
    home = client.get("/admin/").content.decode()
    assert "Indicateurs" in home


@pytest.mark.django_db
def test_preview_then_confirm_creates_the_indicators(client, editor):
    before = counts()
    response = upload(client, (DATA / "indicateurs-communes.csv").read_bytes())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vérifier avant d’importer" in html
    assert "Taux de pauvreté" in html and "Mont-de-Marsan" in html
    assert "Nouvel indicateur." in html
    assert counts() == before  # nothing stored by the preview
    response = client.post(confirm_url(), {"payload": payload_of(response)})
    assert response.status_code == 302 and response["Location"] == LIST_URL
    indicator = Indicator.objects.get(name="Taux de pauvreté", level=Level.COMMUNE, year=2021)
    assert indicator.unit == "%" and indicator.source == "INSEE, Filosofi"
    assert indicator.decimal_places == 1
    assert indicator.departement_value == Decimal("13.1")
    values = indicator.values_by_code()
    assert values["40192"].value == Decimal("18.5")
    assert values["40001"].status == ValueStatus.SECRET
    assert Indicator.objects.filter(name="Revenu médian", unit="€").exists()
    listing = client.get(LIST_URL).content.decode()
    assert "Taux de pauvreté" in listing
    # The edit view shows the values read-only.
    edit = client.get(reverse("wagtailsnippets_diagnostic_indicator:edit", args=[indicator.pk]))
    assert edit.status_code == 200
    assert "Valeurs par territoire" in edit.content.decode()
    assert "Mont-de-Marsan" in edit.content.decode() and "18,5" in edit.content.decode()
    inspect = client.get(reverse("wagtailsnippets_diagnostic_indicator:inspect", args=[indicator.pk]))
    assert inspect.status_code == 200 and "secret" in inspect.content.decode()


@pytest.mark.django_db
def test_reimport_replaces_the_values_of_the_same_indicator(client, editor):
    first = upload(client, b"code;Part (%)\n40192;1\n40088;2\n")
    client.post(confirm_url(), {"payload": payload_of(first)})
    second = upload(client, b"code;Part (%)\n40192;3\n")
    assert "Un indicateur de même nom" in second.content.decode()
    client.post(confirm_url(), {"payload": payload_of(second)})
    indicator = Indicator.objects.get(name="Part")
    assert {code: v.value for code, v in indicator.values_by_code().items()} == {"40192": Decimal("3")}


@pytest.mark.django_db
def test_errors_are_listed_with_their_lines_and_nothing_is_stored(client, editor):
    before = counts()
    response = upload(client, "code;Part\n40192;1\n99999;2\n40088;beaucoup\n40192;3\n".encode())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Le fichier a 3 erreurs : rien n’a été importé." in html
    for line in ("Ligne 3 :", "Ligne 4 :", "Ligne 5 :"):
        assert line in html
    assert 'name="payload"' not in html
    assert counts() == before


@pytest.mark.django_db
def test_merged_commune_warning_is_shown_in_the_preview(client, editor):
    response = upload(client, b"code;Part\n40009;12\n40192;3\n")
    html = unescape(response.content.decode())
    assert ("40009 (Arjuzanx) a fusionné dans Morcenx-la-Nouvelle (40197) : "
            "valeur reprise pour 40197.") in html


@pytest.mark.django_db
def test_tampered_payload_is_refused_and_nothing_is_stored(client, editor):
    response = upload(client, b"code;Part\n40192;1\n")
    payload = payload_of(response)
    before = counts()
    tampered = payload.replace(payload[5], "A" if payload[5] != "A" else "B", 1)
    refused = client.post(confirm_url(), {"payload": tampered})
    assert refused.status_code == 400
    assert "modifié" in refused.content.decode() or "reçu" in refused.content.decode()
    assert client.post(confirm_url(), {"payload": ""}).status_code == 400
    assert counts() == before


@pytest.mark.django_db
def test_payload_of_another_user_is_refused(client, editor, make_user):
    payload = payload_of(upload(client, b"code;Part\n40192;1\n"))
    other = make_user("moderation@landes.fr", groups=["Modération"])
    client.force_login(other)
    before = counts()
    response = client.post(confirm_url(), {"payload": payload})
    assert response.status_code == 400 and "une autre personne" in response.content.decode()
    assert counts() == before


@pytest.mark.django_db
def test_file_too_big_gives_a_clear_error(client, editor):
    response = upload(client, b"code;Part\n" + b"40192;1\n" * (MAX_FILE_SIZE // 8 + 1))
    assert response.status_code == 200
    assert "Le fichier est trop volumineux : 5 Mo au maximum." in response.content.decode()


@pytest.mark.django_db
def test_missing_source_is_a_form_error(client, editor):
    response = upload(client, b"code;Part\n40192;1\n", source="")
    assert response.status_code == 200 and 'name="payload"' not in response.content.decode()
    assert response.context["form"].errors["source"]


@pytest.mark.django_db
def test_moderation_can_import(client, make_user):
    client.force_login(make_user("mod@landes.fr", groups=["Modération"]))
    assert client.get(import_url()).status_code == 200
    assert client.get(LIST_URL).status_code == 200


@pytest.mark.django_db
def test_committee_member_cannot_list_edit_or_import(client, make_user):
    indicator = Indicator.objects.create(name="Taux", level=Level.COMMUNE, source="INSEE")
    client.force_login(make_user("comite@landes.fr", groups=["Comité Nouvelles solidarités"]))
    for url in (LIST_URL, import_url(),
                reverse("wagtailsnippets_diagnostic_indicator:add"),
                reverse("wagtailsnippets_diagnostic_indicator:edit", args=[indicator.pk]),
                reverse("wagtailsnippets_diagnostic_indicator:delete", args=[indicator.pk])):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert response["Location"] == "/admin/"
    before = counts()
    response = client.post(confirm_url(), {"payload": "x"})
    assert response.status_code in (302, 403)
    refused = upload(client, b"code;Part\n40192;1\n")
    assert refused.status_code in (302, 403)
    assert counts() == before


@pytest.mark.django_db
def test_groups_hold_the_indicator_permissions():
    from django.contrib.auth.models import Group

    def codenames(name):
        return set(Group.objects.get(name=name).permissions.filter(
            content_type__app_label="diagnostic").values_list("codename", flat=True))

    expected = {"add_indicator", "change_indicator", "delete_indicator", "view_indicator"}
    assert expected <= codenames("Rédaction")
    assert expected <= codenames("Modération")
    assert codenames("Comité Nouvelles solidarités") == set()


@pytest.mark.django_db
def test_anonymous_is_sent_to_the_login(client):
    response = client.get(import_url())
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_level_cannot_change_once_the_indicator_has_values(client, editor):
    client.post(confirm_url(), {"payload": payload_of(upload(client, b"code;Part\n40192;1\n"))})
    indicator = Indicator.objects.get(name="Part")
    url = reverse("wagtailsnippets_diagnostic_indicator:edit", args=[indicator.pk])
    data = {"name": "Part", "level": Level.EPCI, "year": "2021", "unit": "", "source": "INSEE",
            "source_url": "", "definition": "", "method": "", "decimal_places": "1",
            "departement_value": "", "france_value": "", "published": "on"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "autre échelon territorial" in response.content.decode()
    indicator.refresh_from_db()
    assert indicator.level == Level.COMMUNE
    data["level"] = Level.COMMUNE
    data["definition"] = "Part des ménages"
    assert client.post(url, data).status_code == 302
    indicator.refresh_from_db()
    assert indicator.definition == "Part des ménages" and indicator.values.count() == 1


@pytest.mark.django_db
def test_listing_searches_and_filters_by_level(client, editor):
    Indicator.objects.create(name="Taux de pauvreté", level=Level.COMMUNE, source="INSEE")
    Indicator.objects.create(name="Densité", level=Level.EPCI, source="IGN")
    searched = client.get(LIST_URL, {"q": "pauvreté"}).content.decode()
    assert "Taux de pauvreté" in searched and "Densité" not in searched
    filtered = client.get(LIST_URL, {"level": Level.EPCI}).content.decode()
    assert "Densité" in filtered and "Taux de pauvreté" not in filtered
