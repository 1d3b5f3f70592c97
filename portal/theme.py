"""The theme colours: what each is used for, the contrast each must reach, and the small
stylesheet that gives them to ``portal.css``.

Two colours, chosen by staff in the site's identity settings (``portal.site_identity``),
the defaults in ``settings.PORTAL_COLORS``:

- **main colour** (``primary``): background of the site header and of the buttons, with
  white text on it; colour of the links on the white page and on the light grey panels
  (:data:`SOFT`, footer, tables' headers, key figures). Text, so 4.5:1 against white and
  against :data:`SOFT` (WCAG 2.1 SC 1.4.3, RGAA 3.2; white on the colour and the colour on
  white are one ratio).
- **accent colour** (``accent``): the keyboard focus ring, drawn between two white bands
  (``portal.css``, the focus block at its top), so that it only ever touches white and the
  white bands stand out of a coloured background (the header, a button's surroundings, a
  map). A focus indicator, so 3:1 against white and against :data:`SOFT` (WCAG 2.1
  SC 1.4.11, RGAA 3.3).

The stylesheet is served at its own URL (:func:`theme_url`, ``/theme.css``, by
``portal.theme_views``), the colours in its query string: the URL alone says what it holds,
so it is cached for a year by browsers and proxies and needs no inline style (the
Content-Security-Policy keeps ``style-src 'self'``) nor any database query.
"""

import hashlib
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from urllib.parse import urlencode

from django.utils.translation import gettext, gettext_lazy as _

from portal.contrast import NON_TEXT_MINIMUM, TEXT_MINIMUM, contrast_ratio, parse_hex
from portal.numbers import format_number

#: Background of the page.
WHITE = "#ffffff"
#: Background of the light grey panels (``--soft`` in ``portal.css``).
SOFT = "#f3f5f7"
#: Path of the theme stylesheet (answered before Wagtail's pages, whose URLs allow no dot).
THEME_PATH = "/theme.css"


@dataclass(frozen=True)
class Rule:
    """One contrast the theme must reach: ``colour`` ("primary" or "accent") against
    ``background`` (``#rrggbb``) at least ``minimum`` (float, ratio to 1); ``use`` says
    where the site draws it (lazy translated str), ``criteria`` the WCAG and RGAA
    criteria (str)."""

    colour: str
    background: str
    minimum: float
    use: str
    criteria: str


#: Every pair of colours the site draws with the theme (see the module's docstring).
RULES = (
    Rule("primary", WHITE, TEXT_MINIMUM,
         _("White text on the main colour (site header, buttons) and the main colour as "
           "link text on the white page"), "WCAG 2.1 1.4.3, RGAA 3.2"),
    Rule("primary", SOFT, TEXT_MINIMUM,
         _("The main colour as link text on the light grey panels (#f3f5f7)"),
         "WCAG 2.1 1.4.3, RGAA 3.2"),
    Rule("accent", WHITE, NON_TEXT_MINIMUM,
         _("The accent colour as the keyboard focus ring, on white"),
         "WCAG 2.1 1.4.11, RGAA 3.3"),
    Rule("accent", SOFT, NON_TEXT_MINIMUM,
         _("The accent colour as the keyboard focus ring, on the light grey panels (#f3f5f7)"),
         "WCAG 2.1 1.4.11, RGAA 3.3"),
)


def _ratio_text(ratio):
    """``ratio`` (float) rounded down to two decimals in the active locale ("1,22"):
    never shown higher than it is, so 4.499 reads "4,49", not "4,5"."""
    return format_number(Decimal(ratio).quantize(Decimal("0.01"), rounding=ROUND_FLOOR))


def contrast_errors(colours):
    """The contrast faults of a pair of theme colours.

    Input: ``colours``, dict with "primary" and "accent" as ``#rrggbb`` str (a key may be
    missing: its rules are skipped). Output: dict mapping "primary"/"accent" to a list of
    translated messages, one per :data:`RULES` entry below its minimum, each naming the
    ratio found and the ratio needed; empty when every rule is met.
    """
    errors = {}
    for rule in RULES:
        colour = colours.get(rule.colour)
        if not colour:
            continue
        ratio = contrast_ratio(colour, rule.background)
        if ratio < rule.minimum:
            errors.setdefault(rule.colour, []).append(gettext(
                "%(use)s: contrast ratio %(found)s:1, at least %(needed)s:1 is needed "
                "(%(criteria)s). Choose a darker colour."
            ) % {"use": rule.use, "found": _ratio_text(ratio),
                 "needed": format_number(Decimal(str(rule.minimum))), "criteria": rule.criteria})
    return errors


def theme_css(colours):
    """The theme stylesheet (str): the two colours as the CSS custom properties
    ``--primary`` and ``--accent`` that ``portal.css`` reads.

    Input: ``colours``, dict with "primary" and "accent". Each is parsed again
    (:func:`portal.contrast.parse_hex`), so nothing but a ``#rrggbb`` colour ever reaches
    the stylesheet; raises ValueError otherwise.
    """
    return ":root { --primary: %s; --accent: %s; }\n" % (
        parse_hex(colours["primary"]), parse_hex(colours["accent"]))


def css_digest(css):
    """Short SHA-256 digest (12 hexadecimal characters) of a stylesheet's text: the
    ``v`` parameter of :func:`theme_url`, which changes when the code draws the same
    colours differently."""
    return hashlib.sha256(css.encode()).hexdigest()[:12]


def theme_url(colours):
    """URL (str, site-relative) of the theme stylesheet of ``colours`` (dict with
    "primary" and "accent" as ``#rrggbb``): ``/theme.css?a=<accent>&p=<primary>&v=<digest>``,
    the colours without their ``#``. Raises ValueError for a colour that is not
    hexadecimal."""
    css = theme_css(colours)
    query = urlencode({"a": parse_hex(colours["accent"])[1:],
                       "p": parse_hex(colours["primary"])[1:], "v": css_digest(css)})
    return f"{THEME_PATH}?{query}"
