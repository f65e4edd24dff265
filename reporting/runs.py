"""Aggregation runs: started by coordinators, the API, the command or the nightly schedule."""

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import territories_in_scope
from accounts.models import User
from accounts.roles import Reach, reaches
from audit.models import Action
from audit.services import audit_record
from casework.errors import ActionNotAllowed, RunNotFound, TerritoryNotFound, TransitionNotAllowed
from config.progress import progress_writer
from config.work import failure_reason, work_failed, work_queue, work_retried
from reporting.aggregation import FEW_PARTITIONS, aggregate
from reporting.models import AggregationRun
from reporting.partitions import (
    computed_partitions,
    dirty_partitions,
    partitions_clean,
    territory_partitions,
)


def runs_visible_to(user: User):
    if not user.has_perm("reporting.start_aggregation"):
        return AggregationRun.objects.none()
    runs = AggregationRun.objects.all()
    if not reaches(user, Reach.REGION):
        # Runs of one's own territory only: a region-wide run (no territory) is not one.
        runs = runs.filter(territory__in=territories_in_scope(user))
    return runs


def run_get(*, user: User, run_id) -> AggregationRun:
    try:
        return runs_visible_to(user).get(pk=run_id)
    except (AggregationRun.DoesNotExist, ValueError, TypeError):
        raise RunNotFound() from None


@transaction.atomic
def aggregation_start(*, user: User | None, territory: str = "", full: bool = False):
    """Record a run and queue it. `user` None is the schedule (the system's run).

    A national coordinator's run is always of their own territory.
    """
    if user is not None:
        if not user.has_perm("reporting.start_aggregation"):
            raise ActionNotAllowed()
        if territory and territory not in territories_in_scope(user):
            raise TerritoryNotFound()
        if not reaches(user, Reach.REGION):
            territory = user.territory
    run = AggregationRun.objects.create(started_by=user, territory=territory, full=full)
    audit_record(
        action=Action.AGGREGATION_RUN,
        actor=user,
        territory=territory,
        detail={"run": run.pk, "full": full},
    )
    work_queue(AggregationRun, run.pk)
    return run


@transaction.atomic
def aggregation_retry(*, user: User, run_id) -> AggregationRun:
    """Queue again a run that failed; it starts over, as a new one would."""
    run = run_get(user=user, run_id=run_id)
    retried = AggregationRun.objects.filter(pk=run.pk, status=AggregationRun.Status.FAILED).update(
        status=AggregationRun.Status.QUEUED,
        error="",
        started_at=None,
        finished_at=None,
        **work_retried(),
    )
    if not retried:
        raise TransitionNotAllowed(_("Only a failed run can be retried."))
    audit_record(
        action=Action.AGGREGATION_RUN,
        actor=user,
        territory=run.territory,
        detail={"run": run.pk, "full": run.full, "retry": True},
    )
    work_queue(AggregationRun, run.pk)
    run.refresh_from_db()
    return run


# Past this many dirty partitions a run recomputes everything (of its territory): one full
# pass is faster than many small ones (at 1 M cases, 1,080 partitions one by one took ~20 s,
# a full run ~11 s). After an import of years of cases, or after an upgrade.
FULL_RUN_ABOVE = 200


def _partitions(run: AggregationRun):
    """The partitions to recompute (None: all) and the last dirty mark this run consumes."""
    dirty, last_mark = dirty_partitions(territory=run.territory)
    full = run.full or len(dirty) > FULL_RUN_ABOVE
    if full and not run.territory:
        return None, last_mark
    if full:
        return territory_partitions(run.territory), last_mark
    return dirty, last_mark


# Advisory lock keys of runs: this plus the run's id (imports' keys are far above).
RUN_LOCKS = 1 << 36


class _Overtaken(Exception):
    """The run was failed (its worker deemed lost) or finished by another delivery while this
    one computed: what this one computed is not kept."""


def _hold(run_id: int) -> None:
    """Hold the run for the rest of the transaction: a second delivery of it waits. An
    advisory lock, not the run's row: progress is written to the row meanwhile."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [RUN_LOCKS + run_id])


def aggregation_run(*, run_id: int) -> AggregationRun:
    """Carry out a run. Idempotent: a finished run is left be; a run that died (nothing
    committed) starts over and gives the cells an undisturbed run gives."""
    run = AggregationRun.objects.get(pk=run_id)
    if run.status not in AggregationRun.active_states:
        return run
    AggregationRun.objects.filter(pk=run.pk).update(
        status=AggregationRun.Status.RUNNING, started_at=timezone.now(), progress=0
    )
    try:
        with transaction.atomic():
            _hold(run.pk)
            if AggregationRun.objects.get(pk=run.pk).status != AggregationRun.Status.RUNNING:
                raise _Overtaken()  # another delivery finished it while this one waited
            partitions, last_mark = _partitions(run)
            live = partitions is None or len(partitions) > FEW_PARTITIONS
            with progress_writer(AggregationRun, run.pk, live=live) as progress:
                cases_read = aggregate(
                    partitions, progress=progress, pause=settings.AGGREGATION_STEP_PAUSE
                )
            partitions_clean(territory=run.territory, up_to=last_mark)
            finished = AggregationRun.objects.filter(
                pk=run.pk, status=AggregationRun.Status.RUNNING
            ).update(
                status=AggregationRun.Status.SUCCEEDED,
                progress=100,
                cases_read=cases_read,
                partitions=len(partitions) if partitions is not None else computed_partitions(),
                finished_at=timezone.now(),
            )
            if not finished:
                raise _Overtaken()
    except _Overtaken:
        pass  # its state is another delivery's (or the sweeper's, or a retry's) to say
    except Exception as error:
        # Through a new connection if the run's own one is gone (the database restarted).
        work_failed(AggregationRun, run.pk, reason=failure_reason(error))
        raise
    run.refresh_from_db()
    return run
