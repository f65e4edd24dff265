"""A real worker killed with SIGKILL in the middle of a run: the run is redelivered and the
cells equal those of an undisturbed run."""

import os
import signal
import time

import pytest

from reporting.models import AggregationRun
from reporting.runs import aggregation_start
from tests.reporting.helpers import cells, month, run, validated
from tests.worker import start_worker


def wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.worker
def test_a_run_killed_midway_is_redelivered_and_gives_the_undisturbed_cells(
    transactional_db, region, settings
):
    if not settings.CELERY_BROKER_URL:
        pytest.skip("needs CELERY_BROKER_URL (a real broker); CI always sets it")
    for year in (2011, 2012, 2013):
        validated(region, month=month(year))
        validated(region, "smuggling", month=month(year))
        validated(region, "readmission", caseworker="caseworker_al_ngo", month=month(year))

    # Each unit of the run waits a second, so the run is surely killed in the middle.
    worker = start_worker(extra_env={"AGGREGATION_STEP_PAUSE": "1"})
    try:
        started = aggregation_start(user=region.users["regional"], full=True)
        assert wait_for(lambda: AggregationRun.objects.get(pk=started.pk).progress > 0)
        assert AggregationRun.objects.get(pk=started.pk).status == "running"
        [child] = worker.child_pids()
        os.kill(child, signal.SIGKILL)

        assert wait_for(
            lambda: AggregationRun.objects.get(pk=started.pk).status == "succeeded", 90
        ), AggregationRun.objects.get(pk=started.pk).status
        assert worker.child_pids() != [child]
    finally:
        worker.stop()

    redelivered = cells()
    assert redelivered[("thb_victims", "RS", 2013, "total", "total", "total")] == 1
    run(full=True)
    assert cells() == redelivered
