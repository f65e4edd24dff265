"""Two regional coordinators publishing at the same moment: one release is audited, the other
is told an audit runs (409), never a server error from two releases numbered alike."""

import threading

import pytest
from django.db import connection, transaction

from reporting.models import Release
from reporting.releases import AuditRunning, release_retry, release_start


@pytest.mark.postgresql
def test_a_publish_racing_another_waits_for_it_and_is_refused(transactional_db, region):
    coordinator = region.users["regional"]
    second = {}

    def publish_too():
        try:
            second["release"] = release_start(user=coordinator, send=False)
        except Exception as error:  # what it was refused with is the point
            second["error"] = error
        finally:
            connection.close()

    other = threading.Thread(target=publish_too)
    with transaction.atomic():
        release_start(user=coordinator, send=False)
        other.start()
        other.join(1.0)  # it reads before the first has committed
    other.join(10)

    assert isinstance(second.get("error"), AuditRunning), second
    assert Release.objects.count() == 1


def test_a_failed_release_is_not_retried_while_another_is_audited(db, region):
    coordinator = region.users["regional"]
    failed = Release.objects.create(
        number=1, published_by=coordinator, status=Release.State.FAILED, error="worker lost"
    )
    release_start(user=coordinator, send=False)  # release 2, being audited

    with pytest.raises(AuditRunning):
        release_retry(user=coordinator, number=failed.number)

    failed.refresh_from_db()
    assert failed.status == Release.State.FAILED
    assert Release.objects.filter(status=Release.State.AUDITING).count() == 1
