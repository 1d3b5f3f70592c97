"""The action editor's panel "Contact through the portal": how many messages, answers
and reports were relayed for the action (:mod:`.counts`). Counts only: the portal keeps
no text and no address."""

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import HelpPanel

from .counts import KINDS, counts_of


class ContactCountsPanel(HelpPanel):
    """Read-only panel listing :func:`.counts.counts_of` of the edited action (one
    query); nothing for a page not saved yet."""

    def __init__(self, heading="", **kwargs):
        super().__init__(heading=heading or gettext_lazy("Contact through the portal"), **kwargs)

    class BoundPanel(HelpPanel.BoundPanel):
        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page_id = getattr(self.instance, "pk", None)
            counts = counts_of(page_id) if page_id else {kind: 0 for kind, _l in KINDS}
            self.content = format_html(
                "<p>{}</p><ul>{}</ul>",
                _("E-mails relayed through the portal since the action was published "
                  "(the portal keeps neither their text nor the addresses):"),
                format_html_join("", "<li>{}: {}</li>",
                                 ((label, counts[kind]) for kind, label in KINDS)),
            )
            return context
