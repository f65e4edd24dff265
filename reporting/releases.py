"""Releases: frozen, numbered copies of the cells under a disclosure policy."""

import time
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import Action
from audit.services import audit_record
from casework.errors import (
    ActionNotAllowed,
    CaseworkError,
    ReleaseNotFound,
    TransitionNotAllowed,
)
from config.work import failure_reason, work_failed, work_queue, work_retried
from reporting.cells import CellRow, all_internal_cells
from reporting.certificates import Audit, audit_and_repair, certificate, public
from reporting.disclosure import AuditProgress
from reporting.ledger import published_already
from reporting.models import Release, ReleaseCell
from reporting.partitions import any_dirty
from reporting.tables import TABLES


class PartitionsPending(CaseworkError):
    status_code = 409
    default_message = _("A partition awaits its aggregation run; run it, then publish.")


class AuditRunning(TransitionNotAllowed):
    default_message = _(
        "A release is being audited; publish another once it is published or has failed."
    )


# The policy a release may be published under, for the API and the releases page alike.
THRESHOLD_DEFAULT, THRESHOLD_RANGE = 5, (1, 100)
ROUNDING_BASE_DEFAULT, ROUNDING_BASE_RANGE = 1, (1, 1000)

RELEASE_START_LOCK = 7_304_301  # any constant: the advisory lock of starting a release


def release_latest() -> Release | None:
    """The newest published: numbers follow the order releases were started, and one retried
    or delayed is published after releases numbered above it."""
    return (
        Release.objects.filter(status=Release.State.PUBLISHED)
        .order_by("-published_at", "-number")
        .first()
    )


def release_newest_for(user: User) -> Release | None:
    """The newest release `user` may know of: for whoever publishes releases (they see every
    release in the admin) the last one started, auditing, failed or published; for everyone
    else the latest published, as every page shows it."""
    if user.has_perm("reporting.publish_release"):
        return Release.objects.order_by("-number").first()
    return release_latest()


def releases_for(user: User):
    """The releases `user` may list, newest first: every one for whoever publishes releases
    (those being audited and those that failed too), the published ones for everyone else."""
    releases = Release.objects.order_by("-number")
    if user.has_perm("reporting.publish_release"):
        return releases
    return releases.filter(status=Release.State.PUBLISHED)


def release_get(number) -> Release:
    try:
        return Release.objects.get(number=int(number))
    except (Release.DoesNotExist, ValueError, TypeError):
        raise ReleaseNotFound() from None


def release_published(number) -> Release:
    """A release everyone may read: published; one still auditing, or failed, is not found."""
    release = release_get(number)
    if release.status != Release.State.PUBLISHED:
        raise ReleaseNotFound()
    return release


def certificate_for(user: User, number) -> dict:
    """A release's certificate as `user` may read it: whole for whoever publishes releases
    (they read every raw cell anyway); for everyone else a published release's, without the
    list of sensitive cells (it would tell which suppressed cells are small) or the salt."""
    if user.has_perm("reporting.publish_release"):
        return release_get(number).certificate
    return public(release_published(number).certificate)


def _no_audit_running() -> None:
    """One audit at a time: a second would be audited again once the first is published.
    Inside the caller's transaction, publishers and retries one at a time: two at once would
    both find no audit running (and two starts take the same number). A row lock cannot do it
    (aggregate() drops select_for_update, and a new row locks nothing the other waits on):
    the advisory lock is held until the caller commits."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [RELEASE_START_LOCK])
    if Release.objects.filter(status=Release.State.AUDITING).exists():
        raise AuditRunning()


@transaction.atomic
def release_start(
    *,
    user: User,
    threshold: int = THRESHOLD_DEFAULT,
    rounding_base: int = ROUNDING_BASE_DEFAULT,
    send: bool = True,
) -> Release:
    """A regional coordinator publishes: the release is audited, then published, in a task.
    With `send=False` no task is sent: the caller carries the audit out itself (`seed_demo`'s
    first release, audited by `demo_release` while the server already answers)."""
    if not user.has_perm("reporting.publish_release"):
        raise ActionNotAllowed()
    if any_dirty():
        raise PartitionsPending()
    _no_audit_running()
    number = (Release.objects.aggregate(last=Max("number"))["last"] or 0) + 1
    release = Release.objects.create(
        number=number, threshold=threshold, rounding_base=rounding_base, published_by=user
    )
    audit_record(action=Action.RELEASE, actor=user, detail={"release": number, **release.policy})
    if send:
        work_queue(Release, release.pk)
    return release


def release_preparing() -> Release | None:
    """The newest release still being audited, if any: the pages say it is being prepared."""
    return Release.objects.filter(status=Release.State.AUDITING).order_by("-number").first()


@transaction.atomic
def release_retry(*, user: User, number) -> Release:
    """Audit again a release whose task failed (a release whose audit failed stays so: its
    certificate tells why; publish a new one under another policy)."""
    if not user.has_perm("reporting.publish_release"):
        raise ActionNotAllowed()
    release = release_get(number)
    if any_dirty():
        raise PartitionsPending()
    _no_audit_running()
    retried = (
        Release.objects.filter(pk=release.pk, status=Release.State.FAILED)
        .exclude(error="")
        .update(
            status=Release.State.AUDITING,
            error="",
            certificate={},
            progress_detail={},
            **work_retried(),
        )
    )
    if not retried:
        raise TransitionNotAllowed(
            _(
                "Only a release whose task failed can be retried; one whose audit failed "
                "stays so: publish a new release."
            )
        )
    audit_record(
        action=Action.RELEASE,
        actor=user,
        detail={"release": release.number, **release.policy, "retry": True},
    )
    work_queue(Release, release.pk)
    release.refresh_from_db()
    return release


def _snapshot() -> list[CellRow]:
    """Every internal cell as one consistent snapshot: on PostgreSQL in one REPEATABLE READ
    transaction, so a run committing meanwhile cannot mix its partitions into the release."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return all_internal_cells(TABLES)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        return all_internal_cells(TABLES)


# The audit reports often (every repair round, every cell it tries to publish again): its
# progress is written when a table is done, else at most once a second.
PROGRESS_EVERY_SECONDS = 1.0


def _progress(release_id: int, on_progress: Callable[[int], None] | None = None):
    started = timezone.now()
    last = {"percent": -1, "tables_done": -1, "written": float("-inf")}

    def report(step: AuditProgress) -> None:
        now = time.monotonic()
        new_percent = step.percent != last["percent"]
        if (
            step.tables_done != last["tables_done"]
            or step.percent == 100
            or (new_percent and now - last["written"] >= PROGRESS_EVERY_SECONDS)
        ):
            last.update(tables_done=step.tables_done, written=now)
            Release.objects.filter(pk=release_id).update(
                progress=step.percent,
                progress_detail={
                    "tables_done": step.tables_done,
                    "tables_total": step.tables_total,
                    "programs_solved": step.programs_solved,
                    "started_at": started.isoformat(),
                },
            )
        if new_percent:
            last["percent"] = step.percent
            if on_progress is not None:
                on_progress(step.percent)
            if settings.WORK_STEP_PAUSE:  # only the fault tests: to break an audit midway
                time.sleep(settings.WORK_STEP_PAUSE)

    return report


def seconds_left(release: Release, now=None) -> int | None:
    """The audit's estimated time left, from the time it has taken and how far it has got;
    None before it reports or once it is done."""
    started = release.progress_detail.get("started_at")
    if release.status != Release.State.AUDITING or not started or not 0 < release.progress < 100:
        return None
    elapsed = ((now or timezone.now()) - datetime.fromisoformat(started)).total_seconds()
    return max(0, round(elapsed * (100 - release.progress) / release.progress))


def release_publish(
    *, release_id: int, on_progress: Callable[[int], None] | None = None
) -> Release:
    """Audit the cells under the release's policy, repairing its suppression until every
    sensitive cell passes, then freeze them; a release whose audit fails is never published.
    Idempotent; never changes a published release. `on_progress` is told each new percent."""
    try:
        return _audit_and_freeze(release_id, on_progress)
    except Exception as error:
        # Through a new connection if the task's own one is gone (the database restarted).
        work_failed(Release, release_id, reason=failure_reason(error))
        raise


def _audit_and_freeze(release_id: int, on_progress=None) -> Release:
    while True:
        release = Release.objects.get(pk=release_id)
        if release.status != Release.State.AUDITING:
            return release
        cells = _snapshot()
        earlier = published_already(release)
        audit = audit_and_repair(cells, release, earlier, _progress(release_id, on_progress))
        frozen = _freeze(release_id, cells, audit, earlier)
        if frozen is not None:
            return frozen
        # A release was published meanwhile: audit again, against it too.


@transaction.atomic
def _freeze(release_id: int, cells: list[CellRow], audit: Audit, earlier) -> Release | None:
    release = Release.objects.select_for_update().get(pk=release_id)
    if release.status != Release.State.AUDITING:
        return release
    # Lock the other releases: one being published now is waited for, then seen.
    locked = Release.objects.select_for_update().exclude(pk=release.pk)
    published = sorted(
        n
        for n, status in locked.values_list("number", "status")
        if status == Release.State.PUBLISHED
    )
    if published != [r.number for r in earlier]:
        return None
    release.certificate = certificate(release, cells, audit, earlier)
    release.progress = 100
    if not audit.outcome.passed:
        release.status = Release.State.FAILED
        release.save()
        return release
    ReleaseCell.objects.bulk_create(
        [
            ReleaseCell(
                release=release,
                table=c.table,
                territory=c.territory,
                year=c.year,
                sex=c.sex,
                age=c.age,
                breakdown=c.breakdown,
                category=c.category,
                value=c.value,
                flag=c.flag,
                raw_value=value,
            )
            for c, value in zip(cells, audit.raw, strict=True)
        ],
        batch_size=5000,
    )
    release.status = Release.State.PUBLISHED
    release.published_at = timezone.now()
    release.save()
    return release
