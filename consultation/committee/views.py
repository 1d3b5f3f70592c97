"""Committee admin views under ``/admin/comite/``.

Wagtail's own submissions views require *edit* rights on the form page; the committee
reads submissions without any page right, through these views, which
:class:`~consultation.committee.admin.CommitteeViewSet` serves only to holders of the
``consultation.view_submissions`` permission (:data:`PERMISSION`).
"""

import tempfile

from django.conf import settings
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseGone,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from .dashboard import consultation_summaries
from ..questionnaire.pages import ConsultationPage
from .exports import ExportTable, codebook_csv, iter_csv, iter_ods, write_xlsx
from .filters import SubmissionFilter, invalid_filters_response
from .models import ExportJob
from .tasks import build_export

PERMISSION = "consultation.view_submissions"
#: Contact details given with consent: a separate permission, held by few members.
CONTACT_PERMISSION = "consultation.view_contact_details"
#: Audit log action written for every view of contact details.
CONTACT_ACTION = "consultation.view_contact"
#: Audit log action written for every export (registered in wagtail_hooks).
EXPORT_ACTION = "consultation.export"
PAGE_SIZE = 50


def answers_title(form_page):
    """The title of the answers page of ``form_page`` (str: "Réponses : <title>")."""
    return gettext("Answers: %(title)s") % {"title": form_page.title}


class CommitteeTemplateMixin(WagtailAdminTemplateMixin):
    """Wagtail's admin header for the committee's pages, with its breadcrumbs:
    Home › Committee › the pages above this one (:meth:`get_breadcrumbs_trail`) › this
    page (its title, the current item, as in Wagtail's own views)."""

    header_icon = "form"

    def get_breadcrumbs_trail(self):
        """(url, label) pairs of the pages between "Committee" and this one: by
        default the answers of ``self.form_page`` when the view has one."""
        form_page = getattr(self, "form_page", None)
        if form_page is None:
            return []
        return [(reverse("consultation_committee:submissions", args=[form_page.pk]),
                 answers_title(form_page))]

    def get_breadcrumbs_items(self):
        trail = [(reverse("consultation_committee:index"), _("Committee")),
                 *self.get_breadcrumbs_trail()]
        return [*self.breadcrumbs_items,
                *[{"url": url, "label": label} for url, label in trail],
                {"url": "", "label": self.get_page_title()}]


class CommitteeIndexView(CommitteeTemplateMixin, TemplateView):
    """List of consultation pages with their number of submissions (the summaries of
    the admin home's "Comité" panel, :func:`consultation.committee.dashboard.consultation_summaries`)."""

    template_name = "consultation/committee/admin/index.html"
    page_title = _("Committee")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pages"] = consultation_summaries()
        return context


def contact_allowed(user):
    """True when ``user`` may see contact details (``consultation.view_contact_details``)."""
    return user.has_perm(CONTACT_PERMISSION)


def filtered_submissions(request, form_page):
    """The page's submissions filtered by the query string (SubmissionFilter)."""
    return SubmissionFilter(request.GET or None, queryset=form_page.get_submissions(),
                            page=form_page)


class SubmissionListView(CommitteeTemplateMixin, TemplateView):
    """Submissions of one page as a paginated, filterable table, newest first, with
    readable labels and the download links of every format (same filters)."""

    template_name = "consultation/committee/admin/submissions.html"

    def get_page_title(self):
        return answers_title(self.form_page)

    def get_breadcrumbs_trail(self):
        return []

    def dispatch(self, request, *args, **kwargs):
        self.form_page = get_object_or_404(ConsultationPage, pk=kwargs["page_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = filtered_submissions(self.request, self.form_page)
        include_contact = contact_allowed(self.request.user)
        submissions = filterset.qs.order_by("-submit_time", "-pk")
        if include_contact:
            submissions = submissions.select_related("contact")
        paginator = Paginator(submissions, PAGE_SIZE)
        page_obj = paginator.get_page(self.request.GET.get("p"))
        table = ExportTable(self.form_page, filterset.qs, expand_options=False,
                            include_contact=include_contact)
        query = self.request.GET.copy()
        query.pop("p", None)
        query_string = query.urlencode()
        downloads = [
            (label, reverse(f"consultation_committee:{name}", args=[self.form_page.pk])
             + (f"?{query_string}" if query_string else ""))
            for name, label in EXPORT_LINKS
        ]
        rows = [(s.pk, table.row(s)) for s in page_obj.object_list]
        if table.include_contact:
            # Contact details on screen are a view of them: logged like the detail view.
            shown = [s.pk for s in page_obj.object_list
                     if getattr(s, "contact", None) is not None]
            if shown:
                log(instance=self.form_page, action=CONTACT_ACTION, user=self.request.user,
                    data={"submissions": shown, "page": page_obj.number,
                          "filters": dict(filterset.active)})
        context.update({
            "form_page": self.form_page,
            "filter": filterset,
            "header": table.header(),
            "rows": rows,
            "page_obj": page_obj,
            "paginator": paginator,
            "query_string": query_string,
            "downloads": downloads,
            "filters_valid": not filterset.is_bound or filterset.form.is_valid(),
        })
        return context


class SubmissionDetailView(CommitteeTemplateMixin, TemplateView):
    """One submission: each question (current label) and its readable answer; contact
    details only for holders of the contact permission (each view audit-logged)."""

    template_name = "consultation/committee/admin/submission_detail.html"

    def dispatch(self, request, *args, **kwargs):
        self.form_page = get_object_or_404(ConsultationPage, pk=kwargs["page_id"])
        self.submission = get_object_or_404(
            self.form_page.get_submissions(), pk=kwargs["submission_id"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Answer no. %(id)s") % {"id": self.submission.pk}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        include_contact = contact_allowed(self.request.user)
        table = ExportTable(
            self.form_page, self.form_page.get_submissions().filter(pk=self.submission.pk),
            expand_options=False, include_contact=include_contact,
        )
        header = table.header()
        row = table.row(self.submission)
        contact = getattr(self.submission, "contact", None) if include_contact else None
        if contact is not None:
            log(instance=self.form_page, action=CONTACT_ACTION, user=self.request.user,
                data={"submission": self.submission.pk})
        context.update({
            "form_page": self.form_page,
            "submission": self.submission,
            "items": list(zip(header, row)),
            "back_url": reverse("consultation_committee:submissions", args=[self.form_page.pk]),
        })
        return context


class BaseExportView(View):
    """Download of a page's (filtered) submissions in one format, written to Wagtail's
    audit log with the format, the filters and whether contact details were included.

    Invalid filters answer 400 with the French errors: an export never silently ignores
    a filter the committee member typed. GET only: a HEAD request (link checkers, some
    download managers) would otherwise start an export and log it.
    """

    http_method_names = ["get"]

    format_name = ""
    extension = ""
    content_type = ""

    def get(self, request, page_id):
        form_page = get_object_or_404(ConsultationPage, pk=page_id)
        filterset = filtered_submissions(request, form_page)
        refusal = invalid_filters_response(filterset)
        if refusal is not None:
            return refusal
        include_contact = contact_allowed(request.user)
        log_data = {
            "format": self.format_name,
            "filters": {label: value for label, value in filterset.active},
            "contact_details": include_contact,
        }
        if self.background and filterset.qs.count() > settings.PORTAL_EXPORT_BACKGROUND_THRESHOLD:
            return self.start_background(request, form_page, filterset, include_contact, log_data)
        table = ExportTable(form_page, filterset.qs, include_contact=include_contact)
        log(instance=form_page, action=EXPORT_ACTION, user=request.user,
            data={**log_data, "columns": len(table.header())})
        response = self.build_response(table)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = (
            f'attachment; filename="{form_page.slug}-{self.suffix}-{stamp}.{self.extension}"'
        )
        response["Cache-Control"] = "private, no-store"
        return response

    suffix = "reponses"
    #: True for formats built by a background task above the threshold (XLSX, ODS).
    background = False

    def build_response(self, table):
        raise NotImplementedError

    def start_background(self, request, form_page, filterset, include_contact, log_data):
        """Record an ExportJob, enqueue :func:`build_export`, redirect to its progress."""
        query = request.GET.copy()
        query.pop("p", None)
        job = ExportJob.objects.create(
            page=form_page, user=request.user, format=self.extension,
            query=query.urlencode(), include_contact=include_contact,
            rows_total=filterset.qs.count(),
        )
        log(instance=form_page, action=EXPORT_ACTION, user=request.user,
            data={**log_data, "background": str(job.pk)})
        build_export.enqueue(job_id=str(job.pk))
        return redirect("consultation_committee:export_job", job_id=job.pk)


class CsvExportView(BaseExportView):
    """CSV, UTF-8 with BOM, comma-separated, streamed row by row."""

    format_name, extension, delimiter = "csv", "csv", ","

    def build_response(self, table):
        return StreamingHttpResponse(
            (chunk.encode("utf-8") for chunk in iter_csv(table, self.delimiter)),
            content_type="text/csv; charset=utf-8",
        )


class ExcelFrCsvExportView(CsvExportView):
    """"CSV (Excel FR)": semicolon-separated, for Excel set to French (its decimal separator
    is the comma)."""

    format_name, delimiter = "csv-excel-fr", ";"
    suffix = "reponses-excel-fr"


class CodebookCsvExportView(BaseExportView):
    """The codebook of the columns as a CSV file (the CSV exports' companion)."""

    format_name, extension, suffix = "codebook-csv", "csv", "codebook"

    def build_response(self, table):
        return HttpResponse(
            codebook_csv(table).encode("utf-8"),
            content_type="text/csv; charset=utf-8",
        )


class XlsxExportView(BaseExportView):
    """XLSX: answers and codebook sheets, written to a temporary file in constant memory
    and streamed from it."""

    format_name, extension, background = "xlsx", "xlsx", True
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def build_response(self, table):
        handle = tempfile.TemporaryFile()
        write_xlsx(table, handle)
        handle.seek(0)
        return FileResponse(handle, content_type=self.content_type)


class OdsExportView(BaseExportView):
    """ODS: answers and codebook sheets, streamed as they are built."""

    format_name, extension, background = "ods", "ods", True
    content_type = "application/vnd.oasis.opendocument.spreadsheet"

    def build_response(self, table):
        return StreamingHttpResponse(iter_ods(table), content_type=self.content_type)


#: (URL name, link label) of the download links, in the order shown.
EXPORT_LINKS = [
    ("export_csv", _("CSV")),
    ("export_csv_fr", _("CSV (Excel FR)")),
    ("export_xlsx", _("XLSX")),
    ("export_ods", _("ODS")),
    ("export_codebook", _("Codebook (CSV)")),
]


def own_job(request, job_id):
    """The ExportJob ``job_id`` of the requesting user (404 for anyone else's)."""
    return get_object_or_404(ExportJob.objects.select_related("page"), pk=job_id,
                             user=request.user)


class ExportJobView(CommitteeTemplateMixin, TemplateView):
    """Progress of a background export, then its download link until it expires.

    Without JavaScript an "Update" link reloads the page; with it, the progress bar and
    a polite live region follow ``status.json``.
    """

    template_name = "consultation/committee/admin/export_job.html"
    header_icon = "download"
    page_title = _("Export of answers")

    def dispatch(self, request, *args, **kwargs):
        self.job = own_job(request, kwargs["job_id"])
        self.form_page = self.job.page
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.job
        context.update({
            "job": job,
            "expired": job.expired(),
            "download_url": reverse("consultation_committee:export_job_file", args=[job.pk]),
            "status_url": reverse("consultation_committee:export_job_status", args=[job.pk]),
            "back_url": reverse("consultation_committee:submissions", args=[job.page_id]),
        })
        return context


class ExportJobStatusView(View):
    """JSON progress of a background export: status, percent, rows_done, rows_total."""

    def get(self, request, job_id):
        job = own_job(request, job_id)
        return JsonResponse({
            "status": job.status, "status_label": str(job.get_status_display()),
            "percent": job.percent, "rows_done": job.rows_done, "rows_total": job.rows_total,
        }, headers={"Cache-Control": "private, no-store"})


class ExportJobFileView(View):
    """The finished file of a background export, for its requester, before expiry
    (410 Gone after; 404 while not ready or for anyone else)."""

    def get(self, request, job_id):
        job = own_job(request, job_id)
        if job.status != ExportJob.Status.DONE or not job.path.exists():
            raise Http404
        if job.expired():
            return HttpResponseGone(
                _("This download link has expired: export the answers again."),
                content_type="text/plain; charset=utf-8",
            )
        content_type = {
            "xlsx": XlsxExportView.content_type, "ods": OdsExportView.content_type,
        }[job.format]
        stamp = timezone.localtime(job.created_at).strftime("%Y%m%d-%H%M")
        response = FileResponse(
            open(job.path, "rb"), content_type=content_type, as_attachment=True,
            filename=f"{job.page.slug}-reponses-{stamp}.{job.format}",
        )
        response["Cache-Control"] = "private, no-store"
        return response
