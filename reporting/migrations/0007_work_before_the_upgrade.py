"""Runs and releases still at work when the application was upgraded.

They have no delivery count, no heartbeat and were never sent through the work queue: the
sweeper would start them again (and a release it published now would become the latest).
They end failed with their reason, and a coordinator retries them.
"""

from django.db import migrations
from django.utils import timezone

INTERRUPTED = "Interrupted by an upgrade of the application before it finished. Retry it."


def settle_work(apps, schema_editor):
    AggregationRun = apps.get_model("reporting", "AggregationRun")
    Release = apps.get_model("reporting", "Release")
    AggregationRun.objects.filter(status__in=["queued", "running"]).update(
        status="failed", error=INTERRUPTED, finished_at=timezone.now()
    )
    Release.objects.filter(status="auditing").update(status="failed", error=INTERRUPTED)


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0006_work_deliveries"),
    ]

    operations = [
        migrations.RunPython(settle_work, migrations.RunPython.noop, elidable=True),
    ]
