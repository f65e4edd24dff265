"""Work handed to Celery through the database: an import, a run or a release is a row first,
and its task only carries it out, so that whatever befalls the task the row ends in a known
state (done, or failed with its reason) and can be retried.

- A row is sent to the broker once its transaction commits (`work_queue`). A broker that is
  down does not fail the request: the row stays unsent and the sweeper sends it later.
- Each delivery of a task is counted on the row before it runs (`work_carry_out`): a task
  that keeps killing its worker is failed after `WORK_MAX_DELIVERIES` instead of taking down
  worker after worker.
- While a task runs, a thread of its own writes the row's heartbeat through a connection of
  its own; the sweeper (`work_sweep`, on celery beat) fails the rows whose heartbeat stopped
  (the whole worker gone) and re-sends the rows never taken.
- A failure is recorded through a new connection when the task's own one is gone.

In development (tasks in-process, no broker) a task runs at once and none of this shows.
"""

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from importlib import import_module
from typing import ClassVar, TypeVar

from django.conf import settings
from django.db import connection, models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

logger = logging.getLogger(__name__)

T = TypeVar("T")

# The models whose rows are work for a task.
WORK_MODELS = ("casework.ImportJob", "reporting.AggregationRun", "reporting.Release")


class Work(models.Model):
    """What a row carried out by a task records of its deliveries."""

    # How many times a worker took its task: each delivery counts, before it runs.
    deliveries = models.PositiveSmallIntegerField(gettext_lazy("deliveries"), default=0)
    # When its task was handed to the broker; empty while never sent (the broker was down).
    sent_at = models.DateTimeField(gettext_lazy("sent at"), null=True, blank=True, editable=False)
    # Written every few seconds while its task runs: a stale one means the worker is gone.
    heartbeat_at = models.DateTimeField(
        gettext_lazy("heartbeat at"), null=True, blank=True, editable=False
    )

    # The task's name, the states in which it still has work to do, and the failed state.
    task_name: ClassVar[str]
    active_states: ClassVar[tuple[str, ...]]
    failed_state: ClassVar[str]

    class Meta:
        abstract = True

    @classmethod
    def failure(cls, reason: str) -> dict:
        """The fields that record a failure's reason."""
        return {"error": reason}


def work_models() -> list[type[Work]]:
    from django.apps import apps

    return [apps.get_model(label) for label in WORK_MODELS]


def work_queue(model: type[Work], pk: int) -> None:
    """Send the row's task once the current transaction commits."""
    from django.db import transaction

    transaction.on_commit(lambda: work_send(model, pk))


def work_send(model: type[Work], pk: int) -> bool:
    """Hand the row's task to the broker, at once and without retrying: a broker that is down
    leaves the row unsent for the sweeper rather than holding the request. In-process (no
    broker) the task runs now, and its errors are the caller's."""
    from config.celery import app

    import_module(f"{model._meta.app_label}.tasks")  # registers the task, outside a worker
    task = app.tasks[model.task_name]
    if app.conf.task_always_eager:
        # `apply`, not `apply_async`: the latter acquires a producer on the default broker,
        # which there is none of, and kombu warns "No hostname was supplied".
        task.apply(args=[pk])
        return True
    try:
        task.apply_async(args=[pk], retry=False, ignore_result=True)
    except Exception:  # kombu's OperationalError, a socket's error: the broker is unreachable
        logger.warning("The broker is unreachable: %s %s stays unsent.", model.__name__, pk)
        return False
    model.objects.filter(pk=pk).update(sent_at=timezone.now())
    return True


def work_carry_out(model: type[Work], pk: int, carry_out: Callable[[], T]) -> T | None:
    """Run a delivered task's work, counting the delivery first. Work no longer to do (done,
    failed, or failed meanwhile by the sweeper) is left be; past the bound of deliveries the
    row is failed instead. A failure nothing else recorded is recorded here."""
    from celery import current_task

    task = current_task._get_current_object()  # None outside a task (`demo_release`)
    in_process = task is None or bool(task.request.is_eager)
    deliveries = _count_delivery(model, pk)
    if deliveries is None:
        return None
    if deliveries > settings.WORK_MAX_DELIVERIES:
        work_failed(
            model,
            pk,
            reason=ngettext(
                "Stopped after %(count)d attempt: the worker carrying it out was lost (for "
                "example, it ran out of memory). Retry it once the cause is found.",
                "Stopped after %(count)d attempts: each time, the worker carrying it out was "
                "lost (for example, it ran out of memory). Retry it once the cause is found.",
                deliveries - 1,
            )
            % {"count": deliveries - 1},
        )
        return None
    with work_heartbeat(model, pk, live=not in_process):
        try:
            return carry_out()
        except Exception as error:
            work_failed(model, pk, reason=failure_reason(error))
            raise


def _count_delivery(model: type[Work], pk: int) -> int | None:
    """The row's deliveries, this one counted; None when it has no work left."""
    taken = model.objects.filter(pk=pk, status__in=model.active_states).update(
        deliveries=F("deliveries") + 1, heartbeat_at=timezone.now()
    )
    if not taken:
        return None
    return model.objects.values_list("deliveries", flat=True).get(pk=pk)


def failure_reason(error: BaseException) -> str:
    """Why a task failed, in words a coordinator can act on. Never the error's own text: it
    may quote the data."""
    from celery.exceptions import SoftTimeLimitExceeded
    from django.db import DatabaseError

    if isinstance(error, SoftTimeLimitExceeded):
        return _(
            "It took longer than its time limit and was stopped; nothing of it was kept. "
            "Retry it, or split the work."
        )
    if isinstance(error, DatabaseError) or _is_psycopg_error(error):
        return _("The database failed while it was carried out; nothing of it was kept. Retry it.")
    return _("It failed (%(error)s); nothing of it was kept. Retry it.") % {
        "error": type(error).__name__
    }


def _is_psycopg_error(error: BaseException) -> bool:
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return False
    return isinstance(error, psycopg.Error)


def work_failed(model: type[Work], pk: int, *, reason: str) -> bool:
    """Record that the row's work failed, unless it is over already. When the task's own
    connection is gone (the database restarted), through a new one, waiting a little for the
    database to come back; if it does not, the sweeper fails the row once its heartbeat is
    stale."""
    fields = {"status": model.failed_state, **model.failure(reason)}
    deadline = time.monotonic() + settings.WORK_RECORD_FAILURE_SECONDS
    while True:
        try:
            if not connection.in_atomic_block:
                connection.close_if_unusable_or_obsolete()
            return bool(
                model.objects.filter(pk=pk, status__in=model.active_states).update(**fields)
            )
        except Exception:
            if connection.in_atomic_block or time.monotonic() > deadline:
                logger.exception("Could not record the failure of %s %s.", model.__name__, pk)
                return False
            connection.close()
            time.sleep(0.5)


@contextmanager
def work_heartbeat(model: type[Work], pk: int, *, live: bool) -> Iterator[None]:
    """Write the row's heartbeat every `WORK_HEARTBEAT_SECONDS` from a thread with a
    connection of its own, while the body runs (on PostgreSQL, for a task in a worker)."""
    if connection.vendor != "postgresql" or not live:
        yield
        return
    stop = threading.Event()
    beating = threading.Thread(
        target=_beat,
        args=(model._meta.db_table, pk, connection.get_connection_params(), stop),
        name=f"heartbeat-{model.__name__}-{pk}",
        daemon=True,
    )
    beating.start()
    try:
        yield
    finally:
        stop.set()
        beating.join(timeout=5)


def _beat(table: str, pk: int, params: dict, stop: threading.Event) -> None:
    import psycopg

    side = None
    while not stop.wait(settings.WORK_HEARTBEAT_SECONDS):
        try:
            if side is None or side.closed:
                side = psycopg.connect(**params, autocommit=True)
            side.execute(
                f"UPDATE {table} SET heartbeat_at = now() WHERE id = %s",  # noqa: S608
                [pk],
            )
        except psycopg.Error:
            # The database is away: the next beat tries a new connection.
            if side is not None:
                side.close()
            side = None
    if side is not None:
        side.close()


def work_sweep() -> dict[str, int]:
    """Fail the work whose worker is gone (taken, but its heartbeat stale) and send again the
    work never taken (never sent, or sent so long ago that the message must be lost). Run by
    celery beat every `WORK_SWEEP_SECONDS`; safe to run at any time and twice at once (a
    task sent twice runs once: the second finds the work done)."""
    now = timezone.now()
    lost_before = now - timedelta(seconds=settings.WORK_LOST_AFTER_SECONDS)
    unsent_before = now - timedelta(seconds=settings.WORK_SWEEP_SECONDS)
    resend_before = now - timedelta(seconds=settings.WORK_RESEND_AFTER_SECONDS)
    swept = {"failed": 0, "sent": 0}
    for model in work_models():
        active = model.objects.filter(status__in=model.active_states)
        lost = active.filter(deliveries__gt=0, heartbeat_at__lt=lost_before)
        for pk in lost.values_list("pk", flat=True):
            swept["failed"] += work_failed(
                model,
                pk,
                reason=_(
                    "The worker carrying it out was lost (stopped, or out of its time limit); "
                    "nothing of it was kept. Retry it."
                ),
            )
        never_taken = active.filter(deliveries=0).filter(
            Q(sent_at__isnull=True, created_at__lt=unsent_before) | Q(sent_at__lt=resend_before)
        )
        for pk in never_taken.values_list("pk", flat=True):
            swept["sent"] += work_send(model, pk)
    return swept


def work_retried() -> dict:
    """The fields that set failed work going again, as if never sent."""
    return {"deliveries": 0, "sent_at": None, "heartbeat_at": None, "progress": 0}
