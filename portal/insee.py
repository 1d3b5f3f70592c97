"""INSEE commune codes: parsing and validation.

An INSEE commune code ("code officiel géographique", COG) is a 5-character string: two
characters of département ("01".."95", "2A"/"2B" for Corsica, "97x" overseas) and three
digits. Spreadsheets often turn "01001" into the number 1001 or "40192" into 40192.0;
those are repaired. A postal code has the same shape but is a different list: this module
only says whether a string *can* be an INSEE code; looking it up must use the INSEE code
column, never postal codes (40090 is Donzacq's INSEE code and Artassenx's postal code).

Source of the rule: INSEE, Code officiel géographique, "Code commune".
"""

import re

INSEE_CODE_RE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")


class InvalidInseeCode(ValueError):
    """Raised by :func:`parse_insee_code`; ``reason`` (str) says why, in English."""

    def __init__(self, value, reason):
        self.value = value
        self.reason = reason
        super().__init__(f"{value!r}: {reason}")


def parse_insee_code(value):
    """Normalise one INSEE commune code.

    Input: a str, int or float as read from a file or a spreadsheet cell
    (``"40192"``, ``1001``, ``"40192.0"``, ``"2a004"``).
    Output: the 5-character code as a str (``"40192"``, ``"01001"``, ``"2A004"``).
    Raises :class:`InvalidInseeCode` with a reason for empty values, non-integral
    numbers, wrong lengths or characters, and département "20" (split in 1976).
    """
    if value is None:
        raise InvalidInseeCode(value, "empty value")
    if isinstance(value, bool):
        raise InvalidInseeCode(value, "not a code")
    if isinstance(value, float):
        if not value.is_integer():
            raise InvalidInseeCode(value, "not an integer")
        value = int(value)
    if isinstance(value, int):
        if value <= 0 or value > 99999:
            raise InvalidInseeCode(value, "number out of range")
        return f"{value:05d}"
    text = str(value).strip().upper()
    if not text:
        raise InvalidInseeCode(value, "empty value")
    # "40192.0" (a number exported as text): accept only an integral ".0" suffix.
    match = re.fullmatch(r"(\d{1,5})\.0+", text)
    if match:
        text = match.group(1)
    if text.isdigit() and len(text) < 5:
        text = text.zfill(5)
    if not INSEE_CODE_RE.match(text):
        raise InvalidInseeCode(value, "an INSEE code is 5 digits, or 2A/2B and 3 digits")
    if text.startswith("20"):
        raise InvalidInseeCode(value, "Corsican codes start with 2A or 2B, not 20")
    return text


def parse_insee_codes(values):
    """Normalise many codes, keeping every bad one with its reason.

    Input: an iterable of raw values. Output: ``(codes, errors)`` where ``codes`` is the
    list of normalised codes (str) in input order and ``errors`` a list of
    ``(raw value, reason)`` pairs: nothing is dropped silently.
    """
    codes, errors = [], []
    for value in values:
        try:
            codes.append(parse_insee_code(value))
        except InvalidInseeCode as exc:
            errors.append((value, exc.reason))
    return codes, errors
