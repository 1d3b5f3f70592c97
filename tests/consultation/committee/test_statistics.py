"""Committee statistics: counts and percentages per option,
filters honoured, commune/EPCI breakdowns, cross-tab, small-count suppression in the page
and in the CSV, accessible SVG charts with data tables, permissions."""

import csv
import datetime
import html as html_module
import io
import re
import zoneinfo

import pytest
from wagtail.models import PageLogEntry

from consultation.models import ConsultationSubmission

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")

DIFFICULTIES = "Avez-vous rencontré des difficultés pendant et/ou après le confinement ?"
DOMAINS = "Si oui, dans quel(s) domaine(s) ?"
AGE = "Votre tranche d'âge"


@pytest.fixture
def known(consultation_page, keys):
    """12 submissions with known answers.

    0-5: Mont-de-Marsan, difficulties "Oui", 35-49; domains: alimentation x6,
    logement x5 (0-4), sante x2 (4, 5). 6-10: Dax, "Non", 50-64. 11: no commune, "Non",
    65-79. Submission 0 was sent at 23:30 on 2020-06-30 (Paris), the others on
    2020-07-02 at noon.
    """
    from portal.models import Commune

    mdm = Commune.objects.get(insee_code="40192")
    dax = Commune.objects.get(insee_code="40088")
    rows = []
    for i in range(12):
        data = {keys[DIFFICULTIES]: "Oui" if i < 6 else "Non"}
        if i < 6:
            domains = ["alimentation"] + (["logement"] if i < 5 else [])
            domains += ["sante"] if i in (4, 5) else []
            data[keys[DOMAINS]] = domains
        data[keys[AGE]] = "35-49" if i < 6 else ("50-64" if i < 11 else "65-79")
        commune = mdm if i < 6 else (dax if i < 11 else None)
        rows.append(ConsultationSubmission.objects.create(
            page=consultation_page, form_data=data, commune=commune))
    moment = datetime.datetime(2020, 7, 2, 12, 0, tzinfo=PARIS)
    ConsultationSubmission.objects.filter(page=consultation_page).update(submit_time=moment)
    ConsultationSubmission.objects.filter(pk=rows[0].pk).update(
        submit_time=datetime.datetime(2020, 6, 30, 23, 30, tzinfo=PARIS))
    return rows


def url(page, suffix=""):
    return f"/admin/comite/{page.pk}/statistiques/{suffix}"


def section(html, heading):
    """The HTML of the <section> whose <h2> is ``heading`` (str)."""
    from django.utils.html import escape

    start = html.index(f">{escape(heading)}</h2>")
    return html[start: html.index("</section>", start)]


def table_rows(html):
    """Rows of the first data table in ``html``: list of lists of cell texts."""
    body = html[html.index("<table"): html.index("</table>")]
    rows = []
    for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        rows.append([html_module.unescape(re.sub(r"<[^>]+>", "", c)).strip()
                     for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)])
    return rows


def read_csv(response):
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_counts_and_percentages_per_option(committee_client, consultation_page, known):
    response = committee_client.get(url(consultation_page))
    assert response.status_code == 200
    html = response.content.decode()
    assert "12 réponses dans la sélection" in html

    rows = table_rows(section(html, DIFFICULTIES))
    assert rows[0] == ["Réponse", "Nombre", "Pourcentage"]
    assert rows[1:] == [["Oui", "6", "50,0\u00a0%"], ["Non", "6", "50,0\u00a0%"],
                        ["Total", "12", ""]]

    # Multiple choice: counted per option, percentages of the 6 respondents.
    domains = section(html, DOMAINS)
    rows = {r[0]: r[1:] for r in table_rows(domains)}
    assert rows["Alimentation"] == ["6", "100,0\u00a0%"]
    assert rows["Logement"] == ["5", "83,3\u00a0%"]
    assert rows["Santé"] == ["< 5", ""]
    assert rows["Mobilité"] == ["0", "0,0\u00a0%"]
    assert "Total" not in rows  # options overlap: no total row
    assert "Pourcentages des 6 personnes ayant répondu à cette question" in domains


def test_small_counts_and_secondary_suppression(committee_client, consultation_page, known):
    html = committee_client.get(url(consultation_page)).content.decode()
    rows = {r[0]: r[1:] for r in table_rows(section(html, AGE))}
    # 65-79 has 1 answer: "< 5"; 50-64 (5) would give it back as 12 - 6 - 5: hidden too.
    assert rows["65-79 ans"] == ["< 5", ""]
    assert rows["50-64 ans"] == ["masqué", ""]
    assert rows["35-49 ans"] == ["6", "50,0\u00a0%"]
    assert rows["Total"][0] == "12"
    assert ">1<" not in section(html, AGE)


def test_commune_and_epci_breakdowns(committee_client, consultation_page, known):
    html = committee_client.get(url(consultation_page)).content.decode()
    communes = {r[0]: r[1:] for r in table_rows(section(html, "Personnes ayant répondu par commune"))}
    assert communes["Mont-de-Marsan (40192)"] == ["6", "50,0\u00a0%"]
    assert communes["Commune non indiquée"] == ["< 5", ""]
    assert communes["Dax (40088)"] == ["masqué", ""]  # 12 - 6 - 1 would give it back
    assert communes["Total"][0] == "12"
    epci = {r[0]: r[1:] for r in table_rows(section(html, "Personnes ayant répondu par EPCI"))}
    assert epci["Mont de Marsan Agglomération"] == ["6", "50,0\u00a0%"]
    assert epci["Communauté d'agglomération du Grand Dax"] == ["masqué", ""]
    assert epci["EPCI inconnu"] == ["< 5", ""]


def test_filters_paris_days_and_commune(committee_client, consultation_page, known):
    # 23:30 on the 30th in Paris (21:30 UTC) is inside a 30th-to-30th filter.
    html = committee_client.get(url(consultation_page) + "?du=2020-06-30&au=2020-06-30").content.decode()
    assert "1 réponse dans la sélection" in html
    rows = {r[0]: r[1:] for r in table_rows(section(html, DIFFICULTIES))}
    assert rows["Oui"] == ["< 5", ""]
    assert rows["Non"] == ["0", ""]  # the base is hidden: no percentage at all

    html = committee_client.get(url(consultation_page) + "?commune=40088").content.decode()
    assert "5 réponses dans la sélection" in html
    assert "Dax (40088)" in html  # the active filter is stated
    rows = {r[0]: r[1:] for r in table_rows(section(html, DIFFICULTIES))}
    assert rows["Non"] == ["5", "100,0\u00a0%"]
    assert rows["Oui"] == ["0", "0,0\u00a0%"]


def test_answer_filter_and_epci_filter(committee_client, consultation_page, known, keys):
    from portal.models import Commune

    siren = Commune.objects.get(insee_code="40192").epci.siren
    html = committee_client.get(url(consultation_page) + f"?epci={siren}").content.decode()
    assert "6 réponses dans la sélection" in html
    html = committee_client.get(
        url(consultation_page) + f"?q_{keys[DOMAINS]}=sante").content.decode()
    assert "2 réponses dans la sélection" in html


def test_svg_chart_and_data_table(committee_client, consultation_page, known):
    html = committee_client.get(url(consultation_page)).content.decode()
    part = section(html, DOMAINS)
    svg = part[part.index("<svg"): part.index("</svg>")]
    assert 'role="img"' in svg
    ids = re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split()
    assert f'<title id="{ids[0]}">{DOMAINS}</title>' in svg.replace("&#x27;", "'")
    assert f'<desc id="{ids[1]}">' in svg
    assert "Alimentation : 6 (100,0\u00a0%)" in svg  # values in text, not colour alone
    assert "Santé : &lt; 5" in svg
    assert "<script" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "<caption>" in part and 'scope="col"' in part and 'scope="row"' in part
    assert "Télécharger ce tableau (CSV)" in part


def test_csv_of_a_question_applies_suppression(committee_client, consultation_page, known, keys):
    page = committee_client.get(url(consultation_page) + "?commune=40192").content.decode()
    link = re.search(r'href="([^"]*q_' + keys[AGE] + r'\.csv[^"]*)"', page).group(1)
    assert "commune=40192" in link
    response = committee_client.get(url(consultation_page, f"q_{keys[AGE]}.csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = read_csv(response)
    assert rows[0] == ["Réponse", "Nombre", "Pourcentage"]
    table = {r[0]: r[1:] for r in rows[1:]}
    assert table["65-79 ans"] == ["< 5", ""]
    assert table["50-64 ans"] == ["masqué", ""]
    assert table["35-49 ans"] == ["6", "50,0\u00a0%"]
    assert not any(cell in ("1", "5") for r in rows for cell in r[1:])
    entry = PageLogEntry.objects.filter(action="consultation.export").get()
    assert entry.data["table"] == f"q_{keys[AGE]}"
    assert entry.page_id == consultation_page.pk


def test_csv_honours_filters(committee_client, consultation_page, known, keys):
    rows = read_csv(committee_client.get(
        url(consultation_page, f"q_{keys[DIFFICULTIES]}.csv") + "?commune=40088"))
    assert {r[0]: r[1:] for r in rows[1:]}["Non"] == ["5", "100,0\u00a0%"]
    entry = PageLogEntry.objects.filter(action="consultation.export").get()
    assert entry.data["filters"] == {"Commune": "Dax (40088)"}  # as the other exports


def test_cross_tab(committee_client, consultation_page, known, keys):
    query = f"?lignes={keys[DIFFICULTIES]}&colonnes={keys[AGE]}"
    html = committee_client.get(url(consultation_page) + query).content.decode()
    part = section(html, "Tableau croisé de deux questions")
    rows = table_rows(part)
    header = rows[0]
    assert header[0] == DIFFICULTIES
    assert header[-1] == "Total (personnes)"
    cells = {r[0]: dict(zip(header[1:], r[1:])) for r in rows[1:]}
    assert cells["Oui"]["35-49 ans"] == "6" and cells["Oui"]["50-64 ans"] == "0"
    assert cells["Oui"]["Total (personnes)"] == "6"
    # Non: 5 in 50-64, 1 in 65-79 -> "< 5", and 5 is hidden too (the row total is shown).
    assert cells["Non"]["65-79 ans"] == "< 5"
    assert cells["Non"]["50-64 ans"] == "masqué"
    assert cells["Non"]["Total (personnes)"] == "6"
    # Column 50-64 would give its hidden cell back from its total: the total is hidden.
    assert cells["Total (personnes)"]["50-64 ans"] == "masqué"
    assert cells["Total (personnes)"]["65-79 ans"] == "< 5"
    assert cells["Total (personnes)"]["Total (personnes)"] == "12"

    response = committee_client.get(url(consultation_page, "croise.csv") + query)
    csv_rows = read_csv(response)
    assert csv_rows == [header] + [r for r in rows[1:]]


def test_cross_tab_of_a_multiple_choice(committee_client, consultation_page, known, keys):
    query = f"?lignes={keys[DOMAINS]}&colonnes={keys[DIFFICULTIES]}"
    rows = table_rows(section(committee_client.get(url(consultation_page) + query)
                              .content.decode(), "Tableau croisé de deux questions"))
    cells = {r[0]: r[1:] for r in rows[1:]}
    assert cells["Alimentation"] == ["6", "0", "6"]
    assert cells["Logement"] == ["5", "0", "5"]
    assert cells["Santé"] == ["< 5", "0", "< 5"]
    # Column "Oui" is not additive (options overlap): its total is the 6 respondents.
    assert cells["Total (personnes)"] == ["6", "0", "6"]


def test_cross_tab_refuses_the_same_question_twice(committee_client, consultation_page, known, keys):
    query = f"?lignes={keys[AGE]}&colonnes={keys[AGE]}"
    html = committee_client.get(url(consultation_page) + query).content.decode()
    assert "Choisissez deux questions différentes." in html
    assert committee_client.get(url(consultation_page, "croise.csv") + query).status_code == 404
    assert committee_client.get(url(consultation_page, "inconnu.csv")).status_code == 404
    assert not PageLogEntry.objects.filter(action="consultation.export").exists()


def test_bad_filter_value_shows_an_error_not_a_500(committee_client, consultation_page, known):
    response = committee_client.get(url(consultation_page) + "?du=pas-une-date&commune=99999")
    assert response.status_code == 200
    assert "12 réponses dans la sélection" in response.content.decode()


def test_committee_index_links_to_statistics(committee_client, consultation_page):
    html = committee_client.get("/admin/comite/").content.decode()
    assert f'href="/admin/comite/{consultation_page.pk}/statistiques/"' in html
    assert "Statistiques" in html


SUFFIXES = ["", "besoins-actions/", "epci.csv", "communes.csv", "besoins-actions.csv"]


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_anonymous_is_sent_to_login(client, consultation_page, suffix):
    response = client.get(url(consultation_page, suffix))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")
    assert not PageLogEntry.objects.filter(action="consultation.export").exists()


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_staff_without_permission_is_refused(client, make_user, consultation_page, suffix):
    from django.contrib.auth.models import Permission

    user = make_user("redaction@example.org", groups=["Rédaction"], is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(url(consultation_page, suffix))
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert not PageLogEntry.objects.filter(action="consultation.export").exists()


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_superuser_and_committee_see_them(client, make_user, committee_member,
                                          consultation_page, suffix):
    for user in (committee_member, make_user("admin@example.org", is_staff=True,
                                             is_superuser=True)):
        client.force_login(user)
        assert client.get(url(consultation_page, suffix)).status_code == 200
