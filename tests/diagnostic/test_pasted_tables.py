"""Tables pasted by staff from Excel, LibreOffice or Word (diagnostic/pasted_tables.py):
separators, line ends, French and English numbers, secret and missing markers, and
every error with its line number."""

from decimal import Decimal

import pytest
from django.utils import translation

from diagnostic.data_tables import MISSING, NUMBER, SECRET, DataTable
from diagnostic.pasted_tables import (
    MAX_ROWS, MAX_SERIES, PastedTableError, parse_cell, parse_pasted_table)

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


def values(table):
    return [[(c.status, c.value) for c in row.cells] for row in table.rows]


def error_of(text):
    with pytest.raises(PastedTableError) as caught:
        parse_pasted_table(text)
    return caught.value


def test_excel_paste_with_crlf_nbsp_and_trailing_tabs():
    text = (f"Territoire\t2015\t2021\t\r\n"
            f"Landes\t407{NBSP}444\t413{NNBSP}690,5\t\r\n"
            f"Dax\t20 684\ts\t\r\n"
            f"Mont-de-Marsan\t\t-1,25\t\r\n\r\n")
    table = parse_pasted_table(text, caption="Population", source="INSEE", year=2021)
    assert isinstance(table, DataTable)
    assert table.caption == "Population" and table.source == "INSEE" and table.year == 2021
    assert table.row_header == "Territoire"
    assert table.columns == ["2015", "2021"]
    assert [r.label for r in table.rows] == ["Landes", "Dax", "Mont-de-Marsan"]
    assert values(table) == [
        [(NUMBER, Decimal("407444")), (NUMBER, Decimal("413690.5"))],
        [(NUMBER, Decimal("20684")), (SECRET, None)],
        [(MISSING, None), (NUMBER, Decimal("-1.25"))],
    ]


def test_word_paste_with_cr_only_and_quoted_cells():
    text = 'Commune\tTaux\r"Saint-Paul-lès-Dax"\t12,5 %\r"Dax ""centre"""\t8%\r'
    table = parse_pasted_table(text)
    assert [r.label for r in table.rows] == ["Saint-Paul-lès-Dax", 'Dax "centre"']
    assert values(table) == [[(NUMBER, Decimal("12.5"))], [(NUMBER, Decimal("8"))]]


def test_semicolon_separated_lf():
    table = parse_pasted_table("EPCI;Part\nCA du Grand Dax;1.234,5\nCC Orthe;ND\n")
    assert values(table) == [[(NUMBER, Decimal("1234.5"))], [(SECRET, None)]]


def test_tabs_win_over_semicolons():
    table = parse_pasted_table("Libellé\tValeur\nA; B\t3\n")
    assert table.rows[0].label == "A; B"


@pytest.mark.parametrize("text, status, value", [
    ("12,5", NUMBER, "12.5"),
    ("1 234,5", NUMBER, "1234.5"),
    (f"1{NBSP}234{NBSP}567", NUMBER, "1234567"),
    (f"1{NNBSP}234,5", NUMBER, "1234.5"),
    ("1.234,5", NUMBER, "1234.5"),
    ("1.234.567", NUMBER, "1234567"),
    ("1,234.5", NUMBER, "1234.5"),
    ("1234.5", NUMBER, "1234.5"),
    ("-3,2", NUMBER, "-3.2"),
    ("\u22123,2", NUMBER, "-3.2"),
    ("+4", NUMBER, "4"),
    ("45 %", NUMBER, "45"),
    (",5", NUMBER, "0.5"),
    ("0", NUMBER, "0"),
    ("s", SECRET, None), ("S", SECRET, None), ("secret", SECRET, None),
    ("Secret", SECRET, None), ("nd", SECRET, None), ("ND", SECRET, None),
    ("", MISSING, None), ("  ", MISSING, None), ("-", MISSING, None), ("–", MISSING, None),
    ("n/a", MISSING, None), ("n.d.", MISSING, None),
])
def test_cells(text, status, value):
    cell = parse_cell(text)
    assert cell.status == status
    assert cell.value == (Decimal(value) if value else None)


@pytest.mark.parametrize("text", ["abc", "12,5,3", "1.2.3", "12a", "1..2", "--3", "%", "1e5"])
def test_cells_that_are_not_numbers(text):
    with pytest.raises(ValueError):
        parse_cell(text)


def test_not_a_number_names_the_line():
    error = error_of("Commune\tTaux\nDax\t12\nMont-de-Marsan\tabc\n")
    assert error.line == 3
    assert error.message == "ligne 3 : « abc » n'est pas un nombre."
    assert str(error) == error.message
    assert isinstance(error, ValueError)


def test_blank_lines_keep_their_numbers():
    error = error_of("\nCommune;Taux\n\nDax;x\n")
    assert error.line == 4 and error.message.startswith("ligne 4 : ")


def test_empty_table():
    for text in ("", "   ", "\r\n\t\r\n", None):
        error = error_of(text)
        assert error.message == "Le tableau est vide." and error.line is None


def test_too_few_columns():
    error = error_of("Seulement une colonne\nDax\n")
    assert error.line == 1
    assert error.message.startswith("ligne 1 : il faut au moins deux colonnes")


def test_header_without_data():
    error = error_of("Commune\tTaux\n")
    assert error.line == 1 and "aucune ligne de données" in error.message


def test_untitled_column():
    error = error_of("Commune\t\tTaux\nDax\t1\t2\n")
    assert error.message == "ligne 1 : la colonne 2 n'a pas de titre."


def test_too_many_cells_on_a_line():
    error = error_of("Commune\tTaux\nDax\t1\t2\n")
    assert error.line == 2
    assert error.message == "ligne 2 : 3 cellules, mais la ligne d'en-tête en a 2."


def test_short_line_is_padded_with_missing_cells():
    table = parse_pasted_table("Commune\tA\tB\nDax\t1\n")
    assert values(table) == [[(NUMBER, Decimal("1")), (MISSING, None)]]


def test_empty_label():
    error = error_of("Commune\tTaux\n\t12\n")
    assert error.line == 2 and "libellé" in error.message


def test_too_many_rows():
    text = "Commune\tTaux\n" + "".join(f"C{i}\t{i}\n" for i in range(MAX_ROWS + 1))
    error = error_of(text)
    assert error.line == MAX_ROWS + 2
    assert f"plus de {MAX_ROWS} lignes" in error.message
    assert len(parse_pasted_table("Commune\tTaux\n" + "".join(
        f"C{i}\t{i}\n" for i in range(MAX_ROWS))).rows) == MAX_ROWS


def test_too_many_series():
    header = "Commune\t" + "\t".join(f"S{i}" for i in range(MAX_SERIES + 1))
    error = error_of(header + "\nDax\t1\n")
    assert error.line == 1 and f"plus de {MAX_SERIES} colonnes" in error.message


def test_too_large_number_and_too_long_text():
    error = error_of("Commune\tTaux\nDax\t1" + "0" * 20 + "\n")
    assert error.line == 2 and "trop grand" in error.message
    error = error_of("Commune\tTaux\n" + "x" * 300_000)
    assert "caractères" in error.message


def test_labels_stay_plain_text():
    table = parse_pasted_table("<b>Commune</b>\t<script>x</script>\n<img src=x>\t1\n")
    assert table.row_header == "<b>Commune</b>"
    assert table.columns == ["<script>x</script>"]
    assert table.rows[0].label == "<img src=x>"


def test_a_spreadsheet_cell_holding_a_line_break_stays_one_row():
    """Excel and LibreOffice copy a cell holding a line break between double quotes:
    one row "Saint-Sever (ville)", never two invented rows; later line numbers still
    name the physical lines."""
    table = parse_pasted_table('Territoire\tTaux\n"Saint-Sever\n(ville)"\t1\n"Ali ""B"""\t3\n')
    assert [(row.label, [cell.text for cell in row.cells]) for row in table.rows] == [
        ("Saint-Sever (ville)", ["1"]), ('Ali "B"', ["3"])]
    with pytest.raises(PastedTableError, match="ligne 4"):
        with translation.override("fr"):
            parse_pasted_table('A\tB\n"x\ny"\t1\nz\tabc\n')


def test_an_unclosed_quote_is_plain_text():
    table = parse_pasted_table('Territoire\tTaux\n"Saint-Sever\t1\nDax\t2\n')
    assert [row.label for row in table.rows] == ['"Saint-Sever', "Dax"]
