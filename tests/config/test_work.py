"""Work through the database (config/work.py): deliveries bounded, a broker down at start,
the sweeper that fails work lost with its worker and sends again work never taken."""

import time
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnreachable

from casework.imports.services import import_receive
from casework.models import Case, ImportJob
from casework.tasks import import_run_task
from config.celery import app as celery_app
from config.work import work_sweep
from reporting.models import AggregationRun, Release
from reporting.tasks import aggregation_task, release_task
from tests.casework.imports.files import FILES

LONG_AGO = timedelta(days=1)


def received(region, **kwargs) -> ImportJob:
    return import_receive(
        user=region.users["caseworker_rs_ngo"],
        case_type="readmission",
        file_name="r.csv",
        content=FILES["readmission"].encode(),
        queue=False,
        **kwargs,
    )


def a_release(region, **fields) -> Release:
    number = Release.objects.count() + 1
    return Release.objects.create(number=number, published_by=region.users["regional"], **fields)


class TestDeliveries:
    def test_an_import_whose_task_was_delivered_past_the_bound_is_failed_and_not_run(
        self, region, settings
    ):
        settings.WORK_MAX_DELIVERIES = 3
        job = received(region)
        ImportJob.objects.filter(pk=job.pk).update(status="running", deliveries=3)

        import_run_task.delay(job.pk)

        job.refresh_from_db()
        assert (job.status, job.deliveries) == ("failed", 4)
        assert "Stopped after 3 attempts" in job.errors[0]["message"]
        assert "worker" in job.errors[0]["message"]
        assert not Case.objects.exists()
        assert job.staged is not None  # kept for a retry

    def test_each_delivery_of_an_import_is_counted_before_it_runs(self, region):
        job = received(region)
        import_run_task.delay(job.pk)
        job.refresh_from_db()
        assert (job.status, job.deliveries, job.created) == ("succeeded", 1, 2)

    def test_a_run_delivered_past_the_bound_says_so(self, region, settings):
        settings.WORK_MAX_DELIVERIES = 2
        run = AggregationRun.objects.create(status="running", deliveries=2)
        aggregation_task.delay(run.pk)
        run.refresh_from_db()
        assert run.status == "failed"
        assert "Stopped after 2 attempts" in run.error

    def test_a_release_delivered_past_the_bound_says_so(self, region, settings):
        settings.WORK_MAX_DELIVERIES = 2
        release = a_release(region, deliveries=2)
        release_task.delay(release.pk)
        release.refresh_from_db()
        assert release.status == "failed"
        assert "Stopped after 2 attempts" in release.error

    def test_a_task_delivered_again_after_its_work_failed_leaves_it_be(self, region):
        job = received(region)
        ImportJob.objects.filter(pk=job.pk).update(status="failed", deliveries=1)
        import_run_task.delay(job.pk)
        job.refresh_from_db()
        assert (job.status, job.deliveries) == ("failed", 1)
        assert not Case.objects.exists()


class TestBrokerDownAtStart:
    """The broker unreachable when work is started: kombu raises at once (no retry, short
    connection timeout). The row is committed and the request answers."""

    @pytest.fixture
    def broker_down(self, monkeypatch):
        celery_app.conf.task_always_eager = False

        def unreachable(*args, **kwargs):
            raise BrokerUnreachable("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

        for task in (import_run_task, aggregation_task, release_task):
            monkeypatch.setattr(task, "apply_async", unreachable)

        def back_up():
            monkeypatch.undo()
            celery_app.conf.task_always_eager = True

        return back_up

    def test_an_import_answers_202_and_the_sweeper_sends_it_once_the_broker_is_back(
        self, api, region, transactional_db, broker_down, settings
    ):
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile("r.csv", FILES["readmission"].encode(), "text/csv")
        answer = api("caseworker_rs_ngo").post(
            "/api/v1/imports/", {"case_type": "readmission", "file": upload}, format="multipart"
        )
        assert answer.status_code == 202, answer.content
        job = ImportJob.objects.get(pk=answer.json()["id"])
        assert (job.status, job.sent_at, job.deliveries) == ("queued", None, 0)

        settings.WORK_SWEEP_SECONDS = 0
        assert work_sweep() == {"failed": 0, "sent": 0}  # still down: still queued
        broker_down()
        assert work_sweep() == {"failed": 0, "sent": 1}
        job.refresh_from_db()
        assert (job.status, job.created) == ("succeeded", 2)

    def test_a_run_and_a_release_answer_202_and_stay_unsent_for_the_sweeper(
        self, api, region, transactional_db, broker_down
    ):
        run = api("regional").post("/api/v1/statistics/runs/", {}, format="json")
        assert run.status_code == 202, run.content
        release = api("regional").post("/api/v1/statistics/releases/", {}, format="json")
        assert release.status_code == 202, release.content
        assert AggregationRun.objects.get(pk=run.json()["id"]).sent_at is None
        assert Release.objects.get(number=release.json()["number"]).sent_at is None


class TestSweeper:
    def test_work_whose_heartbeat_stopped_is_failed_and_fresh_work_is_left_be(self, region):
        stale = timezone.now() - LONG_AGO
        lost_import = received(region)
        alive_import = received(region)
        ImportJob.objects.filter(pk=lost_import.pk).update(
            status="running", deliveries=1, heartbeat_at=stale
        )
        ImportJob.objects.filter(pk=alive_import.pk).update(
            status="running", deliveries=1, heartbeat_at=timezone.now(), sent_at=timezone.now()
        )
        lost_run = AggregationRun.objects.create(status="running", deliveries=1, heartbeat_at=stale)
        lost_release = a_release(region, deliveries=1, heartbeat_at=stale)

        assert work_sweep() == {"failed": 3, "sent": 0}

        lost_import.refresh_from_db()
        assert lost_import.status == "failed"
        assert "worker carrying it out was lost" in lost_import.errors[0]["message"]
        assert ImportJob.objects.get(pk=alive_import.pk).status == "running"
        assert "lost" in AggregationRun.objects.get(pk=lost_run.pk).error
        assert Release.objects.get(pk=lost_release.pk).status == "failed"

    def test_work_never_sent_is_sent_and_work_sent_lately_is_not(self, region, settings):
        never_sent = received(region)
        sent_lately = received(region)
        ImportJob.objects.filter(pk=never_sent.pk).update(
            created_at=timezone.now() - timedelta(seconds=settings.WORK_SWEEP_SECONDS + 1)
        )
        ImportJob.objects.filter(pk=sent_lately.pk).update(sent_at=timezone.now())

        assert work_sweep() == {"failed": 0, "sent": 1}

        assert ImportJob.objects.get(pk=never_sent.pk).status == "succeeded"
        assert ImportJob.objects.get(pk=sent_lately.pk).status == "queued"

    def test_work_sent_long_ago_and_never_taken_is_sent_again(self, region):
        lost_message = received(region)
        ImportJob.objects.filter(pk=lost_message.pk).update(sent_at=timezone.now() - LONG_AGO)
        assert work_sweep()["sent"] == 1
        assert ImportJob.objects.get(pk=lost_message.pk).status == "succeeded"

    def test_beat_runs_the_sweeper_on_its_interval(self):
        import config.celery  # noqa: F401 - registers the sweeper

        [entry] = [
            e
            for e in django_settings.CELERY_BEAT_SCHEDULE.values()
            if e["task"] == "config.sweep_work"
        ]
        assert entry["schedule"] == django_settings.WORK_SWEEP_SECONDS
        assert "config.sweep_work" in celery_app.tasks


def test_the_visibility_timeout_outlasts_the_longest_task():
    """Redis hands an unacknowledged task to another worker only after the longest task's
    time limit: a task still running is never carried out twice at once."""
    visibility = django_settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert visibility > django_settings.CELERY_TASK_TIME_LIMIT
    assert visibility > django_settings.WORK_LOST_AFTER_SECONDS
    assert django_settings.WORK_HEARTBEAT_SECONDS * 3 <= django_settings.WORK_LOST_AFTER_SECONDS


@pytest.mark.postgresql
def test_a_running_task_writes_its_heartbeat_through_a_connection_of_its_own(
    transactional_db, region, settings
):
    from django.db import transaction

    from config.work import work_heartbeat

    settings.WORK_HEARTBEAT_SECONDS = 0.05
    job = received(region)
    beats = []
    with work_heartbeat(ImportJob, job.pk, live=True), transaction.atomic():
        # The task's own transaction holds other rows meanwhile; the beats still land.
        Case.objects.select_for_update().exists()
        for _ in range(200):
            beat = ImportJob.objects.values_list("heartbeat_at", flat=True).get(pk=job.pk)
            if beat is not None and beat not in beats:
                beats.append(beat)
            if len(beats) == 2:
                break
            time.sleep(0.05)
    assert len(beats) == 2
