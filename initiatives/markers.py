"""How each action is drawn on the map: one marker style per Theme, and the map's lines.

An action's *main theme* is the first of its themes in the Theme list's order
(:data:`THEME_ORDER`: ``portal.models.Theme``'s ``sort_order``, then ``label``, then
``slug`` so that the order is total); an action without theme gets the "sans thème"
style (:data:`NO_THEME`).

A style is a dict ``{"slug", "label", "colour", "shape", "glyph"}``: ``colour`` a
``#rrggbb`` string, ``shape`` a key of :data:`SHAPES` (an SVG path in a 32 × 32 box),
``glyph`` one or two letters written in white on the shape. Colour never carries the
meaning alone (WCAG 1.4.1, RGAA 3.1): each theme also has its own shape and glyph, shown
in the page's legend next to the theme's label. Every colour has a contrast ratio of at
least 3:1 against white and against the map's background without tiles
(:data:`MAP_BACKGROUND`): non-text contrast, WCAG 1.4.11, RGAA 3.3; the glyphs, white on
the colour, reach 4.5:1 (WCAG 1.4.3). ``tests/initiatives/test_map_markers.py`` computes
these ratios with ``portal.contrast``.

:data:`THEME_STYLES` is keyed by the Theme slugs of ``portal.themes``; a slug staff add
later gets a style derived from its slug (:func:`fallback_style`): stable from one
request to the next, its glyph from its label.
"""

import hashlib

#: Order of the Theme list, as ``order_by`` arguments on Theme (its Meta ordering, then
#: the slug): the first of an action's themes in this order is its main theme.
THEME_ORDER = ("sort_order", "label", "slug")
#: The same order seen from a row that links to Theme through a ``theme`` foreign key.
THEME_ORDER_THROUGH = tuple(f"theme__{name}" for name in THEME_ORDER)

#: Background of the map element when no tile is drawn (initiatives/css/map.css).
MAP_BACKGROUND = "#f3f5f7"

#: Marker shapes: SVG path data in a 32 × 32 box, the glyph written at its centre.
SHAPES = {
    "circle": "M16 3a13 13 0 1 1 0 26a13 13 0 1 1 0-26z",
    "square": "M4 4h24v24h-24z",
    "diamond": "M16 1l15 15l-15 15l-15-15z",
    "triangle": "M16 2l15 27h-30z",
    "pentagon": "M16 2l14 10l-5 17h-18l-5-17z",
    "hexagon": "M9 3h14l8 13l-8 13h-14l-8-13z",
    "octagon": "M10 2h12l8 8v12l-8 8h-12l-8-8v-12z",
    "shield": "M4 3h24v12c0 7-6 12-12 15c-6-3-12-8-12-15z",
}

#: Height (y, in the 32 × 32 box) of the glyph's centre on each shape.
GLYPH_Y = {"triangle": 21, "shield": 15, "pentagon": 17}

#: Style of each Theme slug of ``portal.themes``: colour, shape, glyph. A (colour,
#: shape) pair and a glyph are never shared by two themes.
THEME_STYLES = {
    "alimentation": {"colour": "#1d6b35", "shape": "circle", "glyph": "Al"},
    "logement": {"colour": "#005a8c", "shape": "square", "glyph": "Lo"},
    "emploi": {"colour": "#8a2a17", "shape": "diamond", "glyph": "Em"},
    "sante": {"colour": "#b00020", "shape": "triangle", "glyph": "Sa"},
    "isolement": {"colour": "#6a3d9a", "shape": "pentagon", "glyph": "Is"},
    "numerique": {"colour": "#00616b", "shape": "hexagon", "glyph": "Nu"},
    "mobilite": {"colour": "#7a4f00", "shape": "octagon", "glyph": "Mo"},
    "education": {"colour": "#1f4e9c", "shape": "shield", "glyph": "Éd"},
    "garde-enfants": {"colour": "#a3165a", "shape": "circle", "glyph": "GE"},
    "demarches": {"colour": "#4a4a4a", "shape": "square", "glyph": "Dé"},
    "aines": {"colour": "#5b3a1a", "shape": "diamond", "glyph": "PA"},
    "handicap": {"colour": "#1b4f72", "shape": "triangle", "glyph": "Ha"},
    "violences": {"colour": "#7d1b7e", "shape": "pentagon", "glyph": "Vi"},
    "culture-sport": {"colour": "#9c3d00", "shape": "hexagon", "glyph": "CS"},
}

#: Style of an action without theme (slug "" in the map's data).
NO_THEME = {"colour": "#595959", "shape": "octagon", "glyph": "–"}

#: Colours a theme added by staff may get (:func:`fallback_style`); same contrast rules.
FALLBACK_COLOURS = ("#3d3d8f", "#6b4226", "#0f5c4d", "#8c1c3a", "#4b5320", "#5c2d91")

#: The map's reference lines, drawn under the markers: (colour, weight in CSS px, dash).
BOUNDARY_STYLES = {
    "departement": {"colour": "#1e1e1e", "weight": 2.5, "dash": ""},
    "epci": {"colour": "#5a6570", "weight": 1.2, "dash": "4 3"},
}


def fallback_style(slug, label=""):
    """Style (dict: colour, shape, glyph) of a Theme slug missing from
    :data:`THEME_STYLES`: colour and shape picked by a hash of the slug (the same on
    every process), glyph the first two letters of the label (else of the slug)."""
    digest = int(hashlib.sha256(slug.encode()).hexdigest(), 16)
    shapes = sorted(SHAPES)
    letters = "".join(ch for ch in (label or slug) if ch.isalnum())[:2] or "?"
    return {
        "colour": FALLBACK_COLOURS[digest % len(FALLBACK_COLOURS)],
        "shape": shapes[(digest // len(FALLBACK_COLOURS)) % len(shapes)],
        "glyph": letters[:1].upper() + letters[1:].lower(),
    }


def style_for(slug, label=""):
    """Style of one Theme slug (str; "" for "no theme"): dict with ``slug``, ``label``,
    ``colour``, ``shape``, ``glyph``, ``path`` (the shape's SVG path data) and
    ``glyph_y`` (the glyph's centre, in the 32 × 32 box)."""
    if not slug:
        base = NO_THEME
    else:
        base = THEME_STYLES.get(slug) or fallback_style(slug, label)
    return {"slug": slug, "label": label, **base, "path": SHAPES[base["shape"]],
            "glyph_y": GLYPH_Y.get(base["shape"], 16)}


def marker_styles(no_theme_label):
    """Styles of every Theme in the list's order, then "no theme".

    Input: ``no_theme_label`` (str, the translated "sans thème"). Output: list of dicts
    (:func:`style_for`), the last one with slug "". One query.
    """
    from portal.models import Theme

    rows = Theme.objects.order_by(*THEME_ORDER).values_list("slug", "label")
    return [style_for(slug, label) for slug, label in rows] + [style_for("", no_theme_label)]


def main_theme(slugs_in_order):
    """The main theme's slug of an action (str, "" without theme), from its theme slugs
    already in the list's order (:data:`THEME_ORDER`)."""
    return slugs_in_order[0] if slugs_in_order else ""
