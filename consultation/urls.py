"""Committee admin URLs, mounted at ``/admin/comite/`` by ``wagtail_hooks``."""

from django.urls import path

from . import views

app_name = "consultation_committee"

urlpatterns = [
    path("", views.CommitteeIndexView.as_view(), name="index"),
    path("<int:page_id>/", views.SubmissionListView.as_view(), name="submissions"),
    path("<int:page_id>/export.csv", views.CsvExportView.as_view(), name="export_csv"),
]
