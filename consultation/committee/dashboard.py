"""The "Comité" panel of the Wagtail admin home page.

Committee members are not web editors: after signing in they land on Wagtail's admin
home, whose own panels are about pages they edit. This panel, added by the
``construct_homepage_panels`` hook in ``wagtail_hooks`` for holders of
``consultation.view_submissions`` only, takes them straight to their work: for each
ConsultationPage its number of answers (and, once some came otherwise than online, per
channel), the time of the last one (Europe/Paris) and the
links to the listing, the statistics and the CSV/XLSX downloads; and the proposals with
the number awaiting moderation for those who may read them. It links only to the
committee's read-only views, never to an edit view.

Cost: three queries at most (pages, answers aggregated per page, proposals awaiting
moderation), whatever the number of answers or consultations.
"""

import dataclasses
import datetime
import zoneinfo

from django.conf import settings
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import formats
from wagtail.admin.ui.components import Component

from ..proposals.models import Proposal
from ..questionnaire.channels import CHANNELS, ONLINE
from ..questionnaire.models import ConsultationSubmission
from ..questionnaire.pages import ConsultationPage

#: Read access to proposals (the committee, moderators, administrators).
PROPOSAL_PERMISSION = "consultation.view_proposal"


@dataclasses.dataclass(frozen=True)
class ConsultationSummary:
    """One consultation as the panel shows it.

    ``pk``, ``title`` and ``live`` come from the page; ``count`` is its number of
    answers (int); ``last`` the submit time of the newest one (aware datetime in
    Europe/Paris, or None without answers); ``urls`` a dict with the keys "submissions",
    "statistics", "export_csv" and "export_xlsx" (absolute paths of the committee's
    views); ``channels`` a tuple of (French channel label, int) in the order of
    :data:`~consultation.questionnaire.channels.CHANNELS`, channels without answers
    left out, empty while every answer came online (nothing to split).
    """

    pk: int
    title: str
    live: bool
    count: int
    last: datetime.datetime | None
    urls: dict
    channels: tuple = ()

    @property
    def last_date(self):
        """The last answer's day in French, e.g. "30 juin 2020" ("" without answers)."""
        return formats.date_format(self.last, "DATE_FORMAT") if self.last else ""

    @property
    def last_time(self):
        """The last answer's time, e.g. "23:30" ("" without answers)."""
        return formats.time_format(self.last, "TIME_FORMAT") if self.last else ""

    @property
    def last_iso(self):
        """The last answer's time as ISO 8601 with its offset, for ``<time datetime>``."""
        return self.last.isoformat(timespec="minutes") if self.last else ""


def consultation_summaries():
    """Every ConsultationPage, live or not, in tree order, with its answers counted.

    Output: list of :class:`ConsultationSummary`. Two queries: the pages, and the
    answers grouped by page and channel (COUNT and MAX), added up per page here.
    """
    paris = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    pages = ConsultationPage.objects.order_by("path").only("id", "title", "live")
    totals, per_channel = {}, {}
    for row in (ConsultationSubmission.objects.order_by()
                .values("page_id", "channel")
                .annotate(count=Count("id"), last=Max("submit_time"))):
        total = totals.setdefault(row["page_id"], {"count": 0, "last": None})
        total["count"] += row["count"]
        if total["last"] is None or (row["last"] and row["last"] > total["last"]):
            total["last"] = row["last"]
        per_channel.setdefault(row["page_id"], {})[row["channel"]] = row["count"]
    summaries = []
    for page in pages:
        row = totals.get(page.pk, {"count": 0, "last": None})
        counts = per_channel.get(page.pk, {})
        channels = ()
        if set(counts) - {ONLINE}:
            channels = tuple((str(label), counts[key]) for key, label in CHANNELS
                             if counts.get(key))
        urls = {
            name: reverse(f"consultation_committee:{name}", args=[page.pk])
            for name in ("submissions", "statistics", "export_csv", "export_xlsx")
        }
        summaries.append(ConsultationSummary(
            pk=page.pk, title=page.title, live=page.live, count=row["count"],
            last=row["last"].astimezone(paris) if row["last"] else None, urls=urls,
            channels=channels,
        ))
    return summaries


class CommitteePanel(Component):
    """Admin home panel "Comité" (a laces/Wagtail Component).

    Render it only for holders of ``consultation.view_submissions`` (the hook checks).
    Context: "consultations" (list of :class:`ConsultationSummary`) and "proposals" (None when the user may not read
    proposals, else a dict with "url", "awaiting_url" and "awaiting" (int)).
    """

    name = "committee"
    template_name = "consultation/committee/admin/home_panel.html"
    #: Before Wagtail's own panels (moderation 210-220, recent edits 250, locks 300).
    order = 50

    class Media:
        css = {"all": ["consultation/admin-dashboard.css"]}

    def get_context_data(self, parent_context=None):
        """Output: the context described above; ``parent_context`` must hold "request"
        (KeyError otherwise). Runs the queries of :func:`consultation_summaries` and,
        for readers of proposals, one COUNT."""
        request = parent_context["request"]
        consultations = consultation_summaries()
        proposals = None
        if request.user.has_perm(PROPOSAL_PERMISSION):
            index_url = reverse("proposals:index")
            proposals = {
                "url": index_url,
                "awaiting_url": f"{index_url}?status={Proposal.Status.SUBMITTED}",
                "awaiting": Proposal.objects.filter(status=Proposal.Status.SUBMITTED).count(),
            }
        return {"consultations": consultations, "proposals": proposals}
