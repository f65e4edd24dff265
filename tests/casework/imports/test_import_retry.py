"""An import whose task failed in any way ends failed with its reason, its file kept; a
coordinator retries it from the API or the admin, and the retry loads it exactly once."""

import psycopg
import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.urls import reverse

from audit.models import Action, AuditEvent
from casework.imports import services
from casework.imports.services import import_receive, import_run
from casework.models import Case, ImportJob
from tests.casework.admin.helpers import messages_of, run_action
from tests.casework.imports.files import FILES


def received(region, person="caseworker_rs_ngo", content=FILES["readmission"]) -> ImportJob:
    return import_receive(
        user=region.users[person],
        case_type="readmission",
        file_name="r.csv",
        content=content.encode(),
        queue=False,
    )


def interrupted(region, monkeypatch, error: Exception) -> ImportJob:
    """An import whose load raised `error`, as its task saw it."""
    job = received(region)

    def load_then_fail(**kwargs):
        raise error

    with monkeypatch.context() as patched:
        patched.setattr(services, "load", load_then_fail)
        with pytest.raises(type(error)):
            import_run(import_id=job.pk)
    return ImportJob.objects.get(pk=job.pk)


def test_an_import_stopped_by_its_soft_time_limit_ends_failed_with_its_reason(region, monkeypatch):
    job = interrupted(region, monkeypatch, SoftTimeLimitExceeded())
    assert job.status == "failed"
    assert "time limit" in job.errors[0]["message"]
    assert job.staged is not None
    assert not Case.objects.exists()


def test_an_import_whose_progress_connection_was_cut_ends_failed(region, monkeypatch):
    """psycopg's own error from the side connection, not a Django DatabaseError."""
    job = interrupted(region, monkeypatch, psycopg.errors.AdminShutdown("terminating connection"))
    assert job.status == "failed"
    assert "The database failed" in job.errors[0]["message"]
    assert "terminating" not in job.errors[0]["message"]


def test_a_failed_import_is_retried_through_the_api_and_loads_exactly_once(
    api, region, monkeypatch, django_capture_on_commit_callbacks
):
    job = interrupted(region, monkeypatch, SoftTimeLimitExceeded())
    with django_capture_on_commit_callbacks(execute=True):
        answer = api("national_rs").post(f"/api/v1/imports/{job.pk}/retry/")
    assert answer.status_code == 202, answer.content
    assert answer.json()["status"] == "queued"
    job.refresh_from_db()
    assert (job.status, job.created, job.errors, job.deliveries) == ("succeeded", 2, [], 1)
    assert Case.objects.count() == 2
    retried = AuditEvent.objects.filter(action=Action.IMPORT, detail__retry=True)
    assert [(e.actor_id, e.detail["import"]) for e in retried] == [
        (region.users["national_rs"].pk, job.pk)
    ]

    again = api("national_rs").post(f"/api/v1/imports/{job.pk}/retry/")
    assert again.status_code == 409


def test_an_import_out_of_scope_is_not_found_and_a_bad_file_is_not_retried(
    api, region, monkeypatch
):
    job = interrupted(region, monkeypatch, SoftTimeLimitExceeded())
    assert api("national_al").post(f"/api/v1/imports/{job.pk}/retry/").status_code == 404
    assert api("caseworker_rs_police").post(f"/api/v1/imports/{job.pk}/retry/").status_code == 404
    assert api("regional").post(f"/api/v1/imports/{job.pk}/retry/").status_code == 403
    assert ImportJob.objects.get(pk=job.pk).status == "failed"

    bad = received(region, content="not,a,header\r\n1,2,3\r\n")
    assert bad.status == "failed"
    assert api("caseworker_rs_ngo").post(f"/api/v1/imports/{bad.pk}/retry/").status_code == 409


def test_a_coordinator_retries_a_failed_import_from_the_admin(
    client, region, monkeypatch, django_capture_on_commit_callbacks
):
    job = interrupted(region, monkeypatch, SoftTimeLimitExceeded())
    done = received(region)
    import_run(import_id=done.pk)
    client.force_login(region.users["national_rs"])
    changelist = reverse("admin:casework_importjob_changelist")
    assert client.get(changelist).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(client, "retry_failed", [job, done], url=changelist)

    assert response.status_code == 302
    assert ImportJob.objects.get(pk=job.pk).status == "succeeded"
    said = messages_of(response)
    assert "1 queued again." in said
    assert any("Only an import that failed while it ran" in m for m in said)
    assert Case.objects.count() == 4
