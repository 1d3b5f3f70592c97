"""StreamField blocks of the accessibility statement's audit (used by this feature only)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class AuditedPageBlock(blocks.StructBlock):
    """A page of the audit's sample: its title and path (e.g. "/carte/")."""

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    path = blocks.CharBlock(label=_("Path"), max_length=300, help_text=_("E.g. /carte/"))

    class Meta:
        icon = "doc-empty"
        label = _("Audited page")


class DerogationBlock(blocks.StructBlock):
    """Content exempted for disproportionate burden: what it is and why (RGAA model,
    "dérogations pour charge disproportionnée")."""

    title = blocks.CharBlock(label=_("Content"), max_length=300)
    reason = blocks.TextBlock(label=_("Reason"))

    class Meta:
        icon = "warning"
        label = _("Exemption for disproportionate burden")


class AuditedPagesBlock(blocks.StreamBlock):
    """The audit's sample of pages."""

    page = AuditedPageBlock()


class DerogationsBlock(blocks.StreamBlock):
    """The statement's exemptions for disproportionate burden."""

    derogation = DerogationBlock()
