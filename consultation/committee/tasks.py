"""Background tasks of the committee (django-tasks): :func:`build_export` writes the
file of an :class:`~consultation.committee.models.ExportJob` (XLSX or ODS) under
``PORTAL_EXPORTS_DIR`` while counting the rows done.

With the "immediate" task backend (quick start, tests) the task runs before the
progress page is shown; with ``PORTAL_TASKS_BACKEND=database`` it runs in
``manage.py db_worker``.
"""

import datetime
import logging
import os

from django.conf import settings
from django.http import QueryDict
from django.utils import timezone
from django_tasks import task

from .exports import ExportTable, iter_ods, write_xlsx
from .filters import SubmissionFilter
from .models import ExportJob

logger = logging.getLogger(__name__)

#: Rows written between two progress updates.
PROGRESS_EVERY = 500


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
