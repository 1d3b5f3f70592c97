"""The home page's "ways to take part": cards contributed by the plugins through the
``portal_home_participation`` hook (:data:`portal.hooks.HOME_PARTICIPATION`), picked,
ordered and reworded by staff with :class:`ParticipationBlock`s."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from portal.hooks import HOME_PARTICIPATION, run_hooks

#: Stable keys of the cards the portal's plugins contribute, with the name staff read in
#: the block's choice list (a plugin may contribute more: see :func:`card_choices`).
KNOWN_CARDS = [
    ("carte", _("Solidarity map")),
    ("consultation", _("Questionnaire")),
    ("propositions", _("Proposals")),
    ("diagnostic", _("Territorial diagnostic")),
]


def card_choices():
    """Choices of the block's ``card`` field: list of ``(key, label)``, the
    :data:`KNOWN_CARDS` then the keys of other cards the plugins contribute now (the
    hook asked without request). A known key stays choosable while its plugin has no
    live page, so a saved block never becomes invalid; it is simply not shown."""
    choices = list(KNOWN_CARDS)
    known = {key for key, _label in choices}
    for card in run_hooks(HOME_PARTICIPATION, None):
        key = card.get("key")
        if key and key not in known:
            choices.append((key, card.get("title") or key))
            known.add(key)
    return choices


class ParticipationBlock(blocks.StructBlock):
    """One way to take part on the home page: the plugin's card named by ``card`` (a
    stable key), with optional replacements of its title, text, image and link label.
    An empty field keeps what the plugin contributes."""

    card = blocks.ChoiceBlock(choices=card_choices, label=_("Way to take part"))
    title = blocks.CharBlock(
        label=_("Title"), required=False, max_length=120,
        help_text=_("Leave empty to keep the title given by the feature."))
    text = blocks.TextBlock(
        label=_("Text"), required=False, max_length=400,
        help_text=_("Leave empty to keep the text given by the feature."))
    image = ImageChooserBlock(
        label=_("Image"), required=False,
        help_text=_("Optional illustration. Its description is read out as its text "
                    "alternative; without one it is treated as decorative. Never put text "
                    "in the image."))
    link_label = blocks.CharBlock(
        label=_("Link label"), required=False, max_length=80,
        help_text=_("Leave empty to keep the label given by the feature."))

    class Meta:
        icon = "list-ul"
        label = _("Way to take part")


class ParticipationStreamBlock(blocks.StreamBlock):
    """The ordered list of ways to take part (each key at most once is not enforced:
    a repeated card is shown once, at its first place)."""

    card = ParticipationBlock()


def participation_cards(blocks_value, request):
    """The cards to show, in order.

    Inputs: ``blocks_value`` (the home page's ``participation`` StreamValue, possibly
    empty) and ``request`` (HttpRequest or None). Output: list of dicts with "key",
    "title", "text", "url", "link_label" (str) and "image" (a Wagtail image or None).
    With no block, every contributed card in hook order (the portal before staff chose).
    With blocks, one card per block whose key a plugin contributes now, with the block's
    non-empty fields replacing the plugin's; a block whose plugin is removed or whose
    page is not live is left out, as is a key repeated.
    """
    contributed = [dict(card, image=card.get("image")) for card in
                   run_hooks(HOME_PARTICIPATION, request)]
    if not blocks_value:
        return contributed
    by_key = {card.get("key"): card for card in contributed if card.get("key")}
    cards, seen = [], set()
    for block in blocks_value:
        value = block.value
        card = by_key.get(value.get("card"))
        if card is None or card["key"] in seen:
            continue
        seen.add(card["key"])
        merged = dict(card)
        for field in ("title", "text", "image", "link_label"):
            if value.get(field):
                merged[field] = value[field]
        cards.append(merged)
    return cards
