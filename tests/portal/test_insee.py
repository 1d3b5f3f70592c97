"""INSEE codes are 5-character strings; postal codes are never taken for them."""

import pytest

from portal.insee import InvalidInseeCode, parse_insee_code, parse_insee_codes
from portal.models import Commune


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("40192", "40192"),
        (40192, "40192"),
        (1001, "01001"),  # a spreadsheet turned "01001" into a number
        ("1001", "01001"),
        (40192.0, "40192"),
        ("40192.0", "40192"),
        (" 40192 ", "40192"),
        ("2A004", "2A004"),  # Corsica
        ("2b033", "2B033"),
    ],
)
def test_valid_codes_are_normalised_to_five_character_strings(raw, expected):
    assert parse_insee_code(raw) == expected


@pytest.mark.parametrize(
    "raw, reason_part",
    [
        ("", "empty"),
        (None, "empty"),
        ("401921", "5 digits"),
        ("4O192", "5 digits"),  # letter O instead of zero
        (40192.5, "not an integer"),
        ("20004", "2A or 2B"),
        ("2C004", "5 digits"),
    ],
)
def test_bad_codes_are_refused_with_a_reason(raw, reason_part):
    with pytest.raises(InvalidInseeCode) as excinfo:
        parse_insee_code(raw)
    assert reason_part in excinfo.value.reason


def test_bad_codes_are_listed_not_dropped():
    codes, errors = parse_insee_codes(["40192", 1001, "x", "2A004", ""])
    assert codes == ["40192", "01001", "2A004"]
    assert [value for value, _ in errors] == ["x", ""]


@pytest.mark.django_db
def test_40090_is_donzacq_by_insee_code_not_artassenx_by_postal_code():
    donzacq = Commune.objects.get(insee_code=parse_insee_code("40090"))
    assert donzacq.name == "Donzacq"
    artassenx = Commune.objects.get(name="Artassenx")
    assert artassenx.insee_code != "40090"
    assert "40090" in artassenx.postal_codes


@pytest.mark.django_db
def test_loader_lists_invalid_codes_and_loads_the_rest():
    from portal import reference

    data = {
        "epci": [],
        "communes": [
            {"insee_code": "4O999", "name": "Typo", "latitude": 43.9, "longitude": -0.5},
            {"insee_code": 99999.0, "name": "Test", "latitude": 43.9, "longitude": -0.5},
        ],
    }
    result = reference.load(data)
    assert result["errors"] == [("4O999", "an INSEE code is 5 digits, or 2A/2B and 3 digits")]
    assert result["communes"] == 1
    assert Commune.objects.get(insee_code="99999").name == "Test"
