"""The review actions of the case admin: validate, return with a reason, reopen with a reason.

Validation moves the whole selection at once, return and reopen call the workflow services
case by case; each reports what it did and what was refused, and is offered only to those
who hold its permission.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import Action, AuditEvent
from casework import services
from casework.models import Case
from tests.casework.admin.helpers import (
    CHANGELIST,
    confirm_with_reason,
    messages_of,
    run_action,
    submitted,
)
from tests.casework.cases import record


def _status(case) -> str:
    return Case.objects.get(pk=case.pk).status


@pytest.fixture
def national(client, region):
    client.force_login(region.users["national_rs"])
    return region.users["national_rs"]


def test_the_validate_action_validates_submitted_cases(client, region, cases, national):
    chosen = [cases["rs_police"], cases["rs_ngo"]]
    response = run_action(client, "validate_selected", chosen)
    assert response.status_code == 302
    assert response.url == CHANGELIST
    assert {_status(case) for case in chosen} == {"validated"}
    assert "Validated 2 cases." in messages_of(response)
    events = AuditEvent.objects.filter(action=Action.CASE_VALIDATED)
    assert {(event.case_id, event.actor_id) for event in events} == {
        (case.pk, national.pk) for case in chosen
    }


def test_the_validate_action_refuses_a_draft_with_a_message(client, region, cases, national):
    draft = record(region.users["caseworker_rs_ngo"])
    response = run_action(client, "validate_selected", [cases["rs_ngo"], draft])
    assert _status(cases["rs_ngo"]) == "validated"
    assert _status(draft) == "draft"
    texts = messages_of(response)
    assert "Validated 1 case." in texts
    assert f"{draft.reference}: A draft case cannot be validated." in texts


def test_the_validate_action_reports_when_nothing_was_validated(client, region, national):
    draft = record(region.users["caseworker_rs_ngo"])
    response = run_action(client, "validate_selected", [draft])
    assert _status(draft) == "draft"
    assert messages_of(response) == [f"{draft.reference}: A draft case cannot be validated."]


def test_the_validate_action_never_reaches_a_case_out_of_scope(client, region, cases, national):
    other = cases["al_police"]
    run_action(client, "validate_selected", [other, cases["rs_ngo"]])
    assert _status(other) == "submitted"
    assert _status(cases["rs_ngo"]) == "validated"


def test_the_validate_action_reports_a_case_validated_already(client, region, cases, national):
    services.case_validate(user=national, case_id=cases["rs_police"].pk)
    response = run_action(client, "validate_selected", [cases["rs_police"], cases["rs_ngo"]])
    assert _status(cases["rs_ngo"]) == "validated"
    assert messages_of(response) == [
        "Validated 1 case.",
        f"{cases['rs_police'].reference}: A validated case cannot be validated.",
    ]
    validated = AuditEvent.objects.filter(action=Action.CASE_VALIDATED)
    assert sorted(validated.values_list("case_id", flat=True)) == sorted(
        [cases["rs_police"].pk, cases["rs_ngo"].pk]
    )


def test_the_validate_action_takes_as_many_queries_for_many_cases_as_for_one(
    client, region, national
):
    caseworker = region.users["caseworker_rs_ngo"]
    few, many = [submitted(caseworker)], [submitted(caseworker) for _ in range(6)]
    with CaptureQueriesContext(connection) as for_few:
        run_action(client, "validate_selected", few)
    with CaptureQueriesContext(connection) as for_many:
        response = run_action(client, "validate_selected", many)
    assert "Validated 6 cases." in messages_of(response)
    assert {_status(case) for case in many} == {"validated"}
    assert len(for_many) == len(for_few)


def test_the_return_action_first_asks_for_a_reason(client, region, cases, national):
    chosen = [cases["rs_police"], cases["rs_ngo"]]
    response = run_action(client, "return_selected", chosen)
    assert response.status_code == 200
    assert "admin/casework/case/reason_action.html" in [t.name for t in response.templates]
    content = response.content.decode()
    assert 'name="reason"' in content
    for case in chosen:
        assert case.reference in content
        assert f'name="_selected_action" value="{case.pk}"' in content
    assert {_status(case) for case in chosen} == {"submitted"}


def test_the_return_action_with_a_reason_returns_the_cases_and_keeps_the_reason(
    client, region, cases, national
):
    chosen = [cases["rs_police"], cases["rs_ngo"]]
    reason = "The month of identification is missing its source document."
    response = confirm_with_reason(client, "return_selected", chosen, reason)
    assert response.status_code == 302
    assert "Returned 2 cases." in messages_of(response)
    for case in chosen:
        case = Case.objects.get(pk=case.pk)
        assert case.status == "returned"
        assert case.status_reason == reason
        event = AuditEvent.objects.get(case=case, action=Action.CASE_RETURNED)
        assert event.reason == reason
        assert event.actor == national


@pytest.mark.parametrize("reason", ["", "   \n  "])
def test_the_return_action_without_a_reason_changes_nothing(
    client, region, cases, national, reason
):
    chosen = [cases["rs_police"], cases["rs_ngo"]]
    response = confirm_with_reason(client, "return_selected", chosen, reason)
    assert response.status_code == 200
    assert "Give a reason." in response.content.decode()
    assert {_status(case) for case in chosen} == {"submitted"}
    assert not AuditEvent.objects.filter(action=Action.CASE_RETURNED).exists()


def test_the_return_action_refuses_a_case_not_submitted(client, region, cases, national):
    draft = record(region.users["caseworker_rs_ngo"])
    response = confirm_with_reason(
        client, "return_selected", [draft, cases["rs_ngo"]], "Incomplete."
    )
    assert _status(draft) == "draft"
    assert _status(cases["rs_ngo"]) == "returned"
    assert f"{draft.reference}: A draft case cannot be returned." in messages_of(response)


def test_the_reopen_action_reopens_a_validated_case_with_a_reason(client, region, cases, national):
    case = services.case_validate(user=national, case_id=cases["rs_ngo"].pk)
    response = confirm_with_reason(
        client, "reopen_selected", [case, cases["rs_police"]], "Wrong age group."
    )
    case.refresh_from_db()
    assert case.status == "returned"
    assert case.status_reason == "Wrong age group."
    assert _status(cases["rs_police"]) == "submitted"
    texts = messages_of(response)
    assert "Reopened 1 case." in texts
    assert f"{cases['rs_police'].reference}: A submitted case cannot be reopened." in texts


def test_the_reopen_action_without_a_reason_changes_nothing(client, region, cases, national):
    case = services.case_validate(user=national, case_id=cases["rs_ngo"].pk)
    response = confirm_with_reason(client, "reopen_selected", [case], "")
    assert response.status_code == 200
    assert _status(case) == "validated"


@pytest.mark.parametrize("action", ["validate_selected", "return_selected", "reopen_selected"])
def test_the_regional_coordinator_cannot_run_a_review_action(client, region, cases, action):
    client.force_login(region.users["regional"])
    chosen = [cases["rs_ngo"], cases["al_ngo"]]
    run_action(client, action, chosen)
    confirm_with_reason(client, action, chosen, "A reason.")
    assert {_status(case) for case in chosen} == {"submitted"}
    assert not AuditEvent.objects.filter(
        action__in=[Action.CASE_VALIDATED, Action.CASE_RETURNED, Action.CASE_REOPENED]
    ).exists()


def test_there_is_no_delete_action(client, region, cases, national):
    response = run_action(client, "delete_selected", [cases["rs_ngo"]], post="yes")
    assert Case.objects.filter(pk=cases["rs_ngo"].pk).exists()
    assert response.status_code in (200, 302)


def test_the_reason_page_carries_the_version_of_each_case_it_shows(client, cases, national):
    page = run_action(client, "return_selected", [cases["rs_ngo"]]).content.decode()
    assert f'name="version-{cases["rs_ngo"].pk}" value="{cases["rs_ngo"].version}"' in page


def test_a_return_leaves_a_case_changed_since_the_reason_page_as_it_is(
    client, region, cases, national
):
    changed, unchanged = cases["rs_ngo"], cases["rs_police"]
    seen = {changed.pk: changed.version, unchanged.pk: unchanged.version}
    Case.objects.filter(pk=changed.pk).update(version=changed.version + 1)

    response = confirm_with_reason(
        client, "return_selected", [changed, unchanged], "Incomplete.", versions=seen
    )

    assert _status(changed) == "submitted"
    assert _status(unchanged) == "returned"
    texts = messages_of(response)
    assert "Returned 1 case." in texts
    assert any(text.startswith(f"{changed.reference}: Someone changed") for text in texts)


def test_a_reopen_posted_without_the_versions_changes_nothing(client, region, cases, national):
    case = services.case_validate(user=national, case_id=cases["rs_ngo"].pk)

    response = confirm_with_reason(client, "reopen_selected", [case], "Wrong age.", versions={})

    assert _status(case) == "validated"
    assert any(
        text.startswith(f"{case.reference}: Give the version") for text in messages_of(response)
    )
