"""How a stored case reads on a page: translated labels and names for its codes.

The database keeps codes; people read labels. The buttons a page offers mirror the rules the
services enforce, so that nobody is shown an action that would be refused (the services still
decide: a stale page gets the service's answer).
"""

from django.utils.translation import gettext as _

from accounts.roles import Role
from casework.fields import CodeSetField
from casework.models import Case
from casework.records import COUNTRY_FIELDS
from casework.types import declared
from casework.types.declaration import label_of
from casework.workflow import CASEWORKER_WITHDRAWABLE, EDITABLE, TRANSITIONS


def label(model, name: str) -> str:
    return str(label_of(model, name))


def value(instance, name: str) -> str:
    """One field of a record as a person reads it."""
    field = instance._meta.get_field(name)
    raw = getattr(instance, name)
    if name in COUNTRY_FIELDS:
        return COUNTRY_FIELDS[name].name(raw) or raw or "—"
    if isinstance(field, CodeSetField):
        return ", ".join(str(field.vocabulary(code).label) for code in raw) or "—"
    if isinstance(raw, bool):
        return _("Yes") if raw else _("No")
    if field.choices:
        return getattr(instance, f"get_{name}_display")() or "—"
    return str(raw) if raw not in (None, "") else "—"


def record_rows(case: Case) -> list[tuple[str, str]]:
    """(label, value) of each entered field of the case's type record."""
    record = case.details
    fields = declared(case.case_type).field_names
    return [(label(type(record), n), value(record, n)) for n in fields]


def table(rows, fields) -> dict:
    """Headers and displayed cells of a case's migrants or facilitators."""
    if not rows:
        return {"headers": [], "rows": []}
    model = type(rows[0])
    return {
        "headers": [label(model, n) for n in fields],
        "rows": [[value(row, n) for n in fields] for row in rows],
    }


def persons(case: Case) -> dict:
    """A table of each kind of row the case's type holds (`case_get` reads them onto the
    case under the rows' names: its migrants, its facilitators)."""
    return {
        rows.name: table(getattr(case, rows.name), rows.field_names)
        for rows in declared(case.case_type).rows
    }


def offered_actions(user, case: Case) -> set[str]:
    """The buttons to show: what the user's role and the case's status allow."""
    actions = set()
    if case.status in EDITABLE and user.has_perm("casework.change_case"):
        actions.add("edit")
    submit = TRANSITIONS["submit"]
    if case.status in submit.sources and user.has_perm(submit.permission):
        actions.add("submit")
    if _may_withdraw(user, case):
        actions.add("withdraw")
    return actions


# The admin's case page offers the review; withdrawal as the pages do.
REVIEW_ACTIONS = ("validate", "return", "reopen")


def offered_review_actions(user, case: Case) -> list[str]:
    """The admin case page's workflow buttons, in their order: what the user's role and the
    case's status allow, as the services decide it."""
    actions = [
        action
        for action in REVIEW_ACTIONS
        if case.status in TRANSITIONS[action].sources
        and user.has_perm(TRANSITIONS[action].permission)
    ]
    if _may_withdraw(user, case):
        actions.append("withdraw")
    return actions


def _may_withdraw(user, case: Case) -> bool:
    withdraw = TRANSITIONS["withdraw"]
    caseworker_may = not user.has_role(Role.CASEWORKER) or case.status in CASEWORKER_WITHDRAWABLE
    return case.status in withdraw.sources and user.has_perm(withdraw.permission) and caseworker_may
