"""Export cells that spreadsheets could run as formulas are neutralised (case C6, first part)."""

import pytest

from consultation.exports import ExportTable


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
def test_formula_cells_get_a_leading_apostrophe(text, expected):
    assert ExportTable.safe_cell(text) == expected


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
