"""Columns of questions since removed from the form, and cells cleaned before the CSV
formula guard, on every database (PostgreSQL finds removed keys with one query).

Removed questions follow the current ones, once each, in the order their answers first
appear (oldest submission first); only the exported (filtered) submissions count.
"""

import csv
import datetime
import io

import pytest

from consultation.exports import ExportTable, iter_csv
from consultation.models import ConsultationSubmission

pytestmark = pytest.mark.django_db

PARIS = datetime.timezone(datetime.timedelta(hours=1))


def submit(page, data, day):
    """A submission of ``page`` answered on March ``day`` 2026 at noon (Paris)."""
    submission = ConsultationSubmission.objects.create(page=page, form_data=data)
    moment = datetime.datetime(2026, 3, day, 12, 0, tzinfo=PARIS)
    ConsultationSubmission.objects.filter(pk=submission.pk).update(submit_time=moment)
    return submission


def read_csv(table):
    text = "".join(iter_csv(table))
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.fixture
def page(make_page):
    return make_page("colonnes-retirees", [("Votre avis", "singleline", False)])


def test_removed_questions_follow_in_order_of_first_answer(page):
    submit(page, {"votre_avis": "bien", "zeta_ancienne": "z1"}, 2)
    submit(page, {"votre_avis": "moyen", "alpha_ancienne": "a1", "zeta_ancienne": "z2"}, 3)
    submit(page, {"beta_ancienne": "\x0b=1+1"}, 4)
    submit(page, {"votre_avis": "", "alpha_ancienne": "a2"}, 5)

    rows = read_csv(ExportTable(page))

    assert rows[0][2:] == ["Votre avis", "zeta_ancienne", "alpha_ancienne", "beta_ancienne"]
    assert [row[2:] for row in rows[1:]] == [
        ["bien", "z1", "", ""],
        ["moyen", "z2", "a1", ""],
        ["", "", "", "'=1+1"],  # control character removed, then the formula guarded
        ["", "", "a2", ""],
    ]
    assert rows[1][1] == "2026-03-02 12:00:00"


def test_only_the_exported_submissions_give_removed_columns(page):
    submit(page, {"votre_avis": "bien", "ancienne_question": "x"}, 2)
    kept = submit(page, {"votre_avis": "moyen"}, 3)

    table = ExportTable(page, page.get_submissions().filter(pk=kept.pk))

    assert table.header()[2:] == ["Votre avis"]
    assert [row[2:] for row in table.rows()] == [["moyen"]]
