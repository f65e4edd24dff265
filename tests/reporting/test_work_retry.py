"""Runs and releases whose task failed end failed with their reason; a coordinator retries
them from the API or the admin; "latest" is the newest published release."""

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from audit.models import Action, AuditEvent
from reporting import releases as release_services
from reporting import runs as run_services
from reporting.models import AggregationRun, Release
from reporting.releases import release_latest, release_publish, release_start
from tests.casework.admin.helpers import messages_of, run_action
from tests.reporting.helpers import cells, run, validated

BASE = "/api/v1/statistics"


def failed_run(monkeypatch, error=None, **fields) -> AggregationRun:
    started = AggregationRun.objects.create(**fields)

    def fails(*args, **kwargs):
        raise error or SoftTimeLimitExceeded()

    with monkeypatch.context() as patched:
        patched.setattr(run_services, "aggregate", fails)
        with pytest.raises(type(error or SoftTimeLimitExceeded())):
            run_services.aggregation_run(run_id=started.pk)
    return AggregationRun.objects.get(pk=started.pk)


def failed_release(region, monkeypatch) -> Release:
    """A release whose task died in its audit (not a release whose audit failed)."""
    release = release_start(user=region.users["regional"])  # its task waits for the commit

    def fails(*args, **kwargs):
        raise SoftTimeLimitExceeded()

    with monkeypatch.context() as patched:
        patched.setattr(release_services, "audit_and_repair", fails)
        with pytest.raises(SoftTimeLimitExceeded):
            release_publish(release_id=release.pk)
    return Release.objects.get(pk=release.pk)


class TestRuns:
    def test_a_run_stopped_by_its_time_limit_ends_failed_with_its_reason(self, region, monkeypatch):
        failed = failed_run(monkeypatch)
        assert failed.status == "failed"
        assert "time limit" in failed.error
        assert failed.finished_at is not None

    def test_a_failed_run_is_retried_through_the_api_and_gives_the_cells(
        self, api, region, monkeypatch, django_capture_on_commit_callbacks
    ):
        validated(region)
        failed = failed_run(monkeypatch, full=True, territory="RS")
        assert not cells()
        with django_capture_on_commit_callbacks(execute=True):
            answer = api("national_rs").post(f"{BASE}/runs/{failed.pk}/retry/")
        assert answer.status_code == 202, answer.content
        assert (answer.json()["status"], answer.json()["error"]) == ("queued", "")
        failed.refresh_from_db()
        assert (failed.status, failed.error, failed.deliveries) == ("succeeded", "", 1)
        assert cells()[("thb_victims", "RS", 2013, "total", "total", "total")] == 1
        assert AuditEvent.objects.filter(
            action=Action.AGGREGATION_RUN, detail__run=failed.pk, detail__retry=True
        ).exists()
        assert api("national_rs").post(f"{BASE}/runs/{failed.pk}/retry/").status_code == 409

    def test_a_run_out_of_scope_is_not_found_and_other_roles_cannot_retry(
        self, api, region, monkeypatch
    ):
        failed = failed_run(monkeypatch, territory="AL")
        assert api("national_rs").post(f"{BASE}/runs/{failed.pk}/retry/").status_code == 404
        assert api("viewer").post(f"{BASE}/runs/{failed.pk}/retry/").status_code == 404
        assert AggregationRun.objects.get(pk=failed.pk).status == "failed"

    def test_a_coordinator_retries_a_failed_run_from_the_admin(
        self, client, region, monkeypatch, django_capture_on_commit_callbacks
    ):
        failed = failed_run(monkeypatch)
        client.force_login(region.users["regional"])
        changelist = reverse("admin:reporting_aggregationrun_changelist")
        with django_capture_on_commit_callbacks(execute=True):
            response = run_action(client, "retry_failed", [failed], url=changelist)
        assert "1 queued again." in messages_of(response)
        assert AggregationRun.objects.get(pk=failed.pk).status == "succeeded"


@pytest.mark.postgresql
def test_a_run_whose_connection_is_cut_is_recorded_failed_through_a_new_one(
    transactional_db, region, monkeypatch
):
    import psycopg

    def cut(*args, **kwargs):
        backend = connection.connection.info.backend_pid
        params = {
            k: v
            for k, v in connection.get_connection_params().items()
            if k in ("dbname", "user", "password", "host", "port")
        }
        with psycopg.connect(**params, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [backend])
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")

    started = AggregationRun.objects.create()
    monkeypatch.setattr(run_services, "aggregate", cut)
    with pytest.raises(Exception):  # noqa: B017 - whatever the dead connection raises
        run_services.aggregation_run(run_id=started.pk)
    failed = AggregationRun.objects.get(pk=started.pk)
    assert failed.status == "failed"
    assert "The database failed" in failed.error


class TestReleases:
    def test_a_release_whose_task_failed_ends_failed_with_its_reason(self, region, monkeypatch):
        failed = failed_release(region, monkeypatch)
        assert failed.status == "failed"
        assert "time limit" in failed.error

    def test_a_failed_release_is_retried_through_the_api_and_published(
        self, api, region, monkeypatch, django_capture_on_commit_callbacks
    ):
        validated(region)
        run()
        failed = failed_release(region, monkeypatch)
        with django_capture_on_commit_callbacks(execute=True):
            answer = api("regional").post(f"{BASE}/releases/{failed.number}/retry/")
        assert answer.status_code == 202, answer.content
        published = api("viewer").get(f"{BASE}/releases/{failed.number}/").json()
        assert (published["status"], published["error"]) == ("published", "")
        assert AuditEvent.objects.filter(
            action=Action.RELEASE, detail__release=failed.number, detail__retry=True
        ).exists()
        again = api("regional").post(f"{BASE}/releases/{failed.number}/retry/")
        assert again.status_code == 409

    def test_only_regional_coordinators_retry_and_a_failed_audit_is_not_retried(
        self, api, region, monkeypatch
    ):
        failed = failed_release(region, monkeypatch)
        for person in ("national_rs", "viewer"):
            answer = api(person).post(f"{BASE}/releases/{failed.number}/retry/")
            assert answer.status_code == 403
        audit_failed = Release.objects.create(
            number=failed.number + 1,
            status="failed",
            certificate={"passed": False},
            published_by=region.users["regional"],
        )
        answer = api("regional").post(f"{BASE}/releases/{audit_failed.number}/retry/")
        assert answer.status_code == 409
        assert api("regional").post(f"{BASE}/releases/999/retry/").status_code == 404

    def test_a_coordinator_retries_a_failed_release_from_the_admin(
        self, client, region, monkeypatch, django_capture_on_commit_callbacks
    ):
        failed = failed_release(region, monkeypatch)
        client.force_login(region.users["regional"])
        changelist = reverse("admin:reporting_release_changelist")
        with django_capture_on_commit_callbacks(execute=True):
            response = run_action(client, "retry_failed", [failed], url=changelist)
        assert "1 queued again." in messages_of(response)
        assert Release.objects.get(pk=failed.pk).status == "published"

    def test_latest_is_the_newest_published_even_when_numbered_below_another(self, region):
        """Release 1 was stuck, retried, and published after release 2."""
        publisher = region.users["regional"]
        earlier = timezone.now() - timezone.timedelta(hours=1)
        Release.objects.create(
            number=2, status="published", published_at=earlier, published_by=publisher
        )
        late = Release.objects.create(
            number=1, status="published", published_at=timezone.now(), published_by=publisher
        )
        assert release_latest() == late


@pytest.mark.postgresql
def test_a_run_failed_by_the_sweeper_while_it_computed_stays_failed(transactional_db, monkeypatch):
    # A hung but living worker is deemed lost and failed (by the sweeper, committed on its
    # own connection); when it wakes and finishes, what it computed is not kept over the
    # failure: a coordinator's retry says what is true.
    from tests.casework.imports.test_import_faults import _other_session

    started = AggregationRun.objects.create()
    aggregate = run_services.aggregate

    def deemed_lost_meanwhile(*args, **kwargs):
        with _other_session() as sweeper:
            sweeper.execute(
                "UPDATE reporting_aggregationrun SET status = 'failed', error = 'lost' "
                "WHERE id = %s",
                [started.pk],
            )
        return aggregate(*args, **kwargs)

    monkeypatch.setattr(run_services, "aggregate", deemed_lost_meanwhile)
    finished = run_services.aggregation_run(run_id=started.pk)

    assert finished.status == AggregationRun.Status.FAILED
    assert finished.error == "lost"
