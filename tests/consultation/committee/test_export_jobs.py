"""Large XLSX/ODS exports run as a background task (django-tasks) with a progress page
and a download link that only its requester can use, until it expires."""

import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageLogEntry

from consultation.models import ConsultationSubmission, ExportJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def background(settings, tmp_path):
    settings.PORTAL_EXPORT_BACKGROUND_THRESHOLD = 2
    settings.PORTAL_EXPORTS_DIR = tmp_path / "exports"
    return settings


@pytest.fixture
def three(consultation_page, valid_answers):
    return [ConsultationSubmission.objects.create(page=consultation_page, form_data=valid_answers)
            for _ in range(3)]


def test_over_the_threshold_the_export_runs_in_the_background(
    client, committee_member, consultation_page, three, background
):
    client.force_login(committee_member)
    response = client.get(f"/admin/comite/{consultation_page.pk}/export.xlsx?commune=")
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/comite/exports/{job.pk}/"
    assert (job.user, job.format, job.rows_total) == (committee_member, "xlsx", 3)
    # The "immediate" backend of the tests ran the task: the file is ready.
    job.refresh_from_db()
    assert job.status == "done" and job.rows_done == 3 and job.percent == 100
    page = client.get(response["Location"]).content.decode()
    assert "Télécharger le fichier" in page
    status = client.get(f"/admin/comite/exports/{job.pk}/status.json").json()
    assert status["status"] == "done" and status["percent"] == 100

    download = client.get(f"/admin/comite/exports/{job.pk}/fichier/")
    assert download.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert workbook["Réponses"].max_row == 4  # header + 3 answers
    entry = PageLogEntry.objects.filter(action="consultation.export").get()
    assert entry.data["background"] == str(job.pk)


def test_under_the_threshold_the_file_comes_at_once(client, committee_member, consultation_page,
                                                    three, background):
    background.PORTAL_EXPORT_BACKGROUND_THRESHOLD = 10
    client.force_login(committee_member)
    response = client.get(f"/admin/comite/{consultation_page.pk}/export.ods")
    assert response.status_code == 200 and not ExportJob.objects.exists()


def test_only_the_requester_may_follow_or_download(client, make_user, committee_member,
                                                   consultation_page, three, background):
    client.force_login(committee_member)
    client.get(f"/admin/comite/{consultation_page.pk}/export.ods")
    job = ExportJob.objects.get()
    other = make_user("autre-membre@example.org", groups=["Comité Nouvelles solidarités"])
    client.force_login(other)
    for url in (f"/admin/comite/exports/{job.pk}/", f"/admin/comite/exports/{job.pk}/fichier/",
                f"/admin/comite/exports/{job.pk}/status.json"):
        assert client.get(url).status_code == 404, url
    client.logout()
    response = client.get(f"/admin/comite/exports/{job.pk}/fichier/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_expired_link_is_gone_and_purged(client, committee_member, consultation_page, three,
                                         background):
    client.force_login(committee_member)
    client.get(f"/admin/comite/{consultation_page.pk}/export.xlsx")
    job = ExportJob.objects.get()
    assert job.path.exists()
    ExportJob.objects.filter(pk=job.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.get(f"/admin/comite/exports/{job.pk}/fichier/")
    assert response.status_code == 410
    assert "Ce lien de téléchargement a expiré" in response.content.decode()
    call_command("purge_exports", verbosity=0)
    assert not ExportJob.objects.exists() and not job.path.exists()


def test_a_failing_export_is_marked_failed(client, committee_member, consultation_page, three,
                                           background, monkeypatch):
    import consultation.committee.tasks

    def broken(table, target):
        raise OSError("disque plein")

    monkeypatch.setattr(consultation.committee.tasks, "write_xlsx", broken)
    client.force_login(committee_member)
    response = client.get(f"/admin/comite/{consultation_page.pk}/export.xlsx")
    job = ExportJob.objects.get()
    assert job.status == "failed"
    page = client.get(response["Location"]).content.decode()
    assert "L’export a échoué" in page
    assert client.get(f"/admin/comite/exports/{job.pk}/fichier/").status_code == 404


def test_finished_files_are_private_to_the_site_user(client, committee_member, consultation_page,
                                                     three, background):
    client.force_login(committee_member)
    client.get(f"/admin/comite/{consultation_page.pk}/export.ods")
    job = ExportJob.objects.get()
    assert job.status == "done"
    assert job.path.stat().st_mode & 0o777 == 0o600


def test_filters_invalid_by_the_time_the_job_runs_export_nothing(
    committee_member, consultation_page, three, background, keys
):
    from consultation.committee.tasks import build_export

    question = keys["Avez-vous rencontré des difficultés pendant et/ou après le confinement ?"]
    job = ExportJob.objects.create(page=consultation_page, user=committee_member,
                                   format="xlsx", query=f"q_{question}=Oui", rows_total=3)
    # The question is removed from the form while the job waits in the queue.
    consultation_page.form_fields.filter(clean_name=question).delete()

    with pytest.raises(ValueError):
        build_export.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == "failed"
    assert not job.path.exists()
