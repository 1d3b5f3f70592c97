"""The committee's data: :class:`ExportJob`, one large export built in the background
(django-tasks, :func:`consultation.committee.tasks.build_export`), so that memory and
request time stay bounded however many submissions there are.

An XLSX or ODS export of more than ``PORTAL_EXPORT_BACKGROUND_THRESHOLD`` submissions
is not built inside the request: :class:`ExportJob` records who asked for what (page,
format, filters as a query string, whether contact details were included), the task
:func:`consultation.committee.tasks.build_export` writes the file under ``PORTAL_EXPORTS_DIR`` (never a public
folder) while counting the rows done, and the committee member follows a progress page
until a download link appears. The link works for the member who asked, until
``expires_at`` (``PORTAL_EXPORT_LINK_HOURS``, default 24); ``manage.py purge_exports``
deletes expired files.

With the "immediate" task backend (quick start, tests) the task runs before the
progress page is shown; with ``PORTAL_TASKS_BACKEND=database`` it runs in
``manage.py db_worker``.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def exports_dir():
    """Folder (Path) of finished background exports, created if missing."""
    folder = Path(settings.PORTAL_EXPORTS_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class ExportJob(models.Model):
    """One background export: inputs, progress (rows done of rows total), outcome."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("In progress")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    page = models.ForeignKey("consultation.ConsultationPage", on_delete=models.CASCADE,
                             related_name="export_jobs")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    format = models.CharField(max_length=8)
    query = models.TextField(blank=True)
    include_contact = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    file_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "consultation"
        verbose_name = _("export in progress")
        ordering = ["-created_at"]

    @property
    def percent(self):
        """Progress as an int from 0 to 100."""
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(100, self.rows_done * 100 // self.rows_total)

    @property
    def path(self):
        """Path of the finished file (may not exist yet)."""
        return exports_dir() / f"{self.pk}.{self.format}"

    def expired(self, moment=None):
        """True when the download link is no longer valid."""
        return self.expires_at is not None and (moment or timezone.now()) >= self.expires_at
