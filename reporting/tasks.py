from celery import shared_task

from config.work import work_carry_out
from reporting.models import AggregationRun, Release
from reporting.runs import aggregation_run, aggregation_start


@shared_task(
    acks_late=True, reject_on_worker_lost=True, ignore_result=True, name="reporting.aggregate"
)
def aggregation_task(run_id: int) -> dict | None:
    def carry_out():
        run = aggregation_run(run_id=run_id)
        return {"status": run.status, "cases_read": run.cases_read}

    return work_carry_out(AggregationRun, run_id, carry_out)


@shared_task(name="reporting.aggregate_nightly")
def aggregation_nightly() -> int:
    """The schedule's run (django-celery-beat): incremental, all territories, the system's."""
    return aggregation_start(user=None).pk


@shared_task(
    acks_late=True, reject_on_worker_lost=True, ignore_result=True, name="reporting.publish_release"
)
def release_task(release_id: int) -> str | None:
    from reporting.releases import release_publish

    return work_carry_out(
        Release, release_id, lambda: release_publish(release_id=release_id).status
    )
