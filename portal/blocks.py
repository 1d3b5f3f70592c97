"""StreamField blocks shared by several plugins' pages (the home page, the diagnostic).

A block used by one plugin only lives in that plugin's ``blocks.py``.
StructBlocks are frozen into migrations as plain ``wagtail.blocks.StructBlock``s with
their child blocks, so moving a block class between modules needs no migration.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

#: Rich text features of an editorial paragraph (no headings: they are HeadingBlocks).
PARAGRAPH_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


def paragraph_block():
    """A new rich-text paragraph block with :data:`PARAGRAPH_FEATURES`.

    Output: ``wagtail.blocks.RichTextBlock``. A function rather than a subclass, so that
    migrations keep recording the stock ``wagtail.blocks.RichTextBlock``.
    """
    return blocks.RichTextBlock(label=_("Paragraph"), features=PARAGRAPH_FEATURES, icon="pilcrow")


def heading_levels(stream):
    """The level each heading of a stream is drawn at, so that the page's outline never
    skips a level (RGAA 9.1): below the page's h1, a level-3 heading with no level-2
    heading before it in the stream is drawn as a level 2.

    Input: a StreamValue (or list of its children). Output: list aligned with the
    children: "h2" or "h3" for a :class:`HeadingBlock` (block type ``heading``), None for
    any other block.
    """
    levels, seen_h2 = [], False
    for child in stream:
        if child.block_type != "heading":
            levels.append(None)
            continue
        level = "h3" if child.value.get("level") == "h3" and seen_h2 else "h2"
        seen_h2 = seen_h2 or level == "h2"
        levels.append(level)
    return levels


class HeadingBlock(blocks.StructBlock):
    """A section heading (level 2 or 3), for an accessible document outline. Its
    template draws it at ``level`` from the context when given (see
    :func:`heading_levels`), else at the level the editor chose."""

    text = blocks.CharBlock(label=_("Heading"), max_length=150)
    level = blocks.ChoiceBlock(
        label=_("Level"), choices=[("h2", _("Level 2")), ("h3", _("Level 3"))], default="h2"
    )

    class Meta:
        icon = "title"
        template = "portal/blocks/heading.html"
        label = _("Heading")
        description = _("A section title; chapters list their headings in a table of contents.")
        preview_value = {"text": "Population et communes", "level": "h2"}


class QuoteBlock(blocks.StructBlock):
    """A quotation with its attribution."""

    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "portal/blocks/quote.html"
        label = _("Quote")
        description = _("A quotation with its attribution.")
        preview_value = {"text": "Chacun peut agir à son échelle.", "attribution": "Un habitant"}


class BaseStreamBlock(blocks.StreamBlock):
    """Blocks available on editorial pages: headings, rich text, quotes. Drawn whole
    (``{% include_block page.body %}``), its headings follow :func:`heading_levels`."""

    def render_basic(self, value, context=None):
        """The blocks' HTML (SafeString) in order, each heading at its outline level."""
        from django.utils.html import format_html_join

        context = dict(context or {})
        return format_html_join("\n", "<div class=\"block-{}\">{}</div>", [
            (child.block_type, child.render(context={**context, "level": level}))
            for child, level in zip(value, heading_levels(value))
        ])

    heading = HeadingBlock()
    paragraph = paragraph_block()
    quote = QuoteBlock()
