"""Filters of the committee's submissions: one FilterSet for the listing, the exports
and the statistics (SQLite and PostgreSQL give the same rows)."""

import datetime
import zoneinfo

import pytest
from django.http import QueryDict

from consultation.committee.filters import SubmissionFilter, answer_condition
from consultation.models import ConsultationSubmission

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture
def submissions(consultation_page, keys):
    """Four submissions with known answers, times and communes."""
    from portal.models import Commune

    difficulties = keys["Avez-vous rencontré des difficultés pendant et/ou après le confinement ?"]
    domains = keys["Si oui, dans quel(s) domaine(s) ?"]
    rows = [
        # (Paris local time, INSEE, difficulties, domains)
        (datetime.datetime(2020, 6, 29, 23, 59), "40192", "Oui", ["alimentation", "logement"]),
        (datetime.datetime(2020, 6, 30, 0, 30), "40088", "Oui", ["logement"]),
        (datetime.datetime(2020, 6, 30, 23, 30), "40192", "Non", []),
        (datetime.datetime(2020, 7, 1, 0, 0), "40046", "Oui", ["alimentation"]),
    ]
    made = []
    for moment, insee, answer, chosen in rows:
        data = {difficulties: answer}
        if chosen:
            data[domains] = chosen
        made.append(ConsultationSubmission.objects.create(
            page=consultation_page, form_data=data,
            commune=Commune.objects.get(insee_code=insee),
        ))
        ConsultationSubmission.objects.filter(pk=made[-1].pk).update(
            submit_time=moment.replace(tzinfo=PARIS))
    return made


def ids(consultation_page, query):
    filterset = SubmissionFilter(QueryDict(query), queryset=consultation_page.get_submissions(),
                                 page=consultation_page)
    return filterset, sorted(filterset.qs.values_list("pk", flat=True))


def test_paris_days_inclusive(consultation_page, submissions):
    # 23:30 on the 30th in Paris is 21:30 UTC: inside a 30th-to-30th filter.
    _, found = ids(consultation_page, "du=2020-06-30&au=2020-06-30")
    assert found == [submissions[1].pk, submissions[2].pk]
    _, found = ids(consultation_page, "au=2020-06-29")
    assert found == [submissions[0].pk]


def test_commune_and_epci(consultation_page, submissions):
    from portal.models import Commune

    _, found = ids(consultation_page, "commune=40192")
    assert found == [submissions[0].pk, submissions[2].pk]
    epci = Commune.objects.get(insee_code="40192").epci
    _, found = ids(consultation_page, f"epci={epci.siren}")
    expected = [s.pk for s in submissions if s.commune.epci_id == epci.pk]
    assert found == expected and len(found) >= 2


def test_answer_of_single_and_multiple_choice(consultation_page, submissions, keys):
    difficulties = keys["Avez-vous rencontré des difficultés pendant et/ou après le confinement ?"]
    domains = keys["Si oui, dans quel(s) domaine(s) ?"]
    _, found = ids(consultation_page, f"q_{difficulties}=Non")
    assert found == [submissions[2].pk]
    _, found = ids(consultation_page, f"q_{domains}=alimentation")
    assert found == [submissions[0].pk, submissions[3].pk]
    _, found = ids(consultation_page, f"q_{domains}=logement&commune=40088")
    assert found == [submissions[1].pk]


def test_invalid_values_show_a_french_error_and_filter_nothing(consultation_page, submissions):
    filterset, found = ids(consultation_page, "du=30/13/2020&commune=99999")
    assert len(found) == 4
    errors = filterset.form.errors
    assert "du" in errors and "commune" in errors
    assert "Saisissez une date valide." in errors["du"][0]


def test_active_filters_are_readable(consultation_page, submissions):
    filterset, _ = ids(consultation_page, "commune=40192&du=2020-06-30")
    assert ("Commune", "Mont-de-Marsan (40192)") in filterset.active


def test_answer_condition_refuses_odd_keys():
    with pytest.raises(ValueError):
        answer_condition(ConsultationSubmission, "a'); DROP TABLE x; --", "Oui")


@pytest.mark.parametrize("query, field, message", [
    ("du=0001-01-01", "du", "Indiquez un jour entre le 1er janvier 2000 et le 31 décembre 2999."),
    ("au=9999-12-31", "au", "Indiquez un jour entre le 1er janvier 2000 et le 31 décembre 2999."),
    ("du=2026-12-01&au=2020-01-01", "au", "Le dernier jour est avant le premier."),
])
def test_out_of_range_or_reversed_days_are_errors_never_500(
    client, committee_member, consultation_page, submissions, query, field, message
):
    filterset, found = ids(consultation_page, query)
    assert filterset.form.errors[field] == [message]
    client.force_login(committee_member)
    listing = client.get(f"/admin/comite/{consultation_page.pk}/?{query}")
    assert listing.status_code == 200 and message in listing.content.decode()
    for suffix in ("export.csv", "export.xlsx", "statistiques/communes.csv"):
        response = client.get(f"/admin/comite/{consultation_page.pk}/{suffix}?{query}")
        assert response.status_code == 400, suffix
        assert message in response.content.decode()
    assert client.get(f"/admin/comite/{consultation_page.pk}/statistiques/?{query}").status_code == 200


UNKNOWN = ("Ces filtres ne désignent aucune question à choix de ce formulaire (retirée, ou "
           "jamais à choix) : {}.")


@pytest.mark.parametrize("query, names", [
    ("q_inconnue=Oui", "inconnue"),
    ("q_votre_commune=40192", "votre_commune"),  # a commune question: filter "commune"
    ("q_zeta=1&q_alpha=2&commune=40192", "alpha, zeta"),
])
def test_unknown_question_filters_are_errors_never_ignored(
    client, committee_member, consultation_page, submissions, query, names
):
    message = UNKNOWN.format(names)
    filterset, _found = ids(consultation_page, query)
    assert filterset.form.non_field_errors() == [message]
    client.force_login(committee_member)
    listing = client.get(f"/admin/comite/{consultation_page.pk}/?{query}").content.decode()
    assert f"<li>{message}</li>" in listing.replace("&#x27;", "'")
    for suffix in ("export.csv", "export.ods", "statistiques/communes.csv"):
        response = client.get(f"/admin/comite/{consultation_page.pk}/{suffix}?{query}")
        assert response.status_code == 400, suffix
        assert message in response.content.decode()


def test_a_filter_on_a_question_since_removed_is_an_error(consultation_page, submissions, keys):
    removed = keys["Avez-vous rencontré des difficultés pendant et/ou après le confinement ?"]
    query = f"q_{removed}=Oui"
    assert ids(consultation_page, query)[0].form.is_valid()
    consultation_page.form_fields.filter(clean_name=removed).delete()
    filterset, _found = ids(consultation_page, query)
    assert filterset.form.non_field_errors() == [UNKNOWN.format(removed)]


def test_empty_unknown_filters_are_harmless(consultation_page, submissions):
    filterset, found = ids(consultation_page, "q_inconnue=&du=")
    assert filterset.form.is_valid()
    assert len(found) == len(submissions)


def test_field_errors_are_tied_to_their_field(client, committee_member, consultation_page):
    client.force_login(committee_member)
    html = client.get(f"/admin/comite/{consultation_page.pk}/?au=hier").content.decode()
    assert 'aria-describedby="id_au_error"' in html
    assert 'id="id_au_error"' in html
