"""Invalid filters on the statistics pages (?commune=99999, ?du=pas-une-date): an alert at
the top lists the French errors as the committee listing does, the status never says
"Aucun filtre", and no CSV link is offered (the CSV view refuses invalid filters with a
400, so a link would lead nowhere)."""

import html as html_module
import re

import pytest

from tests.consultation.committee.test_statistics import known, url  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

INVALID = "?du=pas-une-date&commune=99999"
ALERT_INTRO = "Certains filtres ne sont pas valides et n’ont pas été appliqués :"
NOT_APPLIED = ("Filtres non appliqués (certains ne sont pas valides) : "
               "les chiffres portent sur toutes les réponses.")
NO_FILTER = "Aucun filtre : toutes les réponses."


def page_text(response):
    """(HTML with entities decoded, the alert's text or None) of a 200 response."""
    assert response.status_code == 200
    html = html_module.unescape(response.content.decode())
    alert = re.search(r'<div[^>]*role="alert"[^>]*>(.*?)</div>', html, re.S)
    text = " ".join(re.sub(r"<[^>]+>", " ", alert.group(1)).split()) if alert else None
    return html, text


def csv_links(html):
    return re.findall(r'href="([^"]*\.csv[^"]*)"', html)


@pytest.mark.parametrize("suffix", ["", "besoins-actions/"])
def test_invalid_filters_give_an_alert_at_the_top_and_no_download(
    committee_client, consultation_page, known, suffix  # noqa: F811
):
    html, alert = page_text(committee_client.get(url(consultation_page, suffix) + INVALID))

    assert alert is not None, "no role=alert box"
    assert ALERT_INTRO in alert
    assert "Commune — Sélectionnez un choix valide. 99999 n’en fait pas partie." in alert
    assert "Du (jour) — Saisissez une date valide." in alert
    assert html.index('role="alert"') < html.index('id="id_du"')  # above the fields
    assert NO_FILTER not in html
    assert NOT_APPLIED in html
    assert "12 réponses dans la sélection" in html
    assert "Télécharger ce tableau (CSV)" not in html
    assert csv_links(html) == []


def test_invalid_filters_hide_the_cross_tab_download(committee_client, consultation_page, known, keys):  # noqa: F811
    from tests.consultation.committee.test_statistics import AGE, DIFFICULTIES

    query = f"&lignes={keys[DIFFICULTIES]}&colonnes={keys[AGE]}"
    html, alert = page_text(committee_client.get(url(consultation_page) + INVALID + query))
    assert alert is not None
    assert "Tableau croisé" in html
    assert csv_links(html) == []


@pytest.mark.parametrize("suffix", ["", "besoins-actions/"])
def test_valid_or_no_filters_keep_the_status_and_the_downloads(
    committee_client, consultation_page, known, suffix  # noqa: F811
):
    html, alert = page_text(committee_client.get(url(consultation_page, suffix)))
    assert alert is None
    assert NO_FILTER in html and NOT_APPLIED not in html
    assert csv_links(html)

    html, alert = page_text(committee_client.get(url(consultation_page, suffix) + "?commune=40192"))
    assert alert is None
    assert NO_FILTER not in html and NOT_APPLIED not in html
    assert "Commune : Mont-de-Marsan" in html
    assert "6 réponses dans la sélection" in html
    links = csv_links(html)
    assert links and all("commune=40192" in link for link in links)
    for link in links:
        assert committee_client.get(link).status_code == 200
