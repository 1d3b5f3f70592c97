"""The committee's admin: one Wagtail :class:`~wagtail.admin.viewsets.base.ViewSet`
holding its menu item, its URLs under ``/admin/comite/`` and its permission.

Every view of the set (answers, exports, background exports, statistics, the
proposals' downloads) is reached only by holders of ``consultation.view_submissions``
(:data:`~consultation.committee.views.PERMISSION`): Wagtail's admin URL wrapper sends an
anonymous user to the admin login, and :func:`wagtail.admin.auth.permission_required`
sends a staff user without the permission to the admin home with Wagtail's refusal
message. The committee needs no right on pages: it reads and downloads, never edits.
The menu item "Comité" is shown to the same users only. Registered by
``consultation.wagtail_hooks`` with the ``register_admin_viewset`` hook.
"""

from django.urls import path, register_converter
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import permission_required
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from ..proposals import exports as proposal_exports
from . import statistics_views, views
from .views import PERMISSION


class DatabaseId:
    """URL converter ``<id:...>``: a positive integer of at most 18 digits (fits a
    64-bit database id). Longer numbers match no URL (404), where ``<int:>`` let them
    through to the database, which refused them with an error (500 on SQLite)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(DatabaseId, "id")


class PermissionMenuItem(MenuItem):
    """A menu item shown only to holders of its ``permission`` (str, "app.codename")."""

    permission = ""

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


class CommitteeViewSet(ViewSet):
    """Admin menu "Comité" and its views at ``/admin/comite/`` (URL namespace
    ``consultation_committee``), all behind :attr:`permission`.

    URLs (``page_id``: a ConsultationPage id; ``job_id``: an ExportJob UUID):
    ``""`` list of consultations; ``<page_id>/`` answers; ``<page_id>/<submission_id>/``
    one answer; ``<page_id>/export.csv``, ``export-excel-fr.csv``, ``export.xlsx``,
    ``export.ods``, ``codebook.csv`` downloads; ``exports/<job_id>/`` (progress),
    ``status.json`` and ``fichier/`` of a background export;
    ``<page_id>/statistiques/``, ``…/besoins-actions/`` and ``…/<table>.csv``
    statistics; ``propositions-export.csv`` / ``.xlsx`` the proposals' downloads.
    """

    name = "comite"
    url_prefix = "comite"
    url_namespace = "consultation_committee"
    icon = "form"
    menu_label = _("Committee")
    menu_name = "comite"
    menu_order = 650
    add_to_admin_menu = True
    #: The permission every view of the set and its menu item require.
    permission = PERMISSION

    @cached_property
    def menu_item_class(self):
        return type("CommitteeMenuItem", (PermissionMenuItem,),
                    {"permission": self.permission})

    def view(self, view_class):
        """``view_class`` as a view function behind :attr:`permission`."""
        return permission_required(self.permission)(self.construct_view(view_class))

    def get_urlpatterns(self):
        view = self.view
        return [
            path("", view(views.CommitteeIndexView), name="index"),
            path("<id:page_id>/", view(views.SubmissionListView), name="submissions"),
            path("<id:page_id>/<id:submission_id>/", view(views.SubmissionDetailView),
                 name="submission"),
            path("<id:page_id>/export.csv", view(views.CsvExportView), name="export_csv"),
            path("<id:page_id>/export-excel-fr.csv", view(views.ExcelFrCsvExportView),
                 name="export_csv_fr"),
            path("<id:page_id>/export.xlsx", view(views.XlsxExportView), name="export_xlsx"),
            path("<id:page_id>/export.ods", view(views.OdsExportView), name="export_ods"),
            path("<id:page_id>/codebook.csv", view(views.CodebookCsvExportView),
                 name="export_codebook"),
            path("exports/<uuid:job_id>/", view(views.ExportJobView), name="export_job"),
            path("exports/<uuid:job_id>/status.json", view(views.ExportJobStatusView),
                 name="export_job_status"),
            path("exports/<uuid:job_id>/fichier/", view(views.ExportJobFileView),
                 name="export_job_file"),
            path("<id:page_id>/statistiques/", view(statistics_views.StatisticsView),
                 name="statistics"),
            path("<id:page_id>/statistiques/besoins-actions/",
                 view(statistics_views.NeedsActionsView), name="needs_actions"),
            path("<id:page_id>/statistiques/<slug:table>.csv",
                 view(statistics_views.StatisticsCsvView), name="statistics_csv"),
            path("propositions-export.csv", view(proposal_exports.ProposalCsvExportView),
                 name="proposals_export_csv"),
            path("propositions-export.xlsx", view(proposal_exports.ProposalXlsxExportView),
                 name="proposals_export_xlsx"),
        ]


committee_viewset = CommitteeViewSet()
