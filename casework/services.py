"""Every write to a case. The pages, the admin, the API and the importer call these.

Each service runs in one transaction with its audit row. The order of refusals is fixed:
out of scope (404), role lacks the action (403), status forbids it (409), stale version
(409), bad data (400); nothing is written by a refused call.
"""

import uuid
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import cases_visible_to, organisations_acted_for
from accounts.models import Organisation, User
from accounts.roles import Role
from audit.models import Action, AuditEvent
from audit.services import audit_cases, audit_prepared, audit_record
from casework.duplicates import duplicates_detect
from casework.errors import (
    UNKNOWN_ORGANISATION,
    ActionNotAllowed,
    CaseNotFound,
    DuplicateExternalId,
    StaleVersion,
    TransitionNotAllowed,
)
from casework.formulas import FORMULA_REFUSED, starts_a_formula
from casework.models import Case, CaseType, Status
from casework.months import MONTH_MESSAGES, month_refusal
from casework.records import changed_fields, record_snapshot, save_type_record
from casework.references import ATTEMPTS as REFERENCE_ATTEMPTS
from casework.references import reference_new, references_taken
from casework.workflow import CASEWORKER_WITHDRAWABLE, EDITABLE, TRANSITIONS
from reporting.models import DirtyPartition
from reporting.partitions import partition_mark_dirty, partitions_mark_dirty_for_cases


def _require(user: User, permission: str) -> None:
    if not user.has_perm(permission):
        raise ActionNotAllowed()


def case_for_update(*, user: User, case_id: int) -> Case:
    """The case, locked for this transaction, if `user` may see it; otherwise 404."""
    try:
        return cases_visible_to(user).select_for_update(of=("self",)).get(pk=case_id)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise CaseNotFound() from None


def _check_version(case: Case, version: int | None) -> None:
    if version is not None and int(version) != case.version:
        raise StaleVersion()


def _check_free_text(field: str, text: str | None) -> None:
    """Free text is refused if a spreadsheet would run it, through every door, as imports do."""
    if text and starts_a_formula(text):
        raise ValidationError({field: [FORMULA_REFUSED]})


def _check_month(month) -> None:
    if month is None:
        raise ValidationError({"month": [_("This field is required.")]})
    if code := month_refusal(month):
        raise ValidationError({"month": [MONTH_MESSAGES[code]]})


def organisation_for(*, user: User, organisation: Organisation | None) -> Organisation:
    """The organisation a case is recorded for: the caseworker's own, or one a national
    coordinator names in their territory. One named outside them is refused exactly as one
    that does not exist."""
    allowed = organisations_acted_for(user)
    if organisation is not None and not allowed.filter(pk=organisation.pk).exists():
        raise ValidationError({"organisation": [UNKNOWN_ORGANISATION]})
    if user.has_role(Role.CASEWORKER):
        return allowed.get()
    if organisation is None:
        raise ValidationError({"organisation": [_("Choose the organisation this case is for.")]})
    return organisation


@transaction.atomic
def case_create(
    *,
    user: User,
    case_type: str,
    data: dict,
    organisation: Organisation | None = None,
    submission_key: uuid.UUID | None = None,
) -> Case:
    """Record a new draft case. A repeated `submission_key` returns the case it created."""
    _require(user, "casework.add_case")
    if case_type not in CaseType.values:
        raise ValidationError({"case_type": [_("Unknown case type.")]})
    if submission_key is not None:
        earlier = cases_visible_to(user).filter(submission_key=submission_key).first()
        if earlier is not None:
            return earlier
    organisation = organisation_for(user=user, organisation=organisation)
    month = data.get("month")
    _check_month(month)
    external_id = data.get("external_id") or None
    _check_free_text("external_id", external_id)
    if external_id:
        existing = Case.objects.filter(organisation=organisation, external_id=external_id).first()
        if existing is not None:
            raise DuplicateExternalId(existing.pk)

    case = Case(
        case_type=case_type,
        external_id=external_id,
        organisation=organisation,
        territory=organisation.territory,
        month=month,
        created_by=user,
        submission_key=submission_key,
    )
    _save_new(case, data)
    audit_record(action=Action.CASE_CREATED, actor=user, case=case)
    duplicates_detect(case=case, data=data)
    return case


def _save_new(case: Case, data: dict) -> None:
    """Save a new case and its type record under a new random reference, drawn again in the
    rare event that an earlier case holds it."""
    for attempt in range(1, REFERENCE_ATTEMPTS + 1):
        case.reference = reference_new(
            territory=case.territory, case_type=case.case_type, year=case.month.year
        )
        try:
            with transaction.atomic():
                case.save()
                save_type_record(case, data)
            return
        except IntegrityError as error:
            if attempt < REFERENCE_ATTEMPTS and references_taken([case.reference]):
                case.pk, case._state.adding = None, True
                continue
            raise ValidationError(
                _("The case contradicts a rule of the database: %s") % error
            ) from None


@transaction.atomic
def case_update(*, user: User, case_id: int, version: int | None, data: dict) -> Case:
    """Edit a draft or returned case. `version` must be the one last read."""
    case = case_for_update(user=user, case_id=case_id)
    _require(user, "casework.change_case")
    if case.status not in EDITABLE:
        raise TransitionNotAllowed(_("Only draft and returned cases can be edited."))
    if version is None:
        raise ValidationError({"version": [_("Give the version of the case you last read.")]})
    _check_version(case, version)
    month = data.get("month", case.month)
    _check_month(month)

    before = record_snapshot(case)
    partition_mark_dirty(case=case)
    case.month = month
    if "external_id" in data:
        _check_free_text("external_id", data["external_id"])
        case.external_id = data["external_id"] or None
    case.version += 1
    try:
        with transaction.atomic():
            case.save()
            save_type_record(case, data, replace=True)
    except IntegrityError as error:
        raise ValidationError(
            _("The case contradicts a rule of the database: %s") % error
        ) from None
    case = Case.objects.get(pk=case.pk)
    partition_mark_dirty(case=case)
    changes = changed_fields(before, record_snapshot(case))
    detail = {"identity_given": True} if _has_identity(data) else {}
    audit_record(action=Action.CASE_CHANGED, actor=user, case=case, changes=changes, detail=detail)
    duplicates_detect(case=case, data=data)
    return case


def _has_identity(data: dict) -> bool:
    return data.get("identity") is not None or any(
        m.get("identity") is not None for m in data.get("migrants", [])
    )


@transaction.atomic
def case_transition(
    *, user: User, case_id: int, action: str, reason: str = "", version: int | None = None
) -> Case:
    """Move a case along the workflow (`submit`, `validate`, `return`, `reopen`, `withdraw`).

    The actions with a reason take the `version` last read, as edits do (stale: 409).
    """
    transition = TRANSITIONS[action]
    case = case_for_update(user=user, case_id=case_id)
    _require(user, transition.permission)
    if (
        action == "withdraw"
        and user.role == Role.CASEWORKER
        and case.status not in CASEWORKER_WITHDRAWABLE
    ):
        raise ActionNotAllowed(_("A caseworker may withdraw only drafts."))
    if case.status not in transition.sources:
        raise transition_refusal(action, case)
    if transition.needs_reason and version is None:
        # A decision with a reason (return, reopen, withdraw) is made on the case as last
        # read: without its version, a stale decision would overwrite a newer one.
        raise ValidationError({"version": [_("Give the version of the case you last read.")]})
    _check_version(case, version)
    reason = (reason or "").strip()
    if transition.needs_reason and not reason:
        raise ValidationError({"reason": [_("Give a reason.")]})
    _check_free_text("reason", reason)

    before = case.status
    case.status = transition.target
    if transition.needs_reason:
        case.status_reason = reason
    case.version += 1
    case.save(update_fields=["status", "status_reason", "version", "updated_at"])
    # Validation, reopening and withdrawal change what the statistics count.
    partition_mark_dirty(case=case)
    audit_record(
        action=transition.audit_action,
        actor=user,
        case=case,
        changes={"status": [before, case.status]},
        reason=reason,
    )
    return case


@transaction.atomic
def cases_validate(*, user: User, among: Q, detail: dict | None = None) -> list[int]:
    """Validate at once every submitted case that `among` selects and `user` may see: the
    bulk form of `case_validate`, for a whole import or an admin selection. Returns the ids
    of the cases it validated; the others are left as they are (validate one of them with
    `case_validate` to learn why).

    Set-based: one UPDATE moves the cases (status and version, as `case_transition` does),
    and the database writes their audit events (one a case, the fields `case_transition`
    writes, plus `detail`) and their partitions' dirty marks from the rows it moved, in the
    same transaction. Scope is the choke point's (`cases_visible_to`); a case validated
    already is not submitted, so a second call validates nothing and writes nothing.
    """
    transition = TRANSITIONS["validate"]
    _require(user, transition.permission)
    chosen = cases_visible_to(user).filter(among, status=Status.SUBMITTED).order_by()
    changes = {"status": [Status.SUBMITTED, transition.target]}
    now = timezone.now()
    if connection.vendor != "postgresql":
        # SQLite writes one transaction at a time: the three statements see the same cases.
        ids = list(chosen.values_list("pk", flat=True))
        if ids:
            partitions_mark_dirty_for_cases(*chosen.values("pk").query.sql_with_params())
            audit_cases(
                cases=chosen,
                actor_id=user.pk,
                action=transition.audit_action,
                changes=changes,
                detail=detail,
            )
            chosen.update(status=transition.target, version=F("version") + 1, updated_at=now)
        return ids
    # One statement: the audit events and the marks are written from the very rows the
    # UPDATE moved (and locked); a case another transaction changed meanwhile is checked
    # again by the UPDATE's own condition on its status.
    select, params = chosen.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            # The subquery is the ORM's own SQL (the choke point's scope), its values parameters.
            f"WITH moved AS (UPDATE {Case._meta.db_table} SET status = %s, "  # noqa: S608
            "version = version + 1, updated_at = %s "
            f"WHERE id IN ({select}) AND status = %s "
            "RETURNING id, territory, month, case_type), "
            f"audited AS (INSERT INTO {AuditEvent._meta.db_table} (at, actor_id, action, "
            "case_id, territory, changes, reason, detail, attempted_username, ip_address) "
            "SELECT %s, %s, %s, id, territory, %s, '', %s, '', NULL FROM moved), "
            f"marked AS (INSERT INTO {DirtyPartition._meta.db_table} "
            "(territory, month, case_type, marked_at) "
            "SELECT DISTINCT territory, month, case_type, CURRENT_TIMESTAMP FROM moved) "
            "SELECT id FROM moved",
            [
                transition.target,
                now,
                *params,
                Status.SUBMITTED,
                audit_prepared("at", now),
                user.pk,
                transition.audit_action,
                audit_prepared("changes", changes),
                audit_prepared("detail", detail or {}),
            ],
        )
        return [row[0] for row in cursor.fetchall()]


def transition_refusal(action: str, case: Case) -> TransitionNotAllowed:
    """The refusal `case_transition` gives for `action` on `case` as it stands."""
    return TransitionNotAllowed(_refusal(action) % {"status": case.get_status_display().lower()})


def _refusal(action: str) -> str:
    # One whole sentence per action: a participle pieced into a sentence would not agree
    # with "case" in the region's languages, which inflect it.
    return {
        "submit": _("A %(status)s case cannot be submitted."),
        "validate": _("A %(status)s case cannot be validated."),
        "return": _("A %(status)s case cannot be returned."),
        "reopen": _("A %(status)s case cannot be reopened."),
        "withdraw": _("A %(status)s case cannot be withdrawn."),
    }[action]


def case_submit(*, user: User, case_id: int, version: int | None = None) -> Case:
    return case_transition(user=user, case_id=case_id, action="submit", version=version)


def case_validate(*, user: User, case_id: int, version: int | None = None) -> Case:
    return case_transition(user=user, case_id=case_id, action="validate", version=version)


def case_return(*, user: User, case_id: int, reason: str, version: int | None) -> Case:
    return case_transition(
        user=user, case_id=case_id, action="return", reason=reason, version=version
    )


def case_reopen(*, user: User, case_id: int, reason: str, version: int | None) -> Case:
    return case_transition(
        user=user, case_id=case_id, action="reopen", reason=reason, version=version
    )


def case_withdraw(*, user: User, case_id: int, reason: str, version: int | None) -> Case:
    return case_transition(
        user=user, case_id=case_id, action="withdraw", reason=reason, version=version
    )


def case_view_record(*, user: User, case: Case, request=None) -> None:
    """A person opened a case's detail: the audit trail keeps who and when."""
    audit_record(action=Action.CASE_VIEWED, actor=user, case=case, request=request)


def cases_list_record(*, user: User, cases: Iterable[Case], listing: str, request=None) -> None:
    """A person was shown a list of cases: one event for the whole list, naming the cases
    it showed by id (not one event a case: a page of 200 would write 200 rows).

    The event carries the cases' territory when they share one, so that its national
    coordinator reads it; a regional coordinator's list across territories is read by
    regional coordinators."""
    ids, territories = [], set()
    for case in cases:
        ids.append(case.pk)
        territories.add(case.territory)
    audit_record(
        action=Action.CASES_LISTED,
        actor=user,
        territory=territories.pop() if len(territories) == 1 else "",
        detail={"listing": listing, "cases": ids},
        request=request,
    )
