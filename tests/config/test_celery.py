import pytest

from accounts.tasks import ping


@pytest.mark.worker
def test_a_task_round_trips_through_a_real_worker_and_broker(celery_worker):
    result = ping.delay()
    assert result.get(timeout=30) == "pong"
    # It ran in the worker's process, not eagerly in this one.
    assert not result.__class__.__name__.startswith("Eager")
    assert result.successful()
