"""The audit log in the admin: read-only, scoped by role."""

import pytest
from django.urls import reverse

from audit.models import SECURITY_ACTIONS, Action, AuditEvent
from audit.services import audit_record
from tests.casework.admin.helpers import ADMIN_LOGIN

CHANGELIST = reverse("admin:audit_auditevent_changelist")


@pytest.fixture
def events(region, cases):
    """The cases' own events (created, submitted), and a sign-in and a failed one."""
    audit_record(action=Action.LOGIN, actor=region.users["caseworker_rs_ngo"])
    audit_record(action=Action.LOGIN_FAILED, attempted_username="someone@example.org")
    return AuditEvent.objects.all()


def _listed(response):
    return list(response.context["cl"].result_list)


def test_a_national_coordinator_reads_only_the_events_of_their_territory(client, region, events):
    client.force_login(region.users["national_rs"])
    listed = _listed(client.get(CHANGELIST))
    assert listed
    assert {event.territory for event in listed} == {"RS"}
    assert not {event.action for event in listed} & SECURITY_ACTIONS
    expected = events.filter(territory="RS").exclude(action__in=SECURITY_ACTIONS)
    assert {event.pk for event in listed} == set(expected.values_list("pk", flat=True))


def test_the_regional_coordinator_reads_every_case_event_but_no_security_event(
    client, region, events
):
    client.force_login(region.users["regional"])
    listed = _listed(client.get(CHANGELIST))
    assert {event.territory for event in listed} == {"RS", "AL"}
    assert not {event.action for event in listed} & SECURITY_ACTIONS


def test_the_administrator_reads_only_security_events(client, region, events):
    client.force_login(region.users["administrator"])
    listed = _listed(client.get(CHANGELIST))
    assert listed
    assert {event.action for event in listed} <= SECURITY_ACTIONS
    assert "login_failed" in {event.action for event in listed}


@pytest.mark.parametrize("person", ["caseworker_rs_ngo", "viewer"])
def test_people_without_admin_access_are_sent_to_the_admin_login_from_the_audit_log(
    client, region, events, person
):
    client.force_login(region.users[person])
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert response.url.startswith(ADMIN_LOGIN)


def test_an_event_of_another_territory_answers_as_a_missing_one(client, region, events):
    client.force_login(region.users["national_rs"])
    other = events.filter(territory="AL").first()
    response = client.get(reverse("admin:audit_auditevent_change", args=[other.pk]))
    assert response.status_code == 302
    assert response.url == reverse("admin:index")


def test_the_audit_log_is_read_only(client, region, events):
    client.force_login(region.users["regional"])
    event = events.filter(territory="AL").first()
    change = reverse("admin:audit_auditevent_change", args=[event.pk])
    response = client.get(change)
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()
    assert client.post(change, {"reason": "rewritten"}).status_code == 403
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    delete = reverse("admin:audit_auditevent_delete", args=[event.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert event.reason == ""
    assert client.get(CHANGELIST).context["action_form"] is None


@pytest.mark.parametrize("person", ["national_rs", "regional", "administrator"])
def test_the_audit_log_appears_in_the_admin_index_for_those_who_read_it(client, region, person):
    client.force_login(region.users[person])
    assert CHANGELIST in client.get(reverse("admin:index")).content.decode()


@pytest.mark.parametrize("person", ["regional", "administrator"])
def test_a_year_too_large_for_a_date_is_a_bad_lookup_not_a_500(client, region, events, person):
    client.force_login(region.users[person])
    response = client.get(
        reverse("admin:audit_auditevent_changelist"), {"at__year": "99999999999999999999"}
    )
    assert response.status_code == 302
    assert response.url.endswith("?e=1")
