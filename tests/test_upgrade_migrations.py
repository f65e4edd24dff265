"""Rows written before issue 13's upgrade are brought to what the code now guarantees: work
caught mid-way ends failed (the sweeper would otherwise start it again), and import errors
that repeated a file's cells lose their texts."""

import importlib

from django.apps import apps

from casework.models import ImportJob
from config.work import work_sweep
from reporting.models import AggregationRun, Release


def migrated(module: str, function: str) -> None:
    getattr(importlib.import_module(module), function)(apps, None)


def test_work_caught_by_the_upgrade_ends_failed_and_is_not_sent_again(region, monkeypatch):
    user = region.users["caseworker_rs_ngo"]
    job = ImportJob.objects.create(
        case_type="trafficking", organisation=user.organisation, created_by=user, status="running"
    )
    run = AggregationRun.objects.create(status="running")
    release = Release.objects.create(
        number=7, status="auditing", published_by=region.users["regional"]
    )

    migrated("casework.migrations.0014_imports_before_the_upgrade", "settle_imports")
    migrated("reporting.migrations.0007_work_before_the_upgrade", "settle_work")

    sent = []
    monkeypatch.setattr("config.work.work_send", lambda *args, **kwargs: sent.append(args))
    work_sweep()
    for row in (job, run, release):
        row.refresh_from_db()
        assert row.status == "failed"
    assert "upgrade" in job.errors[0]["message"] and "upgrade" in run.error
    assert "upgrade" in release.error
    assert sent == []


def test_import_errors_written_before_lose_the_cells_they_repeated(region):
    user = region.users["caseworker_rs_ngo"]
    job = ImportJob.objects.create(
        case_type="trafficking",
        organisation=user.organisation,
        created_by=user,
        status="failed",
        errors=[{"row": 1, "field": "Jovana", "message": "Unknown column 'Jovana'."}],
    )

    migrated("casework.migrations.0014_imports_before_the_upgrade", "settle_imports")

    job.refresh_from_db()
    [error] = job.errors
    assert error["row"] == 1 and error["field"] is None
    assert "Jovana" not in error["message"]
