"""Receiving, running and validating an import: the one door for the API, pages and command."""

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.access import case_scope
from accounts.models import Organisation, User
from audit.models import Action
from audit.services import audit_record
from casework.errors import ActionNotAllowed, CaseworkError, ImportNotFound, TransitionNotAllowed
from casework.formulas import FORMULA_REFUSED, starts_a_formula
from casework.imports.checking import (
    Checked,
    Errors,
    case_count,
    check_header,
    check_rows,
    checked_parts,
    refuse_if_empty,
    row_count,
)
from casework.imports.columns import line_rows
from casework.imports.loading import Loaded, load
from casework.imports.reading import (
    FileRefused,
    holds_only_header_columns,
    read_csv,
    read_table,
)
from casework.imports.staging import stage, stage_file, stage_rows, unstage
from casework.models import ImportJob
from casework.services import cases_validate, organisation_for
from casework.types import UndeclaredCaseType, declared
from config.progress import progress_writer
from config.work import failure_reason, work_failed, work_queue, work_retried

# Rows checked and loaded at a time: enough that each statement does much, few enough that
# the next part is checked while the database writes this one.
PART = 20_000
# Advisory lock keys of imports: this plus the import's id (others' keys are far below).
IMPORT_LOCKS = 1 << 40


class FileTooLarge(CaseworkError):
    status_code = 413


def too_large_message() -> str:
    return _("The file is larger than %(mb)d MB; split it into smaller files.") % {
        "mb": settings.IMPORT_MAX_BYTES // (1024 * 1024)
    }


def imports_visible_to(user: User) -> QuerySet[ImportJob]:
    scope = case_scope(user, territory_field="organisation__territory")
    return ImportJob.objects.filter(scope).select_related("organisation", "created_by")


def import_get(*, user: User, import_id) -> ImportJob:
    try:
        return imports_visible_to(user).get(pk=import_id)
    except (ImportJob.DoesNotExist, ValueError, TypeError):
        raise ImportNotFound() from None


@contextmanager
def _collector_paused():
    """Pause Python's cycle collector while a file's rows are in hand: they make millions of
    objects and no cycles, and the collector would walk them over and over (it took 40% of
    the time of checking a 100,000-row file). Memory is still freed as references drop."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@transaction.atomic
def import_receive(
    *,
    user: User,
    case_type: str,
    file_name: str,
    content: bytes,
    organisation: Organisation | None = None,
    queue: bool = True,
) -> ImportJob:
    """Check a file's size, format and header at once, stage it and queue its load (unless
    the caller runs it itself). The load checks every row; a file with identity columns is
    checked here instead, so that identity becomes pseudonyms before anything is stored.

    A bad file becomes a failed import listing every error, and nothing is queued.
    """
    if not user.has_perm("casework.import_cases"):
        raise ActionNotAllowed()
    try:
        declared(case_type)
    except UndeclaredCaseType:
        raise ValidationError({"case_type": [_("Unknown case type.")]}) from None
    if starts_a_formula(file_name):  # it is shown and exported like any other text
        raise ValidationError({"file": [FORMULA_REFUSED]})
    if len(content) > settings.IMPORT_MAX_BYTES:
        raise FileTooLarge(too_large_message())
    organisation = organisation_for(user=user, organisation=organisation)
    job = ImportJob(
        case_type=case_type,
        organisation=organisation,
        created_by=user,
        file_name=file_name[:255],
        language=translation.get_language() or "",
    )
    errors = Errors()
    with _collector_paused():
        try:
            header, rows = read_table(file_name, content)
            columns = check_header(case_type, header, errors)
            if columns is not None and any(c.kind == "identity" for c in columns):
                job.staged = _checked_now(case_type, columns, rows, job, errors)
            elif columns is not None and holds_only_header_columns(content, len(header)):
                job.staged = stage_file(content)
            elif columns is not None:
                job.staged = stage_rows(header, rows)
        except FileRefused as refused:
            errors.add(None, refused.field, refused.message)
        if errors:
            job.status, job.errors, job.staged = ImportJob.State.FAILED, errors, None
            job.finished_at = timezone.now()
    job.save()
    audit_record(
        action=Action.IMPORT,
        actor=user,
        territory=organisation.territory,
        detail={"import": job.pk, "case_type": case_type, "rows": job.rows, "errors": len(errors)},
    )
    if queue and not errors:
        work_queue(ImportJob, job.pk)
    return job


def _checked_now(case_type: str, columns, rows, job: ImportJob, errors: Errors) -> bytes:
    checked = check_rows(case_type, columns, rows, errors)
    refuse_if_empty(case_count(checked), errors)
    job.rows = row_count(case_type, checked)
    return stage(checked)


class _Refused(Exception):
    """A row of the file is bad: what was written of it is undone."""


def import_run(*, import_id: int) -> ImportJob:
    """Check and load a received import, all or nothing. Safe to run again and twice at
    once: one run at a time holds the import, a loaded import is left be, and an
    interrupted one (nothing committed) starts over."""
    ImportJob.objects.filter(
        pk=import_id, staged__isnull=False, status__in=ImportJob.active_states
    ).update(status=ImportJob.State.RUNNING)
    language = ImportJob.objects.filter(pk=import_id).values_list("language", flat=True).first()
    try:
        with (
            translation.override(language or settings.LANGUAGE_CODE),
            _collector_paused(),
            transaction.atomic(),
        ):
            _hold(import_id)
            job = ImportJob.objects.select_related("organisation", "created_by").get(pk=import_id)
            if job.status not in ImportJob.active_states or job.staged is None:
                return job
            errors, loaded = Errors(), Loaded()
            expected, parts = _parts(job)
            try:
                with (
                    progress_writer(ImportJob, job.pk, live=expected > PART) as write,
                    transaction.atomic(),  # a savepoint: a bad file's cases are undone
                ):
                    loaded = load(
                        job=job,
                        parts=parts,
                        errors=errors,
                        progress=_progress(write, expected),
                        # A smuggling file's rows are migrants: fewer cases, not known yet.
                        expected_cases=0 if _lines_are_persons(job) else expected,
                    )
                    refuse_if_empty(loaded.cases, errors)
                    if errors:
                        raise _Refused
            except _Refused:
                pass
            except FileRefused as refused:
                errors.add(None, refused.field, refused.message)
            job.rows = loaded.rows or job.rows
            job.created = 0 if errors else loaded.cases
            if not errors:
                job.first_case, job.last_case = loaded.first_case, loaded.last_case
            _finish(job, errors=errors)
            audit_record(
                action=Action.IMPORT,
                actor=job.created_by,
                territory=job.organisation.territory,
                detail={"import": job.pk, "created": job.created, "errors": len(errors)},
            )
            return job
    except Exception as error:
        # Whatever stopped it (the database gone, a cut progress connection, the time limit),
        # nothing was written and the staged file stays, so the import can be retried. If
        # the connection itself was cut, the failure is recorded through a new one.
        work_failed(ImportJob, import_id, reason=failure_reason(error))
        raise


def _hold(import_id: int) -> None:
    """Hold the import for the rest of the transaction: a second run of it waits, then finds
    it done. An advisory lock, not the job's row: progress is written to the row meanwhile.
    (SQLite has one writer at a time.)"""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCKS + import_id])


def _progress(write, expected: int):
    """What the load calls with the rows it has read so far."""
    if write is None or not expected:
        return None

    def report(rows: int) -> None:
        write(min(99, rows * 100 // expected))
        if settings.WORK_STEP_PAUSE:  # only the fault tests: to break an import midway
            time.sleep(settings.WORK_STEP_PAUSE)

    return report


def _parts(job: ImportJob) -> tuple[int, Iterator[tuple[Checked, Errors]]]:
    """About how many rows the import holds, and its cases a part at a time: the file's rows
    checked now, or cases checked at receipt. A smuggling file goes whole: an incident's
    rows may be anywhere in it."""
    part = None if _lines_are_persons(job) else PART
    staged = unstage(job.staged)
    if isinstance(staged, bytes):  # the file's rows as CSV: one a line, but for line breaks
        return staged.count(b"\n"), _file_parts(job, staged, part)
    size = part or max(case_count(staged), 1)
    return case_count(staged), (
        ({name: values[start : start + size] for name, values in staged.items()}, Errors())
        for start in range(0, case_count(staged), size)
    )


def _lines_are_persons(job: ImportJob) -> bool:
    """Whether a line of the job's file is a person of a case, not a case (a smuggling
    incident's migrant)."""
    return line_rows(declared(job.case_type)) is not None


def _file_parts(job: ImportJob, content: bytes, part: int | None):
    header, rows = read_csv(content)
    columns = check_header(job.case_type, header, Errors())  # checked at receipt
    yield from checked_parts(job.case_type, columns, rows, part=part)


def _finish(job: ImportJob, *, errors: list | None = None) -> None:
    job.status = ImportJob.State.FAILED if errors else ImportJob.State.SUCCEEDED
    job.errors = errors or []
    job.progress = 100
    job.staged = None
    job.finished_at = timezone.now()
    job.save()


@transaction.atomic
def import_retry(*, user: User, import_id) -> ImportJob:
    """Queue again an import whose task failed (its file is still staged). One whose file
    failed its checks holds no file any more: it is sent again instead."""
    job = import_get(user=user, import_id=import_id)
    if not user.has_perm("casework.import_cases"):
        raise ActionNotAllowed()
    retried = ImportJob.objects.filter(
        pk=job.pk, status=ImportJob.State.FAILED, staged__isnull=False
    ).update(status=ImportJob.State.QUEUED, errors=[], finished_at=None, **work_retried())
    if not retried:
        raise TransitionNotAllowed(
            _("Only an import that failed while it ran can be retried; send a corrected file.")
        )
    audit_record(
        action=Action.IMPORT,
        actor=user,
        territory=job.organisation.territory,
        detail={"import": job.pk, "retry": True},
    )
    work_queue(ImportJob, job.pk)
    job.refresh_from_db()
    return job


@transaction.atomic
def import_validate(*, user: User, import_id: int) -> int:
    """Validate every case of a succeeded import that is still submitted; returns how many."""
    job = import_get(user=user, import_id=import_id)
    if not user.has_perm("casework.validate_case"):
        raise ActionNotAllowed()
    if job.status != ImportJob.State.SUCCEEDED:
        raise TransitionNotAllowed(_("Only a succeeded import can be validated."))
    # The import's cases lie in the range of ids it took: the primary key finds them (imports
    # of old, with no range, through their organisation's cases).
    taken = (job.first_case or 0, job.last_case or 2**63 - 1)
    of_import = Q(organisation=job.organisation_id, pk__range=taken, import_job=job)
    return len(cases_validate(user=user, among=of_import, detail={"import": job.pk}))
