"""The workflow buttons of the admin's case page: validate, return, reopen and withdraw.

Each is shown only when the person's role and the case's status allow it, posts the case's
version as the page showed it, and goes through the workflow service: a case changed since is
refused and left as it is, a case out of scope is not found.
"""

import pytest
from django.urls import reverse

from audit.models import Action, AuditEvent
from casework import services
from casework.models import Case
from tests.casework.admin.helpers import change_url, messages_of
from tests.casework.cases import record

AUDITED = {
    "validate": Action.CASE_VALIDATED,
    "return": Action.CASE_RETURNED,
    "reopen": Action.CASE_REOPENED,
    "withdraw": Action.CASE_WITHDRAWN,
}
STALE = "Someone changed this case since you opened it. Reload it and apply your change again."


def workflow_url(case, action) -> str:
    return reverse("admin:casework_case_workflow", args=[case.pk, action])


def _stored(case) -> Case:
    return Case.objects.get(pk=case.pk)


def _decided(case) -> list:
    """The workflow's audit events on the case since it was brought to its status."""
    return list(
        AuditEvent.objects.filter(case_id=case.pk, action__in=AUDITED.values()).exclude(
            pk__in=case.setup_events
        )
    )


def in_status(region, status, caseworker="caseworker_rs_ngo"):
    """A case of the caseworker's organisation, brought to `status` by the services; it keeps
    the audit events of that as `setup_events`."""
    national = region.users["national_rs" if "_rs_" in caseworker else "national_al"]
    case = record(region.users[caseworker])
    if status != "draft":
        case = services.case_submit(user=region.users[caseworker], case_id=case.pk)
    if status == "returned":
        case = services.case_return(
            user=national, case_id=case.pk, reason="Incomplete.", version=case.version
        )
    elif status == "validated":
        case = services.case_validate(user=national, case_id=case.pk)
    elif status == "withdrawn":
        case = services.case_withdraw(
            user=national, case_id=case.pk, reason="Entered twice.", version=case.version
        )
    case.setup_events = set(AuditEvent.objects.filter(case_id=case.pk).values_list("pk", flat=True))
    return case


@pytest.fixture
def national(client, region):
    client.force_login(region.users["national_rs"])
    return region.users["national_rs"]


# Buttons


@pytest.mark.parametrize(
    ("person", "status", "buttons"),
    [
        ("national_rs", "draft", ["withdraw"]),
        ("national_rs", "submitted", ["validate", "return", "withdraw"]),
        ("national_rs", "returned", ["withdraw"]),
        ("national_rs", "validated", ["reopen", "withdraw"]),
        ("national_rs", "withdrawn", []),
        # A regional coordinator reads cases; the workflow is the national coordinators'.
        ("regional", "draft", []),
        ("regional", "submitted", []),
        ("regional", "returned", []),
        ("regional", "validated", []),
        ("regional", "withdrawn", []),
    ],
)
def test_the_case_page_shows_the_buttons_the_role_and_the_status_allow(
    client, region, person, status, buttons
):
    case = in_status(region, status)
    client.force_login(region.users[person])
    response = client.get(change_url(case.pk))
    assert response.status_code == 200
    shown = [button["action"] for button in response.context["workflow_buttons"]]
    assert shown == buttons
    content = response.content.decode()
    for action in AUDITED:
        assert (f'action="{workflow_url(case, action)}"' in content) == (action in buttons)
    if buttons:
        assert f'name="version" value="{case.version}"' in content
    else:
        assert 'class="workflow-actions"' not in content


def test_the_buttons_are_labelled_in_the_users_language(client, region, national):
    case = in_status(region, "submitted")
    content = client.get(change_url(case.pk)).content.decode()
    for label in ("Validate", "Return with a reason", "Withdraw with a reason"):
        assert f">{label}</button>" in content


# Validate


def test_validate_validates_the_case_and_goes_back_to_its_page(client, region, national):
    case = in_status(region, "submitted")
    response = client.post(workflow_url(case, "validate"), {"version": case.version})
    assert response.status_code == 302
    assert response.url == change_url(case.pk)
    stored = _stored(case)
    assert stored.status == "validated"
    assert stored.version == case.version + 1
    assert messages_of(response) == [f"Case {case.reference} validated."]
    [event] = _decided(case)
    assert (event.action, event.actor) == (Action.CASE_VALIDATED, national)


def test_validate_refuses_a_case_changed_since_its_page_was_read(client, region, national):
    case = in_status(region, "submitted")
    Case.objects.filter(pk=case.pk).update(version=case.version + 1)
    response = client.post(workflow_url(case, "validate"), {"version": case.version})
    assert response.status_code == 302
    assert response.url == change_url(case.pk)
    assert messages_of(response) == [STALE]
    assert _stored(case).status == "submitted"
    assert _decided(case) == []


@pytest.mark.parametrize("version", [None, "", "abc", "-1", "١", "9" * 30])
def test_validate_without_a_readable_version_changes_nothing(client, region, national, version):
    case = in_status(region, "submitted")
    data = {} if version is None else {"version": version}
    response = client.post(workflow_url(case, "validate"), data)
    assert response.status_code == 302
    assert messages_of(response) == ["Give the version of the case you last read."]
    assert _stored(case).status == "submitted"


def test_validate_of_a_draft_is_refused_with_the_services_reason(client, region, national):
    case = in_status(region, "draft")
    response = client.post(workflow_url(case, "validate"), {"version": case.version})
    assert messages_of(response) == ["A draft case cannot be validated."]
    assert _stored(case).status == "draft"
    assert _decided(case) == []


# Return, reopen, withdraw: a reason first


REASONED = [
    ("return", "submitted", "returned"),
    ("reopen", "validated", "returned"),
    ("withdraw", "submitted", "withdrawn"),
    ("withdraw", "validated", "withdrawn"),
]


@pytest.mark.parametrize(("action", "status", "_after"), REASONED)
def test_a_reasoned_button_first_asks_for_the_reason(
    client, region, national, action, status, _after
):
    case = in_status(region, status)
    response = client.post(workflow_url(case, action), {"version": case.version})
    assert response.status_code == 200
    assert "admin/casework/case/reason_action.html" in [t.name for t in response.templates]
    content = response.content.decode()
    assert case.reference in content
    assert 'name="reason"' in content
    assert f'name="version-{case.pk}" value="{case.version}"' in content
    assert 'name="action"' not in content  # it posts back here, not as a bulk action
    assert f'href="{change_url(case.pk)}"' in content  # "No, take me back"
    assert _stored(case).status == status
    assert _decided(case) == []


@pytest.mark.parametrize(("action", "status", "after"), REASONED)
def test_a_reasoned_button_with_its_reason_moves_the_case_and_keeps_the_reason(
    client, region, national, action, status, after
):
    case = in_status(region, status)
    response = client.post(
        workflow_url(case, action),
        {"reason_confirmed": "yes", f"version-{case.pk}": case.version, "reason": " Wrong age. "},
    )
    assert response.status_code == 302
    assert response.url == change_url(case.pk)
    stored = _stored(case)
    assert (stored.status, stored.status_reason) == (after, "Wrong age.")
    done = {
        "return": f"Case {case.reference} returned to its organisation.",
        "reopen": f"Case {case.reference} reopened.",
        "withdraw": f"Case {case.reference} withdrawn.",
    }
    assert messages_of(response) == [done[action]]
    [event] = [e for e in _decided(case) if e.action == AUDITED[action]]
    assert (event.actor, event.reason) == (national, "Wrong age.")


@pytest.mark.parametrize(
    ("reason", "error"),
    [
        ("", "Give a reason."),
        ("  \n ", "Give a reason."),
        ("=HYPERLINK(1)", "A text may not start with = + - @, a tab or a line break"),
    ],
)
def test_a_return_without_a_fit_reason_asks_again_and_changes_nothing(
    client, region, national, reason, error
):
    case = in_status(region, "submitted")
    response = client.post(
        workflow_url(case, "return"),
        {"reason_confirmed": "yes", f"version-{case.pk}": case.version, "reason": reason},
    )
    assert response.status_code == 200
    assert error in response.content.decode()
    assert _stored(case).status == "submitted"
    assert _decided(case) == []


def test_a_return_refuses_a_case_changed_since_its_page_was_read(client, region, national):
    case = in_status(region, "submitted")
    Case.objects.filter(pk=case.pk).update(version=case.version + 1)
    response = client.post(workflow_url(case, "return"), {"version": case.version})
    assert response.status_code == 302
    assert messages_of(response) == [STALE]


def test_a_return_refuses_a_case_changed_since_the_reason_page(client, region, national):
    case = in_status(region, "submitted")
    client.post(workflow_url(case, "return"), {"version": case.version})
    # Someone else validates it meanwhile.
    services.case_validate(user=national, case_id=case.pk)
    response = client.post(
        workflow_url(case, "return"),
        {"reason_confirmed": "yes", f"version-{case.pk}": case.version, "reason": "Incomplete."},
    )
    assert response.status_code == 302
    assert response.url == change_url(case.pk)
    assert messages_of(response) == ["A validated case cannot be returned."]
    assert _stored(case).status == "validated"


def test_a_reopen_with_a_stale_version_on_the_reason_page_changes_nothing(client, region, national):
    case = in_status(region, "validated")
    Case.objects.filter(pk=case.pk).update(version=case.version + 1)
    response = client.post(
        workflow_url(case, "reopen"),
        {"reason_confirmed": "yes", f"version-{case.pk}": case.version, "reason": "Wrong age."},
    )
    assert response.status_code == 302
    assert messages_of(response) == [STALE]
    assert _stored(case).status == "validated"
    assert _decided(case) == []


def test_a_reason_page_for_a_status_that_forbids_the_action_is_not_shown(client, region, national):
    case = in_status(region, "submitted")
    response = client.post(workflow_url(case, "reopen"), {"version": case.version})
    assert response.status_code == 302
    assert messages_of(response) == ["The case's status does not allow this action."]


# Who may


@pytest.mark.parametrize("action", list(AUDITED))
def test_a_case_out_of_scope_is_not_found_and_left_as_it_is(client, region, national, action):
    other = in_status(region, "submitted", caseworker="caseworker_al_ngo")
    for data in (
        {"version": other.version},
        {"reason_confirmed": "yes", f"version-{other.pk}": other.version, "reason": "A reason."},
    ):
        response = client.post(workflow_url(other, action), data)
        assert response.status_code == 404
    assert other.reference not in response.content.decode()
    assert _stored(other).status == "submitted"
    assert _decided(other) == []


def test_a_case_that_does_not_exist_is_not_found(client, region, national):
    response = client.post(
        reverse("admin:casework_case_workflow", args=[999999, "validate"]), {"version": 1}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("action", list(AUDITED))
def test_a_regional_coordinator_is_refused_every_button(client, region, action):
    case = in_status(region, "validated" if action == "reopen" else "submitted")
    client.force_login(region.users["regional"])
    response = client.post(
        workflow_url(case, action),
        {"version": case.version, "reason_confirmed": "yes", "reason": "A reason."},
    )
    assert response.status_code == 403
    assert _stored(case).status == case.status


def test_an_unknown_action_is_not_found_and_a_get_is_not_allowed(client, region, national):
    case = in_status(region, "submitted")
    assert client.post(workflow_url(case, "delete"), {"version": case.version}).status_code == 404
    assert client.get(workflow_url(case, "validate")).status_code == 405
    assert _stored(case).status == "submitted"


def test_a_person_without_admin_access_is_sent_to_the_admin_sign_in(client, region):
    case = in_status(region, "submitted")
    client.force_login(region.users["caseworker_rs_ngo"])
    response = client.post(workflow_url(case, "withdraw"), {"version": case.version})
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert _stored(case).status == "submitted"
