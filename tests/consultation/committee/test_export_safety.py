"""Export cells that spreadsheets could run as formulas are neutralised: read as text."""

import pytest

from consultation.committee.exports import ExportTable


@pytest.mark.parametrize(
    "text, expected",
    [
        ('=HYPERLINK("http://exemple.invalid","Voir")', '\'=HYPERLINK("http://exemple.invalid","Voir")'),
        ("@mairie", "'@mairie"),
        ("+33 6 12 34 56 78", "'+33 6 12 34 56 78"),
        ("- loyer trop cher", "'- loyer trop cher"),
        ("\tcmd", "'\tcmd"),
        ("Évreux — aide à l'énergie", "Évreux — aide à l'énergie"),
        ("", ""),
    ],
)
@pytest.mark.django_db
def test_formula_cells_get_a_leading_apostrophe(make_page, text, expected):
    """The CSV download (``iter_csv``, as the committee's export views stream it) puts
    an apostrophe before an answer a spreadsheet would run as a formula; the XLSX
    download keeps the text as the resident wrote it, in a typed string cell."""
    import csv
    import io

    import openpyxl

    from consultation.committee.exports import iter_csv, write_xlsx
    from consultation.models import ConsultationSubmission

    page = make_page("formules", [("Texte", "multiline", False)])
    key = page.get_form_fields()[0].clean_name
    ConsultationSubmission.objects.create(page=page, form_data={key: text})
    text_csv = "".join(iter_csv(ExportTable(page)))
    rows = list(csv.reader(io.StringIO(text_csv, newline="")))
    assert rows[1][7] == expected
    handle = io.BytesIO()
    write_xlsx(ExportTable(page), handle)
    handle.seek(0)
    cell = openpyxl.load_workbook(handle).worksheets[0]["H2"]
    assert (cell.value or "") == text
    if text:
        assert cell.data_type == "s"


@pytest.mark.django_db
def test_overlong_answer_is_refused_with_a_french_error_and_not_stored(
    client, consultation_page, keys, valid_answers
):
    from consultation.models import ConsultationSubmission
    from tests.consultation.conftest import answer

    answers = dict(valid_answers)
    answers[keys["Avez-vous des propositions d'actions à engager ?"]] = "é" * 5001
    response, _ = answer(client, consultation_page, answers)
    assert response.status_code == 200
    assert "au plus 5000 caractères" in response.content.decode()
    assert ConsultationSubmission.objects.count() == 0


def test_line_separators_become_spaces_in_every_format(make_page):
    """A vertical tab pasted from Word ("a\\x0bb") reads "a b" in every export, not
    "ab"; so do form feed, the file/group/record separators, NEL and U+2028/U+2029.
    Other control characters are removed; CR and LF are kept."""
    import io

    import openpyxl

    from consultation.committee.exports import ExportTable, clean_text, write_xlsx
    from consultation.models import ConsultationSubmission

    assert clean_text("a\x0bb") == "a b"
    assert clean_text("a\x0cb\x1cc\x1dd\x1ee\u2028f\u2029g\x85h") == "a b c d e f g h"
    assert clean_text("a\x00b\x1fc\x7fd\r\ne") == "abcd\r\ne"

    page = make_page("separateurs", [("Texte", "multiline", False)])
    key = page.get_form_fields()[0].clean_name
    ConsultationSubmission.objects.create(page=page, form_data={key: "mot\x0bsuivant\u2028fin"})
    table = ExportTable(page)
    assert list(table.rows())[0][7] == "mot suivant fin"
    assert list(table.csv_lines())[0].endswith(",mot suivant fin")
    handle = io.BytesIO()
    write_xlsx(ExportTable(page), handle)
    handle.seek(0)
    assert openpyxl.load_workbook(handle).worksheets[0]["H2"].value == "mot suivant fin"
