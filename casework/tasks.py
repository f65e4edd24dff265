from celery import shared_task

from casework.imports.services import import_run


@shared_task(acks_late=True, reject_on_worker_lost=True, name="casework.import_run")
def import_run_task(import_id: int) -> dict:
    job = import_run(import_id=import_id)
    return {"status": job.status, "created": job.created}
