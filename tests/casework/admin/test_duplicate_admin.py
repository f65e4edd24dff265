"""Possible duplicates in the admin: shown to coordinators who see both cases, resolved there."""

import datetime

import pytest
from django.urls import reverse

from casework.models import DuplicatePair, Returnee, SmuggledMigrant, TraffickingVictim
from casework.pseudonyms import Identity
from tests.casework.admin.helpers import ADMIN_LOGIN, messages_of, run_action
from tests.casework.cases import record, smuggling_data

CHANGELIST = reverse("admin:casework_duplicatepair_changelist")

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
    within, across = DuplicatePair.objects.order_by("pk")
    assert within.later.territory == within.earlier.territory == "RS"
    assert {across.earlier.territory, across.later.territory} == {"RS", "AL"}
    return {"within": within, "across": across}


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
    response = client.get(reverse("admin:casework_duplicatepair_change", args=[pairs[key].pk]))
    if shown:
        assert response.status_code == 200
        assert pairs[key].later.reference in response.content.decode()
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


def test_the_list_shows_both_references_and_their_organisations(client, region, pairs):
    client.force_login(region.users["regional"])
    content = client.get(CHANGELIST).content.decode()
    pair = pairs["across"]
    for case in (pair.earlier, pair.later):
        assert case.reference in content
        assert case.organisation.name in content


def test_resolving_same_person_marks_the_later_person_a_repeat(client, region, pairs):
    national = region.users["national_rs"]
    client.force_login(national)
    pair = pairs["within"]
    response = run_action(client, "mark_same", [pair], url=CHANGELIST)
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.decision == "same"
    assert pair.decided_by == national
    assert TraffickingVictim.objects.get(case=pair.later).is_repeat
    assert not TraffickingVictim.objects.get(case=pair.earlier).is_repeat
    assert any("Resolved 1 possible duplicate" in text for text in messages_of(response))


def test_resolving_not_the_same_person_leaves_both_counted(client, region, pairs):
    client.force_login(region.users["regional"])
    pair = pairs["across"]
    run_action(client, "mark_not_same", [pair], url=CHANGELIST)
    pair.refresh_from_db()
    assert pair.decision == "not_same"
    assert not Returnee.objects.get(case=pair.later).is_repeat


def test_the_same_person_in_an_incident_marks_that_migrant_a_repeat(client, region):
    record(region.users["caseworker_rs_ngo"], identity=JOVANA)
    data = smuggling_data()
    data["migrants"][1]["identity"] = JOVANA_CYRILLIC
    incident = record(region.users["caseworker_rs_police"], "smuggling", **data)
    pair = DuplicatePair.objects.get()
    client.force_login(region.users["national_rs"])
    run_action(client, "mark_same", [pair], url=CHANGELIST)
    repeats = list(
        SmuggledMigrant.objects.filter(incident_id=incident.pk)
        .order_by("pk")
        .values_list("is_repeat", flat=True)
    )
    assert repeats == [False, True]


def test_a_coordinator_cannot_resolve_a_pair_they_do_not_see_both_sides_of(client, region, pairs):
    client.force_login(region.users["national_rs"])
    pair = pairs["across"]
    run_action(client, "mark_same", [pair], url=CHANGELIST)
    pair.refresh_from_db()
    assert pair.decision == "possible"


def test_no_one_adds_changes_or_deletes_a_duplicate_through_the_admin(client, region, pairs):
    client.force_login(region.users["regional"])
    pair = pairs["within"]
    assert client.get(reverse("admin:casework_duplicatepair_add")).status_code == 403
    change = reverse("admin:casework_duplicatepair_change", args=[pair.pk])
    assert client.post(change, {"decision": "same"}).status_code == 403
    delete = reverse("admin:casework_duplicatepair_delete", args=[pair.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    pair.refresh_from_db()
    assert pair.decision == "possible"
    response = client.get(CHANGELIST)
    choices = {name for name, _label in response.context["action_form"].fields["action"].choices}
    assert choices == {"", "mark_same", "mark_not_same"}
