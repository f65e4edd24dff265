"""Every allowed and refused transition of the workflow, for the roles that act on cases."""

import pytest
from django.core.exceptions import ValidationError

from casework.errors import ActionNotAllowed, CaseNotFound, StaleVersion, TransitionNotAllowed
from casework.models import Case, Status
from casework.services import case_transition, case_update
from tests.casework.cases import record, trafficking_data

ALL = [Status.DRAFT, Status.SUBMITTED, Status.VALIDATED, Status.RETURNED, Status.WITHDRAWN]

# (action, from status) -> resulting status, for a national coordinator of the territory.
ALLOWED = {
    ("submit", Status.DRAFT): Status.SUBMITTED,
    ("submit", Status.RETURNED): Status.SUBMITTED,
    ("validate", Status.SUBMITTED): Status.VALIDATED,
    ("return", Status.SUBMITTED): Status.RETURNED,
    ("reopen", Status.VALIDATED): Status.RETURNED,
    ("withdraw", Status.DRAFT): Status.WITHDRAWN,
    ("withdraw", Status.SUBMITTED): Status.WITHDRAWN,
    ("withdraw", Status.RETURNED): Status.WITHDRAWN,
    ("withdraw", Status.VALIDATED): Status.WITHDRAWN,
}
ACTIONS = ["submit", "validate", "return", "reopen", "withdraw"]


def case_in(status, region):
    case = record(region.users["caseworker_rs_ngo"])
    reason = "" if status in (Status.DRAFT, Status.SUBMITTED, Status.VALIDATED) else "why"
    Case.objects.filter(pk=case.pk).update(status=status, status_reason=reason)
    return case


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("status", ALL)
def test_every_transition_is_allowed_or_refused_as_the_workflow_says(region, action, status):
    coordinator = region.users["national_rs"]
    case = case_in(status, region)
    expected = ALLOWED.get((action, status))
    if expected is None:
        with pytest.raises(TransitionNotAllowed):
            case_transition(
                user=coordinator, case_id=case.pk, action=action, reason="checked", version=1
            )
        case.refresh_from_db()
        assert case.status == status
        assert case.version == 1
    else:
        moved = case_transition(
            user=coordinator, case_id=case.pk, action=action, reason="checked", version=1
        )
        assert moved.status == expected
        assert moved.version == 2


@pytest.mark.parametrize(
    ("person", "action"),
    [
        ("caseworker_rs_ngo", "validate"),
        ("caseworker_rs_ngo", "return"),
        ("caseworker_rs_ngo", "reopen"),
        ("regional", "validate"),
        ("regional", "submit"),
        ("regional", "withdraw"),
    ],
)
def test_a_role_without_the_action_gets_403_and_nothing_changes(region, person, action):
    case = case_in(Status.SUBMITTED, region)
    with pytest.raises(ActionNotAllowed):
        case_transition(
            user=region.users[person], case_id=case.pk, action=action, reason="x", version=1
        )
    case.refresh_from_db()
    assert (case.status, case.version) == (Status.SUBMITTED, 1)


@pytest.mark.parametrize("person", ["caseworker_al_ngo", "caseworker_rs_police", "national_al"])
def test_a_case_out_of_scope_is_not_found(region, person):
    case = case_in(Status.SUBMITTED, region)
    with pytest.raises(CaseNotFound):
        case_transition(user=region.users[person], case_id=case.pk, action="validate")


@pytest.mark.parametrize("person", ["viewer", "administrator"])
def test_roles_that_see_no_case_find_none(region, person):
    case = case_in(Status.SUBMITTED, region)
    with pytest.raises(CaseNotFound):
        case_transition(user=region.users[person], case_id=case.pk, action="submit")


def test_a_caseworker_withdraws_drafts_of_their_organisation_only(region):
    caseworker = region.users["caseworker_rs_ngo"]
    draft = case_in(Status.DRAFT, region)
    assert (
        case_transition(
            user=caseworker, case_id=draft.pk, action="withdraw", reason="entered twice", version=1
        ).status
        == Status.WITHDRAWN
    )
    submitted = case_in(Status.SUBMITTED, region)
    with pytest.raises(ActionNotAllowed):
        case_transition(
            user=caseworker, case_id=submitted.pk, action="withdraw", reason="x", version=1
        )


@pytest.mark.parametrize("action", ["return", "reopen", "withdraw"])
def test_return_reopen_and_withdraw_need_a_reason(region, action):
    status = Status.VALIDATED if action == "reopen" else Status.SUBMITTED
    case = case_in(status, region)
    with pytest.raises(ValidationError):
        case_transition(
            user=region.users["national_rs"], case_id=case.pk, action=action, reason=" ", version=1
        )
    case.refresh_from_db()
    assert case.status == status


def test_a_returned_case_keeps_the_reviewers_reason_and_can_be_resubmitted(region):
    caseworker, coordinator = region.users["caseworker_rs_ngo"], region.users["national_rs"]
    case = case_in(Status.SUBMITTED, region)
    case_transition(
        user=coordinator, case_id=case.pk, action="return", reason="Month is wrong", version=1
    )
    returned = Case.objects.get(pk=case.pk)
    assert (returned.status, returned.status_reason) == (Status.RETURNED, "Month is wrong")
    edited = case_update(
        user=caseworker,
        case_id=case.pk,
        version=returned.version,
        data=trafficking_data(month=returned.month.replace(month=4)),
    )
    assert case_transition(user=caseworker, case_id=edited.pk, action="submit").status == (
        Status.SUBMITTED
    )


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.VALIDATED, Status.WITHDRAWN])
def test_only_draft_and_returned_cases_can_be_edited(region, status):
    case = case_in(status, region)
    with pytest.raises(TransitionNotAllowed):
        case_update(
            user=region.users["national_rs"], case_id=case.pk, version=1, data=trafficking_data()
        )


def test_a_stale_transition_is_refused(region):
    case = case_in(Status.SUBMITTED, region)
    with pytest.raises(StaleVersion):
        case_transition(
            user=region.users["national_rs"], case_id=case.pk, action="validate", version=0
        )
    assert Case.objects.get(pk=case.pk).status == Status.SUBMITTED


@pytest.mark.parametrize("action", ["return", "reopen", "withdraw"])
def test_return_reopen_and_withdraw_need_the_version_last_read(region, action):
    status = Status.VALIDATED if action == "reopen" else Status.SUBMITTED
    case = case_in(status, region)
    with pytest.raises(ValidationError) as refused:
        case_transition(
            user=region.users["national_rs"], case_id=case.pk, action=action, reason="checked"
        )
    assert "version" in refused.value.message_dict
    case.refresh_from_db()
    assert (case.status, case.version) == (status, 1)


@pytest.mark.parametrize("action", ["return", "reopen", "withdraw"])
def test_a_stale_return_reopen_or_withdrawal_is_refused_and_changes_nothing(region, action):
    status = Status.VALIDATED if action == "reopen" else Status.SUBMITTED
    case = case_in(status, region)
    Case.objects.filter(pk=case.pk).update(version=2)
    with pytest.raises(StaleVersion):
        case_transition(
            user=region.users["national_rs"],
            case_id=case.pk,
            action=action,
            reason="checked",
            version=1,
        )
    case.refresh_from_db()
    assert (case.status, case.version, case.status_reason) == (status, 2, "")
