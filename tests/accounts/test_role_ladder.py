"""The role ladder (`accounts.roles.ROLE_REACH`) is read by every scope: cases, imports, the
organisations acted for, runs, internal cells and the audit log."""

import pytest

from accounts import roles
from accounts.access import cases_visible_to, organisations_acted_for, territories_in_scope
from accounts.roles import ROLE_REACH, Reach, Role, reach_of
from audit.models import Action
from audit.selectors import audit_events_visible_to
from audit.services import audit_record
from casework.imports.services import imports_visible_to
from casework.models import ImportJob
from reporting.cells import internal_territories
from reporting.models import AggregationRun
from reporting.runs import runs_visible_to
from tests.factories import CaseFactory


@pytest.fixture
def everywhere(region):
    """In each territory (and region-wide) a case, an import, a run and an audit event."""
    for key in ("rs_ngo", "al_ngo"):
        organisation = region.organisations[key]
        case = CaseFactory(organisation=organisation)
        ImportJob.objects.create(
            case_type="readmission",
            created_by=region.users[f"caseworker_{key}"],
            organisation=organisation,
            file_name="x.csv",
        )
        AggregationRun.objects.create(territory=organisation.territory)
        audit_record(action=Action.CASE_VIEWED, case=case, territory=organisation.territory)
    AggregationRun.objects.create(territory="")


def scopes(user) -> dict:
    return {
        "cases": set(cases_visible_to(user).values_list("territory", flat=True)),
        "imports": set(imports_visible_to(user).values_list("organisation__territory", flat=True)),
        "organisations acted for": set(organisations_acted_for(user)),
        "territories": set(territories_in_scope(user)),
        "runs": set(runs_visible_to(user).values_list("territory", flat=True)),
        "internal cells": set(internal_territories(user)),
        "audit": set(audit_events_visible_to(user).values_list("territory", flat=True)),
    }


def test_every_role_stands_on_the_rung_access_gives_it():
    assert ROLE_REACH == {
        Role.CASEWORKER: Reach.ORGANISATION,
        Role.NATIONAL_COORDINATOR: Reach.TERRITORY,
        Role.REGIONAL_COORDINATOR: Reach.REGION,
        Role.STATISTICS_VIEWER: Reach.NOTHING,
        Role.ADMINISTRATOR: Reach.NOTHING,
    }


@pytest.mark.parametrize("person", ["caseworker_rs_ngo", "national_rs", "regional"])
def test_an_inactive_person_reaches_nothing_in_any_scope(region, everywhere, person):
    user = region.users[person]
    assert any(scopes(user).values())  # active, they see something
    user.is_active = False
    user.save()
    assert reach_of(user) is Reach.NOTHING
    assert scopes(user) == {name: set() for name in scopes(user)}


def test_an_inactive_coordinator_starts_no_run_of_any_territory(region):
    from casework.errors import ActionNotAllowed
    from reporting.runs import aggregation_start

    coordinator = region.users["regional"]
    coordinator.is_active = False
    with pytest.raises(ActionNotAllowed):
        aggregation_start(user=coordinator, territory="RS")


def test_a_role_moved_up_the_ladder_sees_more_in_every_scope(region, everywhere, monkeypatch):
    national = region.users["national_rs"]
    before = scopes(national)
    assert before["cases"] == before["territories"] == before["audit"] == {"RS"}
    assert before["runs"] == before["internal cells"] == {"RS"}

    monkeypatch.setitem(roles.ROLE_REACH, Role.NATIONAL_COORDINATOR, Reach.REGION)
    after = scopes(national)
    assert {"RS", "AL"} <= after["cases"] == after["imports"] == after["audit"]
    assert {"RS", "AL", "BA", "ME", "MK", "XK"} == after["territories"]
    assert {"RS", "AL", ""} == after["runs"]
    assert "WB6" in after["internal cells"]
    # Acting for organisations stops at the territory: the region records no case.
    assert after["organisations acted for"] == set()


def test_a_role_off_the_ladder_reaches_nothing(region, everywhere, monkeypatch):
    monkeypatch.delitem(roles.ROLE_REACH, Role.NATIONAL_COORDINATOR)
    national = region.users["national_rs"]
    assert reach_of(national) is Reach.NOTHING
    seen = scopes(national)
    assert not seen["cases"] and not seen["territories"] and not seen["audit"]
