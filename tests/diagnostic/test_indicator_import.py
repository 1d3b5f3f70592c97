"""The indicator importer's reading and checking rules (diagnostic.indicators.importer)."""

import io
from decimal import Decimal
from pathlib import Path

import pytest

from diagnostic.indicators.importer import (
    MAX_FILE_SIZE,
    ImportOptions,
    PayloadError,
    from_payload,
    parse_file,
    parse_value,
    save_import,
    to_payload,
)
from diagnostic.indicators.models import Indicator, IndicatorValue, Level, ValueStatus

DATA = Path(__file__).parent / "data"
COMMUNES = ImportOptions(level=Level.COMMUNE, source="INSEE, Filosofi", year=2021, unit="",
                         decimal_places=1)
EPCI = ImportOptions(level=Level.EPCI, source="INSEE", year=2021)


def csv_bytes(text, encoding="utf-8"):
    return text.encode(encoding)


def parse(text, options=COMMUNES, filename="f.csv", encoding="utf-8", **kwargs):
    return parse_file(csv_bytes(text, encoding), filename, options, **kwargs)


def errors(result):
    return [(problem.line, problem.message) for problem in result.errors]


def values(result, index=0):
    return result.indicators[index].values


# -- The example file ---------------------------------------------------------------------

@pytest.mark.django_db
def test_example_file_is_read_with_units_secrets_missing_and_reference_values():
    content = (DATA / "indicateurs-communes.csv").read_bytes()
    result = parse_file(content, "indicateurs-communes.csv", COMMUNES)
    assert result.ok, result.errors
    poverty, income, households = result.indicators
    assert (poverty.name, poverty.unit) == ("Taux de pauvreté", "%")
    assert (income.name, income.unit) == ("Revenu médian", "€")
    assert (households.name, households.unit) == ("Ménages d'une personne", "")
    assert poverty.values["40192"] == (ValueStatus.NUMBER, Decimal("18.5"))
    assert poverty.values["40001"] == (ValueStatus.SECRET, None)
    assert poverty.values["40002"] == (ValueStatus.SECRET, None)
    assert income.values["40192"] == (ValueStatus.NUMBER, Decimal("20350"))  # NBSP
    assert income.values["40002"] == (ValueStatus.MISSING, None)
    assert households.values["40192"] == (ValueStatus.NUMBER, Decimal("6120"))  # U+202F
    assert households.values["40001"] == (ValueStatus.MISSING, None)
    assert poverty.departement_value == Decimal("13.1")
    assert poverty.france_value == Decimal("14.5")
    assert households.france_value is None
    assert set(poverty.values) == {"40192", "40088", "40001", "40002"}
    assert result.names["40088"] == "Dax"


@pytest.mark.parametrize("cell, expected", [
    ("12,5", (ValueStatus.NUMBER, Decimal("12.5"))),
    ("12.5", (ValueStatus.NUMBER, Decimal("12.5"))),
    ("1 234", (ValueStatus.NUMBER, Decimal("1234"))),
    ("1\u00a0234,75", (ValueStatus.NUMBER, Decimal("1234.75"))),
    ("1\u202f234", (ValueStatus.NUMBER, Decimal("1234"))),
    ("-3,2", (ValueStatus.NUMBER, Decimal("-3.2"))),
    ("", (ValueStatus.MISSING, None)),
    ("  ", (ValueStatus.MISSING, None)),
    (None, (ValueStatus.MISSING, None)),
    ("s", (ValueStatus.SECRET, None)),
    ("S", (ValueStatus.SECRET, None)),
    ("Secret", (ValueStatus.SECRET, None)),
    ("ND", (ValueStatus.SECRET, None)),
    (12, (ValueStatus.NUMBER, Decimal("12"))),
    (12.25, (ValueStatus.NUMBER, Decimal("12.25"))),
])
def test_cell_values(cell, expected):
    assert parse_value(cell) == expected


@pytest.mark.parametrize("cell", ["abc", "12 kg", "1,2,3", "--", True, "1e400"])
def test_text_where_a_number_is_expected_is_refused(cell):
    with pytest.raises(ValueError):
        parse_value(cell)


@pytest.mark.parametrize("cell, expected", [
    ("12 %", (ValueStatus.NUMBER, Decimal("12"))),
    ("1.234,5", (ValueStatus.NUMBER, Decimal("1234.5"))),
    ("\u22122,0", (ValueStatus.NUMBER, Decimal("-2"))),
    ("n/a", (ValueStatus.MISSING, None)),
    ("n.d.", (ValueStatus.MISSING, None)),
])
def test_cells_are_read_as_pasted_tables_read_them(cell, expected):
    """One number reader for the import and the pasted tables: the Unicode minus of a
    spreadsheet, a percent sign, "1.234,5" and the missing markers read alike."""
    status, value = parse_value(cell)
    assert (status, value if value is None else value.normalize()) == (
        expected[0], expected[1] if expected[1] is None else expected[1].normalize())


# -- Encodings and separators -----------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_separator_is_detected(separator):
    line = separator.join
    text = "\n".join([line(["code", "nom", "Part"]), line(["40192", "Mont-de-Marsan", "3"]),
                      line(["40088", "Dax", "4"])])
    result = parse(text)
    assert result.ok, result.errors
    assert values(result) == {"40192": ("number", Decimal("3")), "40088": ("number", Decimal("4"))}


@pytest.mark.django_db
def test_utf8_bom_and_cp1252_are_read():
    text = "code;Commune;Densité (hab./km²)\r\n40192;Mont-de-Marsan;415,2\r\n"
    with_bom = parse_file(b"\xef\xbb\xbf" + text.encode(), "f.csv", COMMUNES)
    assert with_bom.ok and with_bom.indicators[0].name == "Densité"
    assert with_bom.indicators[0].unit == "hab./km²"
    windows = parse_file(text.encode("cp1252"), "f.csv", COMMUNES)
    assert windows.ok and windows.indicators[0].name == "Densité"


@pytest.mark.django_db
def test_form_unit_applies_unless_the_header_gives_one():
    options = ImportOptions(level=Level.COMMUNE, source="INSEE", unit="%")
    result = parse("code;A;B (€)\n40192;1;2\n", options)
    assert [(i.name, i.unit) for i in result.indicators] == [("A", "%"), ("B", "€")]


# -- Errors, each with its line ---------------------------------------------------------

@pytest.mark.django_db
def test_unknown_code_and_postal_code_are_refused_with_their_line():
    # 40400 is the postal code of Tartas (INSEE 40313), never an INSEE code.
    result = parse("code;Part\n40192;1\n99999;2\n40400;3\n")
    assert [line for line, _message in errors(result)] == [3, 4]
    assert "99999" in errors(result)[0][1] and "40400" in errors(result)[1][1]


@pytest.mark.django_db
def test_text_for_a_number_is_refused_with_its_line_and_column():
    result = parse("code;Part;Taux\n40192;1;2\n40088;beaucoup;2\n40001;1;12 kg\n")
    assert errors(result) == [
        (3, "Colonne « Part » : « beaucoup » n’est pas un nombre."),
        (4, "Colonne « Taux » : « 12 kg » n’est pas un nombre."),
    ]


@pytest.mark.django_db
def test_duplicate_code_is_refused():
    result = parse("code;Part\n40192;1\n40088;2\n40192.0;3\n")
    assert errors(result) == [(4, "Le code 40192 figure déjà ligne 2.")]


@pytest.mark.django_db
def test_a_siren_in_a_commune_file_and_a_commune_in_an_epci_file_are_refused():
    communes = parse("code;Part\n40192;1\n200030435;2\n")
    assert [line for line, _m in errors(communes)] == [3]
    assert "EPCI" in errors(communes)[0][1]
    epci = parse("siren;Part\n200030435;1\n40192;2\n", EPCI)
    assert [line for line, _m in errors(epci)] == [3]
    assert "commune" in errors(epci)[0][1]


@pytest.mark.django_db
def test_empty_header_and_missing_indicator_columns_are_refused():
    assert errors(parse("code;;Part\n40192;1;2\n"))[0][0] == 1
    assert "colonne 2" in errors(parse("code;;Part\n40192;1;2\n"))[0][1].lower()
    no_column = parse("code;nom\n40192;Mont-de-Marsan\n")
    assert no_column.errors[0].line == 1
    assert "Aucune colonne d’indicateur" in no_column.errors[0].message


@pytest.mark.django_db
def test_bad_code_values_and_empty_code():
    result = parse("code;Part\nabc;1\n;2\n4019;3\n")
    assert [line for line, _m in errors(result)] == [2, 3, 4]


@pytest.mark.django_db
def test_unreadable_or_oversized_file_gives_one_error():
    assert not parse_file(b"", "f.csv", COMMUNES).ok
    big = parse_file(b"x" * (MAX_FILE_SIZE + 1), "f.csv", COMMUNES)
    assert big.errors[0].line is None and "trop volumineux" in big.errors[0].message
    assert not parse_file(b"not a zip", "f.xlsx", COMMUNES).ok


@pytest.mark.django_db
def test_epci_file_with_its_reference_rows():
    result = parse("SIREN;EPCI;Part\n200030435;CC d'Aire;1,5\n40;Landes;2\nFR;France;3\n", EPCI)
    assert result.ok, result.errors
    assert values(result) == {"200030435": ("number", Decimal("1.5"))}
    assert result.indicators[0].departement_value == Decimal("2")
    assert result.indicators[0].france_value == Decimal("3")


# -- XLSX -------------------------------------------------------------------------------

def xlsx_bytes(rows):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.create_sheet("Autre").append(["ignored"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db
def test_xlsx_numeric_codes_are_insee_codes():
    content = xlsx_bytes([
        ["Code", "Commune", "Part (%)"],
        [1001, "L'Abergement-Clémenciat", 10.5],
        [40192.0, "Mont-de-Marsan", "12,5"],
        ["40088", "Dax", None],
        [40, "Landes", 11],
    ])
    territories = {"01001": "L'Abergement-Clémenciat", "40192": "Mont-de-Marsan", "40088": "Dax"}
    result = parse_file(content, "f.xlsx", COMMUNES, territories=territories)
    assert result.ok, result.errors
    assert values(result) == {
        "01001": ("number", Decimal("10.5")),
        "40192": ("number", Decimal("12.5")),
        "40088": ("missing", None),
    }
    assert result.indicators[0].departement_value == Decimal("11")
    # With the département's communes only, 1001 is the unknown code 01001 of line 2.
    alone = parse_file(content, "f.xlsx", COMMUNES)
    assert errors(alone)[0][0] == 2 and "01001" in errors(alone)[0][1]


@pytest.mark.django_db
def test_corsican_code_is_valid():
    result = parse("code;Part\n2A004;1\n", territories={"2A004": "Ajaccio"})
    assert result.ok and "2A004" in values(result)


# -- Merged communes --------------------------------------------------------------------

def test_reference_file_lists_the_former_communes():
    from portal.reference import former_communes

    former = former_communes()
    assert {code: row["current_code"] for code, row in former.items()} == {
        "40009": "40197", "40048": "40243", "40107": "40197", "40302": "40197",
    }
    assert former["40009"]["name"] == "Arjuzanx"


@pytest.mark.django_db
def test_former_commune_is_mapped_to_its_current_commune_with_a_warning():
    result = parse("code;Part\n40009;12,5\n40192;3\n")
    assert result.ok, result.errors
    assert values(result)["40197"] == ("number", Decimal("12.5"))
    assert "40009" not in values(result)
    assert [(w.line, w.message) for w in result.warnings] == [(
        2, "40009 (Arjuzanx) a fusionné dans Morcenx-la-Nouvelle (40197) : "
           "valeur reprise pour 40197.",
    )]


@pytest.mark.django_db
@pytest.mark.parametrize("text, line", [
    ("code;Part\n40197;3\n40009;12,5\n", 3),    # current first
    ("code;Part\n40009;12,5\n40197;3\n", 3),    # former first
    ("code;Part\n40009;12,5\n40107;3\n", 3),    # two former communes of the same commune
])
def test_former_and_current_commune_both_present_are_refused(text, line):
    result = parse(text)
    assert [problem.line for problem in result.errors] == [line]
    assert "40197" in result.errors[0].message
    assert "additionn" in result.errors[0].message


# -- All or nothing, payload ------------------------------------------------------------

@pytest.mark.django_db
def test_nothing_is_saved_while_any_line_is_wrong():
    before = (Indicator.objects.count(), IndicatorValue.objects.count())
    result = parse("code;Part\n40192;1\n40088;x\n")
    assert not result.ok
    with pytest.raises(ValueError):
        save_import(result)
    assert (Indicator.objects.count(), IndicatorValue.objects.count()) == before


@pytest.mark.django_db
def test_database_error_rolls_back_every_indicator(monkeypatch):
    result = parse("code;A;B\n40192;1;2\n")
    before = (Indicator.objects.count(), IndicatorValue.objects.count())
    calls = []
    original = IndicatorValue.objects.bulk_create

    def failing(objs, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return original(objs, *args, **kwargs)

    monkeypatch.setattr(IndicatorValue.objects, "bulk_create", failing)
    with pytest.raises(RuntimeError):
        save_import(result)
    assert (Indicator.objects.count(), IndicatorValue.objects.count()) == before


@pytest.mark.django_db
def test_save_creates_then_replaces_the_same_name_level_and_year():
    first = parse("code;Part (%)\n40192;1\n40088;s\n40;5\n")
    [(indicator, created)] = save_import(first)
    assert created and indicator.unit == "%" and indicator.year == 2021
    assert indicator.departement_value == Decimal("5")
    assert indicator.values_by_code()["40088"].status == ValueStatus.SECRET
    indicator.definition = "Définition gardée"
    indicator.save()
    second = parse("code;Part (%)\n40001;7\n")
    [(again, created)] = save_import(second)
    assert not created and again.pk == indicator.pk
    again.refresh_from_db()
    assert set(again.values_by_code()) == {"40001"}
    assert again.definition == "Définition gardée" and again.departement_value is None
    other_year = ImportOptions(level=Level.COMMUNE, source="INSEE", year=2020)
    [(third, created)] = save_import(parse("code;Part (%)\n40001;7\n", other_year))
    assert created and third.pk != indicator.pk


@pytest.mark.django_db
def test_payload_round_trip_and_tampering():
    result = parse("code;Part\n40192;1,5\n40088;s\n")
    payload = to_payload(result, user_id=7)
    back = from_payload(payload, user_id=7)
    assert back.indicators[0].values == values(result)
    assert back.options == result.options
    with pytest.raises(PayloadError):
        from_payload(payload, user_id=8)
    with pytest.raises(PayloadError):
        from_payload(payload[:-2] + ("AA" if not payload.endswith("AA") else "BB"), user_id=7)
    with pytest.raises(PayloadError):
        from_payload("", user_id=7)
    with pytest.raises(PayloadError):
        from_payload("x" * (4 * 1024 * 1024), user_id=7)


@pytest.mark.django_db
def test_expired_payload_is_refused(monkeypatch):
    from diagnostic.indicators import importer

    payload = to_payload(parse("code;Part\n40192;1\n"), user_id=7)
    monkeypatch.setattr(importer, "PAYLOAD_MAX_AGE", -1)
    with pytest.raises(PayloadError, match="expiré"):
        from_payload(payload, user_id=7)


@pytest.mark.django_db
def test_every_bad_line_of_a_long_file_is_reported():
    lines = "".join(f"{40192 + n * 1000};x\n" for n in range(300))
    result = parse("code;Part\n" + lines)
    assert len(result.errors) == 300
    assert [problem.line for problem in result.errors] == list(range(2, 302))


@pytest.mark.django_db
def test_codes_are_insee_codes_never_postal_codes():
    # 40090 is Donzacq's INSEE code and the postal code of Artassenx (INSEE 40012).
    result = parse("code;Part\n40090;1\n")
    assert result.ok and result.names == {"40090": "Donzacq"}


def test_former_communes_derivation_keeps_only_codes_that_disappeared():
    from portal.reference import former_communes_of

    rows = [
        {"id": "1", "code": "40197", "type": "COM", "nom": "Morcenx-la-Nouvelle", "commune_parent_id": ""},
        {"id": "2", "code": "40243", "type": "COM", "nom": "Rion-des-Landes", "commune_parent_id": ""},
        {"id": "3", "code": "40009", "type": "COMD", "nom": "Arjuzanx", "commune_parent_id": "1"},
        {"id": "4", "code": "40243", "type": "COMD", "nom": "Rion-des-Landes", "commune_parent_id": "2"},
        {"id": "5", "code": "40048", "type": "COMA", "nom": "Boos", "commune_parent_id": "2"},
        {"id": "6", "code": "64001", "type": "COMD", "nom": "Ailleurs", "commune_parent_id": "99"},
    ]
    assert former_communes_of(rows, {"40197", "40243"}) == [
        {"code": "40009", "name": "Arjuzanx", "current_code": "40197"},
        {"code": "40048", "name": "Boos", "current_code": "40243"},
    ]
