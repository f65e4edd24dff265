import pytest
from django.db import connection, transaction
from django.urls import reverse

from audit.models import Action, AuditEvent
from casework.services import case_transition, case_update
from tests.casework.cases import record, trafficking_data
from tests.factories import PASSWORD


def events(case):
    return list(AuditEvent.objects.filter(case=case).order_by("pk"))


def test_each_action_on_a_case_writes_its_audit_row(region):
    caseworker, coordinator = region.users["caseworker_rs_ngo"], region.users["national_rs"]
    case = record(caseworker)
    case_update(user=caseworker, case_id=case.pk, version=1, data=trafficking_data(sex="male"))
    case_transition(user=caseworker, case_id=case.pk, action="submit")
    case_transition(
        user=coordinator, case_id=case.pk, action="return", reason="Check the month", version=3
    )
    case_transition(user=caseworker, case_id=case.pk, action="submit")
    case_transition(user=coordinator, case_id=case.pk, action="validate")
    case_transition(
        user=coordinator, case_id=case.pk, action="reopen", reason="New evidence", version=6
    )
    case_transition(
        user=coordinator, case_id=case.pk, action="withdraw", reason="Not a case", version=7
    )

    trail = events(case)
    assert [e.action for e in trail] == [
        Action.CASE_CREATED,
        Action.CASE_CHANGED,
        Action.CASE_SUBMITTED,
        Action.CASE_RETURNED,
        Action.CASE_SUBMITTED,
        Action.CASE_VALIDATED,
        Action.CASE_REOPENED,
        Action.CASE_WITHDRAWN,
    ]
    assert trail[1].changes == {"sex": ["female", "male"]}
    assert trail[3].reason == "Check the month"
    assert trail[3].changes == {"status": ["submitted", "returned"]}
    assert trail[7].actor == coordinator
    assert all(e.territory == "RS" for e in trail)


def test_a_refused_action_writes_no_audit_row(region):
    case = record(region.users["caseworker_rs_ngo"])
    before = AuditEvent.objects.count()
    with pytest.raises(Exception):  # noqa: B017 - the refusal itself is tested in test_workflow
        case_transition(user=region.users["national_rs"], case_id=case.pk, action="validate")
    assert AuditEvent.objects.count() == before


def test_the_audit_row_is_written_in_the_same_transaction_as_the_change(region):
    case = record(region.users["caseworker_rs_ngo"])
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        case_transition(user=region.users["caseworker_rs_ngo"], case_id=case.pk, action="submit")
        raise RuntimeError("the request failed after the change")
    case.refresh_from_db()
    assert case.status == "draft"
    assert AuditEvent.objects.count() == before


def test_logins_failures_and_lockouts_are_recorded_with_their_address(client, region, settings):
    email = "caseworker.rs_ngo@example.org"
    client.post(reverse("login"), {"username": email, "password": PASSWORD}, REMOTE_ADDR="10.1.1.1")
    client.post(reverse("logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": "national.rs@example.org", "password": "no"},
            REMOTE_ADDR="10.1.1.2",
        )
    login = AuditEvent.objects.get(action=Action.LOGIN)
    assert (login.actor.email, login.ip_address) == (email, "10.1.1.1")
    failures = AuditEvent.objects.filter(action=Action.LOGIN_FAILED)
    assert failures.count() == settings.AXES_FAILURE_LIMIT
    assert {f.attempted_username for f in failures} == {"national.rs@example.org"}
    assert AuditEvent.objects.filter(action=Action.LOCKOUT, ip_address="10.1.1.2").exists()
    assert not AuditEvent.objects.filter(detail__has_key="password").exists()


@pytest.mark.postgresql
def test_postgresql_refuses_to_change_or_delete_audit_rows(region):
    from django.db import DatabaseError

    case = record(region.users["caseworker_rs_ngo"])
    event = AuditEvent.objects.get(case=case)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(reason="rewritten")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.get(pk=event.pk).reason == ""
