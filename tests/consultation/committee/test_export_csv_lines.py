"""The CSV export writes its lines itself (``ExportTable.csv_lines``, remembered answers,
quoting, formula guard): they must be, byte for byte, what ``csv.writer`` writes from
the rows every other format reads (one row builder for all), on every kind of answer,
with both delimiters, with and without contact details, on SQLite and PostgreSQL (where
the database formats the Europe/Paris time)."""

import csv
import datetime
import io

import pytest

from consultation.committee.exports import CSV_MEMO_SIZE, ExportTable, iter_csv
from portal.csv_files import csv_safe
from consultation.models import ConsultationContact, ConsultationSubmission

pytestmark = pytest.mark.django_db

UTC = datetime.timezone.utc

#: Answers covering the cells a CSV line can hold (the keys are those of QUESTIONS).
ANSWERS = [
    {"avis": "Oui, tout à fait", "domaines": ["alimentation", "logement"], "texte": "simple"},
    {"avis": "Non", "domaines": ["inconnu", "mobilite"], "texte": 'il a dit "non"; puis, "oui"'},
    {"texte": "ligne 1\nligne 2\r\nligne 3\rfin", "age": "35-49", "commune": "40192"},
    {"texte": "=HYPERLINK(\"http://exemple.invalid\",\"Voir\")", "commune": "99999"},
    {"texte": "+33 6 12 34 56 78", "age": "inconnue", "nombre": 3},
    {"texte": "- loyer trop cher", "nombre": 2.5, "oui_non": True},
    {"texte": "@mairie", "oui_non": False, "domaines": []},
    {"texte": "\tonglet", "domaines": "alimentation"},
    # Removed control characters, then the formula guard; a vertical tab or form feed
    # (line breaks of Word) becomes a space, so words never run together.
    {"texte": "\x01=1+1 pasted\x0bfrom\x0cWord\x7f", "avis": ""},
    {"texte": "2,5 km; 3,5 km", "ancienne": {"imbrique": [1, 2]}},
    {"ancienne": [["a", "b"], "c"], "autre_ancienne": None},
    {"ancienne": [True, 1, "x"], "autre_ancienne": 1},
    # Other line-separating characters become spaces too.
    {"autre_ancienne": True, "texte": "", "avis": "a\x1cb\x1dc\x1ed\u2028e\u2029f\x85g\x1fh"},
    {},
    {"texte": "Évreux — aide à l'énergie, cœur de bourg", "domaines": ["alimentation", "logement"]},
]

QUESTIONS = [
    ("Avis", "radio", False),
    ("Domaines", "themes", False),
    ("Texte", "multiline", False),
    ("Âge", "age_band", False),
    ("Commune", "commune", False),
    ("Nombre", "number", False),
    ("Oui non", "yes_no", False),
]


@pytest.fixture
def table_page(make_page):
    page = make_page("lignes-csv", QUESTIONS)
    keys = {f.label: f.clean_name for f in page.get_form_fields()}
    renames = {"avis": keys["Avis"], "domaines": keys["Domaines"], "texte": keys["Texte"],
               "age": keys["Âge"], "commune": keys["Commune"], "nombre": keys["Nombre"],
               "oui_non": keys["Oui non"]}
    for number, answers in enumerate(ANSWERS):
        data = {renames.get(k, k): v for k, v in answers.items()}
        submission = ConsultationSubmission.objects.create(page=page, form_data=data)
        # Around the change to summer time (29 March 2026, 01:00 UTC) and midnight.
        moment = datetime.datetime(2026, 3, 28, 22, 30, tzinfo=UTC) + datetime.timedelta(
            hours=number)
        ConsultationSubmission.objects.filter(pk=submission.pk).update(submit_time=moment)
        if number % 3 == 0:
            ConsultationContact.objects.create(
                submission=submission, name='Anne "Nanou", Dupont',
                email="=anne@example.org" if number == 3 else "anne@example.org",
                phone="+33 6 12 34 56 78" if number else "",
            )
    return page


def writer_lines(table, delimiter):
    """What ``csv.writer`` writes from ``table.rows()`` (the cells XLSX, ODS and the
    admin show) with every cell through the formula guard ``csv_safe``."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    for row in table.rows():
        writer.writerow([csv_safe(cell) for cell in row])
    return out.getvalue()


@pytest.mark.parametrize("delimiter", [",", ";"])
@pytest.mark.parametrize("include_contact", [False, True])
def test_csv_lines_are_what_csv_writer_writes(table_page, delimiter, include_contact):
    table = ExportTable(table_page, include_contact=include_contact)

    expected = writer_lines(table, delimiter)
    lines = "".join(line + "\r\n" for line in table.csv_lines(delimiter))

    assert lines == expected
    rows = list(csv.reader(io.StringIO(lines, newline=""), delimiter=delimiter))
    assert len(rows) == len(ANSWERS)
    # Read back as residents wrote them (formula guard aside).
    texts = [row[table.header().index("Texte")] for row in rows]
    assert "ligne 1\nligne 2\r\nligne 3\rfin" in texts
    assert 'il a dit "non"; puis, "oui"' in texts
    assert "'+33 6 12 34 56 78" in texts
    assert "'=1+1 pasted from Word" in texts
    assert "Évreux — aide à l'énergie, cœur de bourg" in texts
    assert "a b c d e f gh" in [row[table.header().index("Avis")] for row in rows]
    # The Europe/Paris time around the change to summer time, formatted by the database
    # on PostgreSQL: 22:30 UTC is 23:30 in winter; 01:30 UTC is 03:30 in summer.
    assert [row[1] for row in rows[:4]] == [
        "2026-03-28 23:30:00", "2026-03-29 00:30:00", "2026-03-29 01:30:00",
        "2026-03-29 03:30:00",
    ]


@pytest.mark.parametrize("size, length", [(1, 200), (1024, 5)])
def test_memory_of_answers_is_bounded(table_page, monkeypatch, size, length):
    monkeypatch.setattr("consultation.committee.exports.CSV_MEMO_SIZE", size)
    monkeypatch.setattr("consultation.committee.exports.CSV_MEMO_MAX_LENGTH", length)
    table = ExportTable(table_page)

    assert CSV_MEMO_SIZE > 1
    assert "".join(line + "\r\n" for line in table.csv_lines(",")) == writer_lines(table, ",")


def test_iter_csv_streams_header_then_chunks_of_lines(table_page, monkeypatch):
    monkeypatch.setattr("consultation.committee.exports.CSV_LINES_PER_CHUNK", 4)
    table = ExportTable(table_page)

    chunks = list(iter_csv(table))

    assert chunks[0].startswith("\ufeffN° de réponse,Date et heure (Europe/Paris),Canal,Version du questionnaire,"
                                "Opérateur,Lot,N° de formulaire,Avis")
    assert chunks[0].endswith("\r\n") and chunks[0].count("\r\n") == 1
    assert len(chunks) == 1 + 4  # 15 rows: 4 + 4 + 4 + 3
    assert "".join(chunks[1:]) == writer_lines(table, ",")
