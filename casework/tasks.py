from celery import shared_task

from casework.imports.services import import_run
from casework.models import ImportJob
from config.work import work_carry_out


@shared_task(
    acks_late=True, reject_on_worker_lost=True, ignore_result=True, name="casework.import_run"
)
def import_run_task(import_id: int) -> dict | None:
    def carry_out():
        job = import_run(import_id=import_id)
        return {"status": job.status, "created": job.created}

    return work_carry_out(ImportJob, import_id, carry_out)
