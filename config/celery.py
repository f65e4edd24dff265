import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("casework")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="config.sweep_work", ignore_result=True)
def sweep_work() -> dict:
    """Beat's sweep of work stuck in the broker or lost with its worker (config/work.py)."""
    from config.work import work_sweep

    return work_sweep()
