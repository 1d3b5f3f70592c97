"""Committee admin URLs, mounted at ``/admin/comite/`` by ``wagtail_hooks``."""

from django.urls import path, register_converter

from ..proposals import exports as proposal_exports
from . import statistics_views, views


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

app_name = "consultation_committee"

urlpatterns = [
    path("", views.CommitteeIndexView.as_view(), name="index"),
    path("<id:page_id>/", views.SubmissionListView.as_view(), name="submissions"),
    path("<id:page_id>/<id:submission_id>/", views.SubmissionDetailView.as_view(),
         name="submission"),
    path("<id:page_id>/export.csv", views.CsvExportView.as_view(), name="export_csv"),
    path("<id:page_id>/export-excel-fr.csv", views.ExcelFrCsvExportView.as_view(),
         name="export_csv_fr"),
    path("<id:page_id>/export.xlsx", views.XlsxExportView.as_view(), name="export_xlsx"),
    path("<id:page_id>/export.ods", views.OdsExportView.as_view(), name="export_ods"),
    path("<id:page_id>/codebook.csv", views.CodebookCsvExportView.as_view(),
         name="export_codebook"),
    path("exports/<uuid:job_id>/", views.ExportJobView.as_view(), name="export_job"),
    path("exports/<uuid:job_id>/status.json", views.ExportJobStatusView.as_view(),
         name="export_job_status"),
    path("exports/<uuid:job_id>/fichier/", views.ExportJobFileView.as_view(),
         name="export_job_file"),
]

# Committee statistics (consultation.committee.statistics_views).
urlpatterns += [
    path("<id:page_id>/statistiques/", statistics_views.StatisticsView.as_view(),
         name="statistics"),
    path("<id:page_id>/statistiques/besoins-actions/",
         statistics_views.NeedsActionsView.as_view(), name="needs_actions"),
    path("<id:page_id>/statistiques/<slug:table>.csv",
         statistics_views.StatisticsCsvView.as_view(), name="statistics_csv"),
]

# Committee downloads of the proposals (consultation.proposals.exports).
urlpatterns += [
    path("propositions-export.csv", proposal_exports.ProposalCsvExportView.as_view(),
         name="proposals_export_csv"),
    path("propositions-export.xlsx", proposal_exports.ProposalXlsxExportView.as_view(),
         name="proposals_export_xlsx"),
]
