"""Reads of cases are audited: a list writes one event a request naming the cases it returned
by id; a form showing a case records a view of it."""

import datetime

from django.urls import reverse

from audit.models import Action, AuditEvent
from audit.selectors import audit_events_visible_to
from casework.models import DuplicateGroup
from casework.pseudonyms import Identity
from casework.services import case_return, case_submit
from tests.casework.cases import record

API = "/api/v1/cases/trafficking/"


def listings():
    return list(AuditEvent.objects.filter(action=Action.CASES_LISTED).order_by("pk"))


def test_a_list_call_writes_one_audit_event_naming_the_cases_it_returned(api, region):
    caseworker = region.users["caseworker_rs_ngo"]
    cases = [record(caseworker) for _ in range(5)]
    client = api("national_rs")

    first = client.get(API, {"page_size": 3}).json()
    second = client.get(first["next"]).json()

    returned = [[case["id"] for case in page["results"]] for page in (first, second)]
    assert sorted(returned[0] + returned[1]) == sorted(case.pk for case in cases)
    events = listings()
    assert [event.detail["cases"] for event in events] == returned
    assert {(event.actor, event.territory) for event in events} == {
        (region.users["national_rs"], "RS")
    }
    assert events[0].detail["listing"] == "api_trafficking"


def test_a_regional_coordinators_list_of_one_territory_is_read_by_its_national_coordinator(
    api, region
):
    rs = record(region.users["caseworker_rs_ngo"])
    al = record(region.users["caseworker_al_ngo"])
    api("regional").get(API)
    api("regional").get(API, {"territory": "RS"})
    across, serbian = listings()
    assert (across.territory, sorted(across.detail["cases"])) == ("", sorted([rs.pk, al.pk]))
    assert (serbian.territory, serbian.detail["cases"]) == ("RS", [rs.pk])
    assert list(
        audit_events_visible_to(region.users["national_rs"]).filter(pk__in=[across.pk, serbian.pk])
    ) == [serbian]


def test_the_case_list_page_records_the_cases_it_shows_and_those_that_came_back(client, region):
    caseworker = region.users["caseworker_rs_ngo"]
    draft = record(caseworker)
    came_back = record(caseworker)
    submitted = case_submit(user=caseworker, case_id=came_back.pk)
    case_return(
        user=region.users["national_rs"],
        case_id=came_back.pk,
        reason="Check the month",
        version=submitted.version,
    )
    client.force_login(caseworker)

    assert client.get(reverse("casework:list"), {"status": "draft"}).status_code == 200

    [event] = listings()
    assert event.actor == caseworker
    assert event.detail == {"listing": "case_list", "cases": [draft.pk, came_back.pk]}


def test_the_admin_case_list_records_the_page_it_shows(client, region):
    cases = [record(region.users["caseworker_rs_ngo"]) for _ in range(3)]
    record(region.users["caseworker_al_ngo"])  # out of scope: neither shown nor recorded
    client.force_login(region.users["national_rs"])

    response = client.get(reverse("admin:casework_case_changelist"))

    shown = [case.pk for case in response.context["cl"].result_list]
    assert sorted(shown) == sorted(case.pk for case in cases)
    [event] = listings()
    assert event.detail == {"listing": "admin_cases", "cases": shown}
    assert event.territory == "RS"


def test_the_admin_list_of_possible_duplicates_records_the_case_it_shows_of_each_group(
    client, region
):
    jovana = Identity("Jovana", "Petrović", datetime.date(1994, 3, 2))
    earlier = record(region.users["caseworker_rs_ngo"], identity=jovana)
    record(region.users["caseworker_rs_police"], identity=jovana)
    assert DuplicateGroup.objects.exists()
    client.force_login(region.users["national_rs"])

    assert client.get(reverse("admin:casework_duplicategroup_changelist")).status_code == 200

    # The list shows each group's earliest case (its reference and organisation).
    [event] = listings()
    assert event.detail == {"listing": "admin_duplicates", "cases": [earlier.pk]}


def test_a_possible_duplicates_page_records_the_cases_it_lists(client, region):
    jovana = Identity("Jovana", "Petrović", datetime.date(1994, 3, 2))
    earlier = record(region.users["caseworker_rs_ngo"], identity=jovana)
    later = record(region.users["caseworker_rs_police"], identity=jovana)
    group = DuplicateGroup.objects.get()
    client.force_login(region.users["national_rs"])

    page = client.get(reverse("admin:casework_duplicategroup_change", args=[group.pk]))

    assert page.status_code == 200
    [event] = listings()
    assert event.detail == {"listing": "admin_duplicate", "cases": [earlier.pk, later.pk]}


def test_opening_a_case_to_edit_it_records_a_view(client, region):
    caseworker = region.users["caseworker_rs_ngo"]
    case = record(caseworker)
    client.force_login(caseworker)

    assert client.get(reverse("casework:edit", args=[case.pk])).status_code == 200

    [view] = AuditEvent.objects.filter(action=Action.CASE_VIEWED)
    assert (view.case, view.actor) == (case, caseworker)


def test_an_admin_case_list_rendered_by_a_post_is_recorded_too(client, region):
    # A POST that chooses no action renders the whole changelist, as a GET does.
    record(region.users["caseworker_rs_ngo"])
    client.force_login(region.users["national_rs"])

    response = client.post(reverse("admin:casework_case_changelist"), {})

    assert response.status_code == 200
    shown = [case.pk for case in response.context["cl"].result_list]
    assert shown
    [event] = listings()
    assert event.detail == {"listing": "admin_cases", "cases": shown}
