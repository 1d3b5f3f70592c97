"""The one number formatter of the portal's pages, charts and tables.

French readers expect "407 444" (a no-break space between thousands, CLDR's French
grouping as Django's ``fr`` locale writes it) and "12,5" (decimal comma); the CSV files
keep a dot and no grouping and do not use this module.
"""

from decimal import Decimal
from functools import lru_cache

from django.utils.formats import get_format, number_format
from django.utils.translation import get_language


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
    table = _separators(get_language())
    if table is None:  # a locale with uneven grouping (e.g. 3 then 2): Django's own way
        return number_format(value, decimal_pos=decimal_places, force_grouping=True)
    return format(value, ",f").translate(table)


@lru_cache(maxsize=32)
def _separators(language):
    """The ``str.translate`` table that turns Python's "1,234.5" into ``language``'s
    format ("1 234,5" in French), from Django's locale formats (DECIMAL_SEPARATOR,
    THOUSAND_SEPARATOR, NUMBER_GROUPING); None when that locale does not group by
    threes. Django's ``number_format`` looks the formats up at each call, a sixth of a
    page holding a map of 327 communes."""
    grouping = get_format("NUMBER_GROUPING", language)
    if grouping != 3:
        return None
    return str.maketrans({",": get_format("THOUSAND_SEPARATOR", language),
                          ".": get_format("DECIMAL_SEPARATOR", language)})
