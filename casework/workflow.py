"""The review workflow, declared once: which action moves a case from which status to which.

draft → submitted → validated, or returned (with a reason) → edited → submitted; withdrawn
(with a reason) instead of deleted. Validated cases are locked; a national coordinator may
reopen one (back to returned) or withdraw it.
"""

from dataclasses import dataclass

from audit.models import Action
from casework.models import Status


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str
    permission: str
    audit_action: str
    needs_reason: bool = False


TRANSITIONS = {
    "submit": Transition(
        frozenset({Status.DRAFT, Status.RETURNED}),
        Status.SUBMITTED,
        "casework.submit_case",
        Action.CASE_SUBMITTED,
    ),
    "validate": Transition(
        frozenset({Status.SUBMITTED}),
        Status.VALIDATED,
        "casework.validate_case",
        Action.CASE_VALIDATED,
    ),
    "return": Transition(
        frozenset({Status.SUBMITTED}),
        Status.RETURNED,
        "casework.return_case",
        Action.CASE_RETURNED,
        needs_reason=True,
    ),
    "reopen": Transition(
        frozenset({Status.VALIDATED}),
        Status.RETURNED,
        "casework.reopen_case",
        Action.CASE_REOPENED,
        needs_reason=True,
    ),
    "withdraw": Transition(
        frozenset({Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.VALIDATED}),
        Status.WITHDRAWN,
        "casework.withdraw_case",
        Action.CASE_WITHDRAWN,
        needs_reason=True,
    ),
}

# Statuses in which the case's data may still be edited.
EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})

# A caseworker may withdraw only their organisation's drafts; the rest needs a coordinator.
CASEWORKER_WITHDRAWABLE = frozenset({Status.DRAFT})
