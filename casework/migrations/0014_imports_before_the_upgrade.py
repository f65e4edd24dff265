"""Imports recorded before the upgrade, brought to what the code now guarantees.

- Work still queued or running at the upgrade has no delivery count, no heartbeat and was
  never sent through the work queue: the sweeper would send it again, on top of whatever
  became of it. It ends failed with its reason, and a coordinator retries it.
- Errors written before they stopped repeating cells may hold what a file's cells held (a
  name, a birth date, from a file without a header row). Their texts go; the row each was
  on stays, with a message that says why.
"""

from django.db import migrations
from django.utils import timezone

INTERRUPTED = (
    "Interrupted by an upgrade of the application before it finished; nothing of it was "
    "kept. Retry it."
)
SCRUBBED = (
    "This error was recorded before errors stopped repeating the file's cells, and its text "
    "was removed. Import the file again to see it."
)


def settle_imports(apps, schema_editor):
    ImportJob = apps.get_model("casework", "ImportJob")
    ImportJob.objects.filter(status__in=["queued", "running"]).update(
        status="failed",
        errors=[{"row": None, "field": None, "message": INTERRUPTED}],
        finished_at=timezone.now(),
    )
    for job in ImportJob.objects.exclude(errors=[]).only("pk", "errors").iterator():
        if job.errors and job.errors[0].get("message") == INTERRUPTED:
            continue
        scrubbed = [
            {"row": error.get("row"), "field": None, "message": SCRUBBED}
            for error in job.errors
        ]
        ImportJob.objects.filter(pk=job.pk).update(errors=scrubbed)


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0013_work_deliveries"),
    ]

    operations = [
        migrations.RunPython(settle_imports, migrations.RunPython.noop, elidable=True),
    ]
