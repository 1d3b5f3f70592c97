"""Large committee exports built in the background (django-tasks), so that memory and
request time stay bounded however many submissions there are.

An XLSX or ODS export of more than ``PORTAL_EXPORT_BACKGROUND_THRESHOLD`` submissions
is not built inside the request: :class:`ExportJob` records who asked for what (page,
format, filters as a query string, whether contact details were included), the task
:func:`build_export` writes the file under ``PORTAL_EXPORTS_DIR`` (never a public
folder) while counting the rows done, and the committee member follows a progress page
until a download link appears. The link works for the member who asked, until
``expires_at`` (``PORTAL_EXPORT_LINK_HOURS``, default 24); ``manage.py purge_exports``
deletes expired files.

With the "immediate" task backend (quick start, tests) the task runs before the
progress page is shown; with ``PORTAL_TASKS_BACKEND=database`` it runs in
``manage.py db_worker``.
"""

import datetime
import logging
import os
import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

logger = logging.getLogger(__name__)

#: Rows written between two progress updates.
PROGRESS_EVERY = 500


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


class _Counting:
    """Wraps a table's ``rows()`` to record progress every PROGRESS_EVERY rows."""

    def __init__(self, table, job_id):
        self.table, self.job_id = table, job_id

    def __getattr__(self, name):
        return getattr(self.table, name)

    def rows(self, **options):
        done = 0
        for row in self.table.rows(**options):
            yield row
            done += 1
            if done % PROGRESS_EVERY == 0:
                ExportJob.objects.filter(pk=self.job_id).update(rows_done=done)
        ExportJob.objects.filter(pk=self.job_id).update(rows_done=done)


@task()
def build_export(job_id):
    """Build the file of ExportJob ``job_id`` (str UUID): XLSX or ODS with the job's
    filters; marks it done with its expiry, or failed (logged, never raised twice)."""
    from .exports import ExportTable, iter_ods, write_xlsx
    from .filters import SubmissionFilter

    job = ExportJob.objects.select_related("page").get(pk=job_id)
    page = job.page.specific
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING)
    try:
        filterset = SubmissionFilter(QueryDict(job.query) if job.query else None,
                                     queryset=page.get_submissions(), page=page)
        if filterset.is_bound and not filterset.form.is_valid():
            # The filters were checked when the job was asked for; a question removed
            # since then must not turn the export into one of every answer.
            raise ValueError(f"filters no longer valid: {filterset.form.errors.as_json()}")
        table = _Counting(
            ExportTable(page, filterset.qs, include_contact=job.include_contact), job.pk
        )
        partial = job.path.with_suffix(".part")
        # Readable by the site's own user only (answers, maybe contact details).
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(descriptor, "wb") as handle:
            if job.format == "xlsx":
                write_xlsx(table, handle)
            else:
                for chunk in iter_ods(table):
                    handle.write(chunk)
        partial.replace(job.path)
    except Exception:
        logger.exception("background export %s failed", job.pk)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED, finished_at=timezone.now())
        raise
    now = timezone.now()
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.DONE, finished_at=now,
        expires_at=now + datetime.timedelta(hours=settings.PORTAL_EXPORT_LINK_HOURS),
    )
