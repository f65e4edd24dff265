"""A role that reads cases takes effect only once a regional coordinator other than its
holder confirms it; until then the account sees no case. Every step is audited."""

import pytest
from django.urls import reverse

from accounts.access import cases_visible_to
from accounts.grants import access_grant, access_grant_confirm
from accounts.models import AccessGrant
from accounts.roles import Role
from audit.models import Action, AuditEvent
from tests.casework.cases import record


@pytest.fixture
def atina_case(region):
    return record(region.users["caseworker_rs_ngo"])


def ask(region, person, role, organisation=None, territory=""):
    return access_grant(
        user=region.users[person],
        role=role,
        organisation=organisation,
        territory=territory,
        by=region.users["administrator"],
    )


def test_a_case_reading_role_asked_by_an_administrator_shows_no_case_until_confirmed(
    client, region, atina_case
):
    viewer = region.users["viewer"]
    grant = ask(region, "viewer", Role.CASEWORKER, region.organisations["rs_ngo"])
    viewer.refresh_from_db()
    assert grant.status == AccessGrant.Status.PENDING
    assert not cases_visible_to(viewer).exists()

    client.force_login(region.users["regional"])
    response = client.post(reverse("access_grant_confirm", args=[grant.pk]))
    assert response.status_code == 302
    viewer.refresh_from_db()
    assert (viewer.role, viewer.organisation) == (Role.CASEWORKER, region.organisations["rs_ngo"])
    assert list(cases_visible_to(viewer)) == [atina_case]


def test_a_wider_scope_for_a_caseworker_withdraws_every_case_until_confirmed(region, atina_case):
    mover = region.users["caseworker_rs_police"]
    ask(region, "caseworker_rs_police", Role.CASEWORKER, region.organisations["rs_ngo"])
    mover.refresh_from_db()
    assert not cases_visible_to(mover).exists()
    assert not mover.has_perm("casework.view_case")


def test_a_national_coordinators_new_territory_waits_too(region, atina_case):
    ask(region, "national_al", Role.NATIONAL_COORDINATOR, territory="RS")
    coordinator = region.users["national_al"]
    coordinator.refresh_from_db()
    assert coordinator.role == Role.STATISTICS_VIEWER
    assert not cases_visible_to(coordinator).exists()


def test_a_role_that_reads_no_case_takes_effect_at_once(region):
    grant = ask(region, "caseworker_al_ngo", Role.STATISTICS_VIEWER)
    assert grant.status == AccessGrant.Status.CONFIRMED
    region.users["caseworker_al_ngo"].refresh_from_db()
    assert region.users["caseworker_al_ngo"].role == Role.STATISTICS_VIEWER


@pytest.mark.parametrize("person", ["administrator", "national_rs", "caseworker_rs_ngo", "viewer"])
def test_only_a_regional_coordinator_confirms_and_others_find_no_such_grant(client, region, person):
    grant = ask(
        region, "viewer" if person != "viewer" else "national_al", Role.REGIONAL_COORDINATOR
    )
    client.force_login(region.users[person])
    assert client.post(reverse("access_grant_confirm", args=[grant.pk])).status_code == 404
    assert client.post(reverse("access_grant_refuse", args=[grant.pk])).status_code == 404
    grant.refresh_from_db()
    assert grant.status == AccessGrant.Status.PENDING


def test_a_regional_coordinator_cannot_confirm_their_own_grant(client, region):
    regional = region.users["regional"]
    grant = AccessGrant.objects.create(
        user=regional, role=Role.NATIONAL_COORDINATOR, territory="RS", status="pending"
    )
    client.force_login(regional)
    assert grant not in client.get(reverse("home")).context["access_grants"]
    assert client.post(reverse("access_grant_confirm", args=[grant.pk])).status_code == 404
    with pytest.raises(AccessGrant.DoesNotExist):
        access_grant_confirm(grant_id=grant.pk, by=regional)
    regional.refresh_from_db()
    assert regional.role == Role.REGIONAL_COORDINATOR


def test_a_refused_grant_leaves_the_account_without_cases(client, region, atina_case):
    grant = ask(region, "viewer", Role.NATIONAL_COORDINATOR, territory="RS")
    client.force_login(region.users["regional"])
    client.post(reverse("access_grant_refuse", args=[grant.pk]))
    grant.refresh_from_db()
    assert grant.status == AccessGrant.Status.REFUSED
    assert grant.decided_by == region.users["regional"]
    assert not cases_visible_to(region.users["viewer"]).exists()
    # A decided grant is not decided again.
    client.post(reverse("access_grant_confirm", args=[grant.pk]))
    grant.refresh_from_db()
    assert grant.status == AccessGrant.Status.REFUSED


def test_a_new_request_replaces_the_pending_one(region):
    first = ask(region, "viewer", Role.NATIONAL_COORDINATOR, territory="RS")
    second = ask(region, "viewer", Role.NATIONAL_COORDINATOR, territory="AL")
    first.refresh_from_db()
    assert first.status == AccessGrant.Status.SUPERSEDED
    assert second.status == AccessGrant.Status.PENDING


def test_every_request_and_decision_is_audited_and_listed_for_regional_coordinators(client, region):
    confirmed = ask(region, "viewer", Role.NATIONAL_COORDINATOR, territory="RS")
    refused = ask(region, "caseworker_al_ngo", Role.REGIONAL_COORDINATOR)
    waiting = ask(region, "caseworker_al_police", Role.NATIONAL_COORDINATOR, territory="AL")
    client.force_login(region.users["regional"])
    client.post(reverse("access_grant_confirm", args=[confirmed.pk]))
    client.post(reverse("access_grant_refuse", args=[refused.pk]))

    events = AuditEvent.objects.order_by("pk")
    requested = events.filter(action=Action.ACCESS_REQUESTED)
    assert {e.detail["grant"] for e in requested} == {confirmed.pk, refused.pk, waiting.pk}
    assert {e.actor for e in requested} == {region.users["administrator"]}
    [confirmation] = events.filter(action=Action.ACCESS_CONFIRMED)
    assert (confirmation.actor, confirmation.territory) == (region.users["regional"], "RS")
    assert confirmation.changes["role"] == [Role.STATISTICS_VIEWER, Role.NATIONAL_COORDINATOR]
    [refusal] = events.filter(action=Action.ACCESS_REFUSED)
    assert refusal.detail["account"] == region.users["caseworker_al_ngo"].pk

    home = client.get(reverse("home"))
    assert [grant.pk for grant in home.context["access_grants"]] == [waiting.pk]
    page = home.content.decode()
    assert reverse("access_grant_confirm", args=[waiting.pk]) in page
    assert "Access confirmed" in page and "Access refused" in page
    assert "viewer@example.org" in page


def test_the_home_page_of_other_roles_lists_no_grants(client, region):
    ask(region, "viewer", Role.NATIONAL_COORDINATOR, territory="RS")
    client.force_login(region.users["national_rs"])
    home = client.get(reverse("home"))
    assert "/accounts/grants/" not in home.content.decode()


def test_an_account_awaiting_confirmation_is_told_so_on_its_home_page(client, region):
    ask(region, "viewer", Role.NATIONAL_COORDINATOR, territory="RS")
    client.force_login(region.users["viewer"])
    assert "awaits a regional coordinator" in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize(
    ("person", "status"),
    [("administrator", 200), ("regional", 200), ("national_rs", 403), ("caseworker_rs_ngo", 302)],
)
def test_grants_are_listed_read_only_in_the_admin_for_administrators_and_regional_coordinators(
    client, region, person, status
):
    grant = ask(region, "viewer", Role.NATIONAL_COORDINATOR, territory="RS")
    client.force_login(region.users[person])
    response = client.get(reverse("admin:accounts_accessgrant_changelist"))
    assert response.status_code == status
    if status == 200:
        assert "viewer@example.org" in response.content.decode()
        change = client.post(
            reverse("admin:accounts_accessgrant_change", args=[grant.pk]), {"status": "confirmed"}
        )
        assert change.status_code == 403
        grant.refresh_from_db()
        assert grant.status == AccessGrant.Status.PENDING


def test_administrators_read_the_account_events_in_the_audit_log_and_no_case_event(region):
    from audit.selectors import audit_events_visible_to

    record(region.users["caseworker_rs_ngo"])
    ask(region, "viewer", Role.NATIONAL_COORDINATOR, territory="RS")
    actions = set(
        audit_events_visible_to(region.users["administrator"]).values_list("action", flat=True)
    )
    assert Action.ACCESS_REQUESTED in actions
    assert Action.CASE_CREATED not in actions
    national = audit_events_visible_to(region.users["national_rs"])
    assert national.filter(action=Action.ACCESS_REQUESTED, territory="RS").exists()
