from celery import shared_task

from reporting.runs import aggregation_run, aggregation_start


@shared_task(acks_late=True, reject_on_worker_lost=True, name="reporting.aggregate")
def aggregation_task(run_id: int) -> dict:
    run = aggregation_run(run_id=run_id)
    return {"status": run.status, "cases_read": run.cases_read}


@shared_task(name="reporting.aggregate_nightly")
def aggregation_nightly() -> int:
    """The schedule's run (django-celery-beat): incremental, all territories, the system's."""
    return aggregation_start(user=None).pk


@shared_task(acks_late=True, reject_on_worker_lost=True, name="reporting.publish_release")
def release_task(release_id: int) -> str:
    from reporting.releases import release_publish

    return release_publish(release_id=release_id).status
