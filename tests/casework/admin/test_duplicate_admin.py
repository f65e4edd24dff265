"""Possible duplicates in the admin: a group per person, shown to coordinators who see two or
more of its cases, with only those cases, and resolved there as a group."""

import datetime

import pytest
from django.urls import reverse

from audit.models import Action, AuditEvent
from casework.models import DuplicateGroup, Returnee, SmuggledMigrant, TraffickingVictim
from casework.pseudonyms import Identity
from tests.casework.admin.helpers import ADMIN_LOGIN, messages_of, run_action
from tests.casework.cases import record, smuggling_data

CHANGELIST = reverse("admin:casework_duplicategroup_changelist")

JOVANA = Identity("Jovana", "Petrović", datetime.date(1994, 3, 2))
JOVANA_CYRILLIC = Identity("Јована", "Петровић", datetime.date(1994, 3, 2))
ARBEN = Identity("Arben", "Hoxha", datetime.date(1990, 7, 14))


@pytest.fixture
def pairs(region):
    """One pair inside Serbia, and one across Serbia and Albania."""
    users = region.users
    record(users["caseworker_rs_ngo"], identity=JOVANA)
    record(users["caseworker_rs_police"], identity=JOVANA_CYRILLIC)
    record(users["caseworker_rs_police"], "readmission", identity=ARBEN)
    record(users["caseworker_al_police"], "readmission", identity=ARBEN)
    within, across = DuplicateGroup.objects.order_by("pk")
    assert set(within.members.values_list("case__territory", flat=True)) == {"RS"}
    assert set(across.members.values_list("case__territory", flat=True)) == {"RS", "AL"}
    return {"within": within, "across": across}


def _cases(group):
    """The group's cases, earliest first."""
    return [m.case for m in group.members.select_related("case").order_by("case_id")]


def _listed(response):
    return {pair.pk for pair in response.context["cl"].result_list}


@pytest.mark.parametrize(
    ("person", "sees"),
    [
        ("national_rs", {"within"}),
        ("national_al", set()),
        ("regional", {"within", "across"}),
    ],
)
def test_duplicates_are_listed_only_to_coordinators_who_see_both_cases(
    client, region, pairs, person, sees
):
    client.force_login(region.users[person])
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    assert _listed(response) == {pairs[key].pk for key in sees}


@pytest.mark.parametrize(
    ("person", "key", "shown"),
    [
        ("national_rs", "within", True),
        ("national_rs", "across", False),
        ("national_al", "across", False),
        ("regional", "across", True),
    ],
)
def test_a_duplicate_opens_only_for_a_coordinator_who_sees_both_cases(
    client, region, pairs, person, key, shown
):
    client.force_login(region.users[person])
    response = client.get(reverse("admin:casework_duplicategroup_change", args=[pairs[key].pk]))
    if shown:
        assert response.status_code == 200
        for case in _cases(pairs[key]):
            assert case.reference in response.content.decode()
    else:
        assert response.status_code == 302
        assert response.url == reverse("admin:index")


@pytest.mark.parametrize(
    "person",
    ["caseworker_rs_ngo", "caseworker_al_police", "viewer"],
)
def test_people_without_admin_access_are_sent_to_the_admin_login_from_duplicates(
    client, region, pairs, person
):
    client.force_login(region.users[person])
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert response.url.startswith(ADMIN_LOGIN)


def test_the_administrator_is_refused_the_duplicates(client, region, pairs):
    client.force_login(region.users["administrator"])
    assert client.get(CHANGELIST).status_code == 403


def test_the_list_shows_the_earliest_case_and_the_page_every_case_with_its_organisation(
    client, region, pairs
):
    client.force_login(region.users["regional"])
    content = client.get(CHANGELIST).content.decode()
    earliest, later = _cases(pairs["across"])
    assert earliest.reference in content and earliest.organisation.name in content
    page = client.get(reverse("admin:casework_duplicategroup_change", args=[pairs["across"].pk]))
    for case in (earliest, later):
        assert case.reference in page.content.decode()
        assert case.organisation.name in page.content.decode()


def test_a_group_page_lists_only_the_cases_the_coordinator_sees(client, region, pairs):
    record(region.users["caseworker_al_police"], identity=JOVANA)  # the Serbian pair's person
    group = pairs["within"]
    albanian = _cases(group)[-1]
    assert albanian.territory == "AL"
    page = reverse("admin:casework_duplicategroup_change", args=[group.pk])
    client.force_login(region.users["national_rs"])
    content = client.get(page).content.decode()
    assert albanian.reference not in content
    assert all(case.reference in content for case in _cases(group)[:2])
    client.force_login(region.users["regional"])
    assert albanian.reference in client.get(page).content.decode()


def test_resolving_same_person_marks_the_later_person_a_repeat(client, region, pairs):
    national = region.users["national_rs"]
    client.force_login(national)
    group = pairs["within"]
    earlier, later = _cases(group)
    response = run_action(client, "mark_same", [group], url=CHANGELIST)
    assert response.status_code == 302
    assert {(m.decision, m.decided_by) for m in group.members.all()} == {("same", national)}
    assert TraffickingVictim.objects.get(case=later).is_repeat
    assert not TraffickingVictim.objects.get(case=earlier).is_repeat
    assert any("Resolved 1 possible duplicate" in text for text in messages_of(response))
    audited = AuditEvent.objects.filter(action=Action.DUPLICATE_RESOLVED, actor=national)
    assert set(audited.values_list("case_id", flat=True)) == {earlier.pk, later.pk}


def test_resolving_not_the_same_person_leaves_both_counted(client, region, pairs):
    client.force_login(region.users["regional"])
    group = pairs["across"]
    run_action(client, "mark_not_same", [group], url=CHANGELIST)
    assert set(group.members.values_list("decision", flat=True)) == {"not_same"}
    assert not Returnee.objects.get(case=_cases(group)[-1]).is_repeat


def test_the_same_person_in_an_incident_marks_that_migrant_a_repeat(client, region):
    record(region.users["caseworker_rs_ngo"], identity=JOVANA)
    data = smuggling_data()
    data["migrants"][1]["identity"] = JOVANA_CYRILLIC
    incident = record(region.users["caseworker_rs_police"], "smuggling", **data)
    group = DuplicateGroup.objects.get()
    client.force_login(region.users["national_rs"])
    run_action(client, "mark_same", [group], url=CHANGELIST)
    repeats = list(
        SmuggledMigrant.objects.filter(incident_id=incident.pk)
        .order_by("pk")
        .values_list("is_repeat", flat=True)
    )
    assert repeats == [False, True]


def test_a_coordinator_cannot_resolve_a_group_they_see_one_case_of(client, region, pairs):
    client.force_login(region.users["national_rs"])
    group = pairs["across"]
    run_action(client, "mark_same", [group], url=CHANGELIST)
    assert set(group.members.values_list("decision", flat=True)) == {"possible"}


def test_no_one_adds_changes_or_deletes_a_duplicate_through_the_admin(client, region, pairs):
    client.force_login(region.users["regional"])
    group = pairs["within"]
    assert client.get(reverse("admin:casework_duplicategroup_add")).status_code == 403
    change = reverse("admin:casework_duplicategroup_change", args=[group.pk])
    assert client.post(change, {"decision": "same"}).status_code == 403
    delete = reverse("admin:casework_duplicategroup_delete", args=[group.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert set(group.members.values_list("decision", flat=True)) == {"possible"}
    response = client.get(CHANGELIST)
    choices = {name for name, _label in response.context["action_form"].fields["action"].choices}
    assert choices == {"", "mark_same", "mark_not_same"}


def test_the_list_filters_groups_awaiting_a_decision(client, region, pairs):
    client.force_login(region.users["regional"])
    run_action(client, "mark_not_same", [pairs["across"]], url=CHANGELIST)
    assert _listed(client.get(CHANGELIST + "?awaiting=yes")) == {pairs["within"].pk}
    assert _listed(client.get(CHANGELIST + "?awaiting=no")) == {pairs["across"].pk}
    assert client.get(CHANGELIST + "?awaiting=%00").status_code == 200


def test_the_list_counts_the_persons_of_each_group_and_those_awaiting_a_decision(
    client, region, pairs
):
    for _ in range(8):
        record(region.users["caseworker_rs_ngo"], identity=JOVANA)
    client.force_login(region.users["regional"])
    run_action(client, "mark_not_same", [pairs["across"]], url=CHANGELIST)
    rows = client.get(CHANGELIST).context["cl"].result_list
    assert [(row.pk, row.seen, row.undecided) for row in rows] == [
        (pairs["within"].pk, 10, 10),
        (pairs["across"].pk, 2, 0),
    ]
