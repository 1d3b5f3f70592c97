"""The portal's StreamField block library, shared by every plugin's pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


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


class QuoteBlock(blocks.StructBlock):
    """A quotation with its attribution."""

    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "portal/blocks/quote.html"
        label = _("Quote")


class BaseStreamBlock(blocks.StreamBlock):
    """Blocks available on editorial pages: headings, rich text, quotes."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"), features=["bold", "italic", "link", "document-link", "ol", "ul"],
        icon="pilcrow",
    )
    quote = QuoteBlock()
