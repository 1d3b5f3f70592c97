"""Anchors, permanent links and table of contents of a diagnostic chapter.

Every top-level block of a chapter's body is reachable at ``#<block id>`` (the
StreamField block's UUID, stable across revisions): a heading carries the id itself,
any other block gets a wrapper with that id. Blocks that show figures (those whose
block class implements ``get_table``, and the single key figure) get a visible
"Lien permanent" link whose accessible name names the block, unique in the page
(RGAA 6.1: a link's purpose is clear from its name). The table of contents
("Sommaire") lists the heading blocks, level 3 nested under the level 2 before them.
"""

from dataclasses import dataclass, field

from portal.blocks import heading_levels

#: Block types that get a permanent link although they have no data table.
PERMALINK_TYPES = frozenset({"key_figure"})
#: The heading block type (portal.blocks.HeadingBlock): anchors on the heading itself.
HEADING_TYPE = "heading"


@dataclass
class ChapterBlock:
    """One top-level block of a chapter as the template draws it.

    Fields: ``child`` (the ``StreamValue.StreamChild``), ``anchor`` (str, the block id,
    "" when the block has none yet, e.g. an unsaved preview), ``is_heading`` (bool: the
    heading's own element carries the anchor, no wrapper), ``permalink_name`` (str:
    what the "Lien permanent" link points to, unique in the chapter; "" for no link),
    ``level`` (str "h2"/"h3": the level a heading is drawn at, from
    :func:`portal.blocks.heading_levels`, so the outline skips no level; "" otherwise).
    """

    child: object
    anchor: str
    is_heading: bool
    permalink_name: str = ""
    level: str = ""


@dataclass
class TocEntry:
    """A heading in the table of contents: ``anchor`` (str, the heading block's id),
    ``text`` (str), ``level`` (int, 2 or 3) and ``children`` (list of TocEntry: the
    level-3 headings under a level-2 one)."""

    anchor: str
    text: str
    level: int
    children: list = field(default_factory=list)


def _block_name(child):
    """What a block is called for its permanent link (str): its title, else the key
    figure's label, else the block type's label."""
    value = child.value
    for key in ("title", "label"):
        try:
            text = value.get(key)
        except AttributeError:
            break
        if text:
            return str(text)
    return str(child.block.label)


def has_permalink(child):
    """True when a block (a StreamChild) shows figures: its block class has
    ``get_table`` (chart, map, table, key-figure grid) or it is a single key figure."""
    return child.block_type in PERMALINK_TYPES or hasattr(child.block, "get_table")


def chapter_blocks(body):
    """The blocks of a chapter's body with their anchors and permanent-link names.

    Input: a StreamValue of ``DiagnosticStreamBlock``. Output: list of
    :class:`ChapterBlock` in body order. Two blocks with the same name get " (2)",
    " (3)"... so that every link's accessible name is unique.
    """
    items, seen = [], {}
    for child, level in zip(body, heading_levels(body)):
        anchor = child.id or ""
        name = ""
        if anchor and has_permalink(child):
            base = _block_name(child)
            seen[base] = seen.get(base, 0) + 1
            name = base if seen[base] == 1 else f"{base} ({seen[base]})"
        items.append(ChapterBlock(child, anchor, child.block_type == HEADING_TYPE, name,
                                  level or ""))
    return items


def table_of_contents(body):
    """The chapter's table of contents from its heading blocks.

    Input: a StreamValue of ``DiagnosticStreamBlock``. Output: list of level-2
    :class:`TocEntry`, each with its level-3 entries as ``children``; a level-3 heading
    before any level 2 is listed at the top level. Headings without an id (not saved
    yet) or without text are left out. [] when the chapter has no heading.
    """
    entries = []
    for child, drawn in zip(body, heading_levels(body)):
        if child.block_type != HEADING_TYPE or not child.id:
            continue
        text = (child.value.get("text") or "").strip()
        if not text:
            continue
        level = 3 if drawn == "h3" else 2
        entry = TocEntry(child.id, text, level)
        if level == 3 and entries and entries[-1].level == 2:
            entries[-1].children.append(entry)
        else:
            entries.append(entry)
    return entries

