"""Committee admin URLs, mounted at ``/admin/comite/`` by ``wagtail_hooks``."""

from django.urls import path

from . import views

app_name = "consultation_committee"

urlpatterns = [
    path("", views.CommitteeIndexView.as_view(), name="index"),
    path("<int:page_id>/", views.SubmissionListView.as_view(), name="submissions"),
    path("<int:page_id>/<int:submission_id>/", views.SubmissionDetailView.as_view(),
         name="submission"),
    path("<int:page_id>/export.csv", views.CsvExportView.as_view(), name="export_csv"),
    path("<int:page_id>/export-excel-fr.csv", views.ExcelFrCsvExportView.as_view(),
         name="export_csv_fr"),
    path("<int:page_id>/export.xlsx", views.XlsxExportView.as_view(), name="export_xlsx"),
    path("<int:page_id>/export.ods", views.OdsExportView.as_view(), name="export_ods"),
    path("<int:page_id>/codebook.csv", views.CodebookCsvExportView.as_view(),
         name="export_codebook"),
    path("exports/<uuid:job_id>/", views.ExportJobView.as_view(), name="export_job"),
    path("exports/<uuid:job_id>/status.json", views.ExportJobStatusView.as_view(),
         name="export_job_status"),
    path("exports/<uuid:job_id>/fichier/", views.ExportJobFileView.as_view(),
         name="export_job_file"),
]

# Committee statistics (consultation.statistics_views).
from . import statistics_views  # noqa: E402

urlpatterns += [
    path("<int:page_id>/statistiques/", statistics_views.StatisticsView.as_view(),
         name="statistics"),
    path("<int:page_id>/statistiques/besoins-actions/",
         statistics_views.NeedsActionsView.as_view(), name="needs_actions"),
    path("<int:page_id>/statistiques/<slug:table>.csv",
         statistics_views.StatisticsCsvView.as_view(), name="statistics_csv"),
]
