"""Committee admin views under ``/admin/comite/`` (DESIGN §4b, §5 flow 3, §8).

Wagtail's own submissions views require *edit* rights on the form page; the committee
reads submissions without any page right, through these views guarded by the
``consultation.view_submissions`` permission. A staff user without it gets Wagtail's
refusal (redirect to the admin home with a message); an anonymous user is sent to the
admin login by Wagtail's admin URL wrapper.
"""

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View
from wagtail.admin.auth import permission_required
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from .exports import ExportTable, iter_csv
from .models import ConsultationPage

PERMISSION = "consultation.view_submissions"
#: Audit log action written for every export (registered in wagtail_hooks).
EXPORT_ACTION = "consultation.export"
PAGE_SIZE = 50

committee_required = method_decorator(permission_required(PERMISSION), name="dispatch")


@committee_required
class CommitteeIndexView(WagtailAdminTemplateMixin, TemplateView):
    """List of consultation pages with their number of submissions."""

    template_name = "consultation/admin/index.html"
    page_title = _("Committee")
    header_icon = "form"
    breadcrumbs_items = []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pages = ConsultationPage.objects.order_by("path").annotate(
            submission_count=Count("consultationsubmission")
        )
        context["pages"] = pages
        return context


@committee_required
class SubmissionListView(WagtailAdminTemplateMixin, TemplateView):
    """Submissions of one page as a paginated table, newest first, readable labels."""

    template_name = "consultation/admin/submissions.html"
    header_icon = "form"
    breadcrumbs_items = []

    def get_page_title(self):
        return _("Answers: %(title)s") % {"title": self.form_page.title}

    def dispatch(self, request, *args, **kwargs):
        self.form_page = get_object_or_404(ConsultationPage, pk=kwargs["page_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submissions = self.form_page.get_submissions().order_by("-submit_time", "-pk")
        paginator = Paginator(submissions, PAGE_SIZE)
        page_obj = paginator.get_page(self.request.GET.get("p"))
        table = ExportTable(self.form_page, submissions)
        context.update({
            "form_page": self.form_page,
            "header": table.header(),
            "rows": [table.row(s) for s in page_obj.object_list],
            "page_obj": page_obj,
            "paginator": paginator,
            "csv_url": reverse("consultation_committee:export_csv", args=[self.form_page.pk]),
        })
        return context


@committee_required
class CsvExportView(View):
    """All submissions of one page as a streamed CSV file, written to the audit log."""

    def get(self, request, page_id):
        form_page = get_object_or_404(ConsultationPage, pk=page_id)
        table = ExportTable(form_page)
        log(
            instance=form_page, action=EXPORT_ACTION, user=request.user,
            data={"format": "csv", "columns": len(table.header())},
        )
        response = StreamingHttpResponse(
            (chunk.encode("utf-8") for chunk in iter_csv(table)),
            content_type="text/csv; charset=utf-8",
        )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = (
            f'attachment; filename="{form_page.slug}-reponses-{stamp}.csv"'
        )
        response["Cache-Control"] = "private, no-store"
        return response
