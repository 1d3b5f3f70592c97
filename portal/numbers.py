"""The one number formatter of the portal's pages, charts and tables.

French readers expect "407 444" (a no-break space between thousands, CLDR's French
grouping as Django's ``fr`` locale writes it) and "12,5" (decimal comma); the CSV files
keep a dot and no grouping and do not use this module.
"""

from decimal import Decimal

from django.utils.formats import number_format


def format_number(value, decimal_places=None):
    """A number in the active locale with thousands grouping.

    Inputs: ``value`` (Decimal, int, float or numeric str); ``decimal_places`` (int or
    None: None keeps the significant decimals, trailing zeros dropped; an int rounds
    half-even to that many decimals). Output: str, e.g. "407 444" (no-break space
    between thousands in French), "12,5", "-3,25", "0,50" with ``decimal_places=2``.
    """
    value = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if decimal_places is None:
        value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    else:
        value = value.quantize(Decimal(1).scaleb(-decimal_places))
    return number_format(value, decimal_pos=decimal_places, force_grouping=True)
