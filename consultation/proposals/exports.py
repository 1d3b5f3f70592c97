"""Committee downloads of residents' proposals: CSV and XLSX, built on the committee
export helpers rather than the admin's stock export.

URLs ``/admin/comite/propositions-export.csv`` and ``…/propositions-export.xlsx``
(:class:`~consultation.committee.admin.CommitteeViewSet`), for holders of
``consultation.view_submissions`` like the other committee exports; every download is
written to Wagtail's audit log.

One row per proposal, oldest first: number, date received (Europe/Paris; CSV text
"YYYY-MM-DD HH:MM:SS", XLSX a date-time cell), title, description, themes (labels joined with "; "), commune
("Name (INSEE)"), moderation status and answer as readable French labels, answer text,
published (oui/non). Contact details (:class:`~consultation.proposals.models.ProposalContact`)
are never read here, whoever downloads: they stay in the moderators' edit view.

Cells follow the rules of every export (:mod:`consultation.committee.exports`): the
date through :func:`~consultation.committee.exports.time_cell`, texts through
:func:`~consultation.committee.exports.clean_text`; CSV cells then go through
:func:`~consultation.committee.exports.csv_text` (formula guard), XLSX cells are typed
strings (:func:`~consultation.committee.exports.write_sheet`).
"""

import tempfile

from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.generic import View
from wagtail.log_actions import log

from ..committee.exports import (
    MULTI_SEPARATOR, clean_text, csv_text, open_workbook, time_cell, write_sheet,
)
from ..committee.views import EXPORT_ACTION
from .models import Proposal
from .pages import ProposalPage

#: Stem of the downloaded file names ("propositions-20261129-2317.csv").
FILE_STEM = "propositions"


def proposal_header():
    """The column headers (list of str, French in a French request)."""
    return [
        pgettext("proposal export", "Proposal no."),
        pgettext("proposal export", "Received on"),
        pgettext("proposal export", "Title"),
        pgettext("proposal export", "Description"),
        pgettext("proposal export", "Themes"),
        pgettext("proposal export", "Commune"),
        pgettext("proposal export", "Status"),
        pgettext("proposal export", "Follow-up"),
        pgettext("proposal export", "Answer"),
        pgettext("proposal export", "Published"),
    ]


def proposal_rows(proposals=None, typed=False):
    """Generator of the rows of ``proposals`` (a Proposal queryset; default: all),
    oldest first (themes in their list order), aligned on :func:`proposal_header`: the
    id as int, the date received as "YYYY-MM-DD HH:MM:SS" text in Europe/Paris (with
    ``typed``: a naive Paris ``datetime``, for spreadsheets; see
    :func:`~consultation.committee.exports.time_cell`), every other cell a str
    without the control characters spreadsheets refuse (no formula guard: each writer
    applies its own). Themes and communes are read with two extra queries."""
    if proposals is None:
        proposals = Proposal.objects.all()
    proposals = proposals.select_related("commune").prefetch_related("themes").order_by(
        "created_at", "pk")
    tz = timezone.get_current_timezone()
    yes, no = _("yes"), _("no")
    whole = pgettext("proposal export", "Whole département")
    for proposal in proposals:
        commune = proposal.commune
        cells = [
            proposal.title,
            proposal.description,
            MULTI_SEPARATOR.join(theme.label for theme in proposal.themes.all()),
            commune.label if commune is not None else whole,
            str(proposal.get_status_display()),
            str(proposal.get_response_status_display() or ""),
            proposal.response_text,
            yes if proposal.status == Proposal.Status.PUBLISHED else no,
        ]
        yield [proposal.pk, time_cell(proposal.created_at, typed, tz),
               *[clean_text(cell) for cell in cells]]


class BaseProposalExportView(View):
    """One download of all proposals, written to the audit log (action EXPORT_ACTION,
    data: format, no filters, no contact details). GET only (a HEAD would log an
    export)."""

    http_method_names = ["get"]
    format_name = ""
    extension = ""
    #: True: dates as date-time values (spreadsheets), else as text.
    typed = False

    def get(self, request):
        # The audit log needs an object: the proposal box page, or when the site has
        # none (proposals only created in the admin) the user who downloaded.
        instance = ProposalPage.objects.order_by("path").first() or request.user
        log(instance=instance, action=EXPORT_ACTION, user=request.user, data={
            "format": self.format_name, "filters": {}, "contact_details": False,
        })
        response = self.build_response(proposal_header(), proposal_rows(typed=self.typed))
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = (
            f'attachment; filename="{FILE_STEM}-{stamp}.{self.extension}"'
        )
        response["Cache-Control"] = "private, no-store"
        return response

    def build_response(self, header, rows):
        raise NotImplementedError


class ProposalCsvExportView(BaseProposalExportView):
    """CSV: UTF-8 with BOM (Excel reads the accents), comma-separated, CRLF, every cell
    through the formula guard."""

    format_name, extension = "proposals-csv", "csv"

    def build_response(self, header, rows):
        return HttpResponse(csv_text([header, *rows]).encode("utf-8"),
                            content_type="text/csv; charset=utf-8")


class ProposalXlsxExportView(BaseProposalExportView):
    """XLSX: one sheet "Propositions", text cells as typed strings (never formulas), the
    date received a date-time cell (see :func:`~consultation.committee.exports.write_sheet`)."""

    format_name, extension = "proposals-xlsx", "xlsx"
    typed = True
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def build_response(self, header, rows):
        handle = tempfile.TemporaryFile()
        workbook, styles = open_workbook(handle)
        sheet = workbook.add_worksheet(pgettext("proposal export", "Proposals")[:31])
        write_sheet(sheet, header, rows, styles)
        workbook.close()
        handle.seek(0)
        return FileResponse(handle, content_type=self.content_type)
