"""Columns of questions since removed from the form, and cells cleaned before the CSV
formula guard, on every database (PostgreSQL finds removed keys with one query).

Removed questions follow the current ones, once each, in the order their answers first
appear (first stored submission first), read from AnswerKey (recorded when a submission
is saved): every export of a page, filtered or not, has the same columns.
"""

import csv
import datetime
import io

import pytest

from django.core.management import call_command

from consultation.committee.exports import ExportTable, iter_csv
from consultation.models import AnswerKey, ConsultationSubmission

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
    submit(page, {"beta_ancienne": "\x01=1+1"}, 4)
    submit(page, {"votre_avis": "", "alpha_ancienne": "a2"}, 5)

    rows = read_csv(ExportTable(page))

    assert rows[0][7:] == ["Votre avis", "zeta_ancienne", "alpha_ancienne", "beta_ancienne"]
    assert [row[7:] for row in rows[1:]] == [
        ["bien", "z1", "", ""],
        ["moyen", "z2", "a1", ""],
        ["", "", "", "'=1+1"],  # control character removed, then the formula guarded
        ["", "", "a2", ""],
    ]
    assert rows[1][1] == "2026-03-02 12:00:00"


def test_filtered_exports_keep_the_same_columns(page):
    submit(page, {"votre_avis": "bien", "ancienne_question": "x"}, 2)
    kept = submit(page, {"votre_avis": "moyen"}, 3)

    table = ExportTable(page, page.get_submissions().filter(pk=kept.pk))

    assert table.header()[7:] == ["Votre avis", "ancienne_question"]
    assert [row[7:] for row in table.rows()] == [["moyen", ""]]


def test_answer_keys_are_recorded_once_per_page_in_order_of_appearance(page, make_page):
    other = make_page("autre-page", [("Votre avis", "singleline", False)])
    first = submit(page, {"votre_avis": "bien", "zeta": "z"}, 2)
    submit(page, {"alpha": "a", "zeta": "z2", "votre_avis": "x"}, 3)
    submit(other, {"omega": "o"}, 3)

    keys = AnswerKey.objects.filter(page_id=page.pk)

    assert list(keys.values_list("key", "submission_id", "position")) == [
        ("votre_avis", first.pk, 0), ("zeta", first.pk, 1), ("alpha", first.pk + 1, 0),
    ]
    assert list(AnswerKey.objects.filter(page_id=other.pk).values_list("key", flat=True)) == [
        "omega"]


def test_bulk_loaded_answers_are_recorded_by_the_command(page):
    ConsultationSubmission.objects.bulk_create([
        ConsultationSubmission(page=page, form_data={"votre_avis": "b", "importee": "i"}),
    ])
    assert ExportTable(page).header()[7:] == ["Votre avis"]  # bulk_create skips save()

    call_command("record_answer_keys", verbosity=0)
    call_command("record_answer_keys", verbosity=0)  # idempotent

    assert ExportTable(page).header()[7:] == ["Votre avis", "importee"]
    assert AnswerKey.objects.filter(page_id=page.pk).count() == 2


def test_migration_records_the_keys_of_existing_answers(page):
    """Migration 0008's data step, run on answers stored before the registry existed."""
    from importlib import import_module
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    # (PostgreSQL's jsonb orders keys shortest first: these keys keep the same order.)
    older = submit(page, {"votre_avis": "bien", "retiree_longue": "r"}, 2)
    submit(page, {"autre_retiree": "x", "votre_avis": "b"}, 3)
    AnswerKey.objects.all().delete()
    assert ExportTable(page).header()[7:] == ["Votre avis"]

    migration = import_module("consultation.migrations.0008_answer_keys")
    migration.record_existing_keys(apps, SimpleNamespace(connection=connection))

    assert list(AnswerKey.objects.filter(page_id=page.pk).values_list(
        "key", "submission_id")) == [
        ("votre_avis", older.pk), ("retiree_longue", older.pk), ("autre_retiree", older.pk + 1)]
    assert ExportTable(page).header()[7:] == ["Votre avis", "retiree_longue", "autre_retiree"]


def test_removed_question_keeps_its_label_when_its_first_revision_had_no_key(page):
    """Wagtail stores a new question's revision before setting its key (clean_name "")."""
    submit(page, {"votre_avis": "b", "votre_logement": "Autre",
                  "votre_logement__autre": "caravane"}, 2)
    revision = page.save_revision()
    revision.content["form_fields"].append(
        {"clean_name": "", "label": "Votre logement", "field_type": "radio"})
    revision.save(update_fields=["content"])
    page.save_revision()  # a later revision without the question (it was removed)

    table = ExportTable(page)

    assert table.header()[7:] == [
        "Votre avis", "Votre logement", "Votre logement — autre (précisez)"]
    codebook = {row[0]: row[1] for row in table.codebook()[1]}
    assert codebook["votre_logement__autre"] == "Votre logement — autre (précisez)"
