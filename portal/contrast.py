"""Colour contrast as WCAG 2.1 defines it: parsing ``#rrggbb`` colours, relative
luminance and contrast ratio. The one implementation the site uses (theme colours,
map markers, tests).

Thresholds: :data:`TEXT_MINIMUM` (4.5:1, text and images of text, WCAG 2.1 SC 1.4.3,
RGAA 3.2) and :data:`NON_TEXT_MINIMUM` (3:1, user-interface components and focus
indicators, WCAG 2.1 SC 1.4.11, RGAA 3.3).
"""

import re

#: Minimum contrast ratio of text of normal size against its background (WCAG 1.4.3, RGAA 3.2).
TEXT_MINIMUM = 4.5
#: Minimum contrast ratio of a component or focus indicator (WCAG 1.4.11, RGAA 3.3).
NON_TEXT_MINIMUM = 3.0

_HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


def parse_hex(text):
    """The colour written in ``text`` as ``"#rrggbb"`` (str, lower case).

    Input: str such as ``"#005A8C"``, ``"005a8c"`` or the short form ``"#fff"``, spaces
    around it ignored. Raises ValueError for anything else (names, ``rgb()``, alpha).
    """
    match = _HEX.fullmatch((text or "").strip())
    if match is None:
        raise ValueError(f"not a hexadecimal colour: {text!r}")
    digits = match.group(1).lower()
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return "#" + digits


def relative_luminance(colour):
    """Relative luminance (float, 0 to 1) of a ``#rrggbb`` colour, as WCAG 2.1 defines
    it (sRGB channels linearised, weighted 0.2126, 0.7152, 0.0722)."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first, second):
    """WCAG 2.1 contrast ratio (float, 1 to 21) of two ``#rrggbb`` colours, in either order."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
