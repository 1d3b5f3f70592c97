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


class HeadingBlock(blocks.StructBlock):
    """A section heading (level 2 or 3), for an accessible document outline."""

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
    """Blocks available on editorial pages: headings, rich text, quotes."""

    heading = HeadingBlock()
    paragraph = paragraph_block()
    quote = QuoteBlock()
