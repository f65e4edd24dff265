import datetime

import pytest

from audit.models import Action, AuditEvent
from casework.duplicates import duplicate_resolve, duplicates_visible_to
from casework.errors import ActionNotAllowed, CaseNotFound
from casework.models import (
    DuplicateGroup,
    DuplicateMember,
    Returnee,
    SmuggledMigrant,
    TraffickingVictim,
)
from casework.pseudonyms import Identity
from tests.casework.cases import record, smuggling_data

JOVANA_CYRILLIC = Identity("Јована", "Петровић", datetime.date(1994, 3, 2))
JOVANA_LATIN = Identity("Jovana", "Petrovic", datetime.date(1994, 3, 2))
SOMEONE_ELSE = Identity("Marija", "Petrović", datetime.date(1994, 3, 2))


def _members(group):
    return list(group.members.order_by("case_id", "migrant_id"))


@pytest.fixture
def pair(region):
    """The same woman recorded in Serbia (Cyrillic) and in Albania (Latin): one group."""
    record(region.users["caseworker_rs_ngo"], identity=JOVANA_CYRILLIC)
    record(region.users["caseworker_al_ngo"], "readmission", identity=JOVANA_LATIN)
    return DuplicateGroup.objects.get()


def test_cases_sharing_a_person_are_flagged_across_types_and_scripts(pair):
    earlier, later = _members(pair)
    assert earlier.decision == later.decision == "possible"
    assert earlier.case.case_type == "trafficking"
    assert later.case.case_type == "readmission"


def test_different_people_are_not_flagged(region):
    record(region.users["caseworker_rs_ngo"], identity=JOVANA_LATIN)
    record(region.users["caseworker_rs_ngo"], identity=SOMEONE_ELSE)
    record(region.users["caseworker_rs_ngo"])
    assert not DuplicateGroup.objects.exists()
    assert not DuplicateMember.objects.exists()


def test_a_migrant_of_an_incident_is_matched_and_remembered(region):
    record(region.users["caseworker_rs_ngo"], identity=JOVANA_LATIN)
    data = smuggling_data()
    data["migrants"][1]["identity"] = JOVANA_CYRILLIC
    incident = record(region.users["caseworker_rs_police"], "smuggling", **data)
    victim, migrant = _members(DuplicateGroup.objects.get())
    assert (victim.case.case_type, victim.migrant) == ("trafficking", None)
    assert migrant.case_id == incident.pk
    assert migrant.migrant == SmuggledMigrant.objects.filter(incident_id=incident.pk).last()


@pytest.mark.parametrize(
    ("person", "sees"),
    [
        ("regional", True),
        ("national_rs", False),  # sees only one of the two cases
        ("national_al", False),
        ("caseworker_rs_ngo", False),
        ("viewer", False),
        ("administrator", False),
    ],
)
def test_duplicates_are_shown_only_to_coordinators_who_see_both_cases(region, pair, person, sees):
    assert duplicates_visible_to(region.users[person]).exists() is sees


def test_a_national_coordinator_sees_a_pair_within_their_territory(region):
    record(region.users["caseworker_rs_ngo"], identity=JOVANA_CYRILLIC)
    record(region.users["caseworker_rs_police"], identity=JOVANA_LATIN)
    assert duplicates_visible_to(region.users["national_rs"]).count() == 1
    assert not duplicates_visible_to(region.users["caseworker_rs_ngo"]).exists()


def test_same_person_marks_the_later_person_a_repeat(region, pair):
    earlier, later = _members(pair)
    duplicate_resolve(user=region.users["regional"], group_id=pair.pk, decision="same")
    assert Returnee.objects.get(case=later.case).is_repeat
    assert not TraffickingVictim.objects.get(case=earlier.case).is_repeat
    duplicate_resolve(user=region.users["regional"], group_id=pair.pk, decision="not_same")
    assert not Returnee.objects.get(case=later.case).is_repeat


def test_a_resolution_is_audited_on_each_case_of_the_group(region, pair):
    earlier, later = _members(pair)
    duplicate_resolve(user=region.users["regional"], group_id=pair.pk, decision="same")
    events = AuditEvent.objects.filter(action=Action.DUPLICATE_RESOLVED)
    assert {event.case_id for event in events} == {earlier.case_id, later.case_id}
    for event in events:
        assert event.actor == region.users["regional"]
        assert event.changes == {"decision": ["possible", "same"]}
        assert event.detail["earliest_case"] == earlier.case.reference
    assert {m.decision for m in _members(pair)} == {"same"}


def test_a_pair_out_of_view_cannot_be_resolved(region, pair):
    with pytest.raises(CaseNotFound):
        duplicate_resolve(user=region.users["national_rs"], group_id=pair.pk, decision="same")
    with pytest.raises(ActionNotAllowed):
        duplicate_resolve(user=region.users["caseworker_rs_ngo"], group_id=pair.pk, decision="same")
    assert set(DuplicateMember.objects.values_list("decision", flat=True)) == {"possible"}
    assert not AuditEvent.objects.filter(action=Action.DUPLICATE_RESOLVED).exists()


def test_a_match_survives_a_key_rotation(region, settings):
    record(region.users["caseworker_rs_ngo"], identity=JOVANA_LATIN)
    settings.PSEUDONYM_OLD_KEYS = {str(settings.PSEUDONYM_KEY_VERSION): settings.PSEUDONYM_KEY}
    settings.PSEUDONYM_KEY = "the rotated key"
    settings.PSEUDONYM_KEY_VERSION += 1
    record(region.users["caseworker_rs_police"], identity=JOVANA_CYRILLIC)
    assert DuplicateGroup.objects.count() == 1
    assert DuplicateMember.objects.count() == 2


def test_editing_an_incident_keeps_its_migrants_pseudonyms_and_pairs(region):
    from casework.services import case_update

    record(region.users["caseworker_rs_ngo"], identity=JOVANA_LATIN)
    data = smuggling_data()
    data["migrants"][0]["identity"] = JOVANA_CYRILLIC
    caseworker = region.users["caseworker_rs_police"]
    incident = record(caseworker, "smuggling", **data)
    group = DuplicateGroup.objects.get()
    first = SmuggledMigrant.objects.filter(incident_id=incident.pk).order_by("pk").first()

    case_update(
        user=caseworker, case_id=incident.pk, version=1, data=smuggling_data(transport="bus")
    )
    kept = SmuggledMigrant.objects.get(pk=first.pk)
    assert kept.pseudonym == first.pseudonym is not None
    assert group.members.filter(migrant=first).exists()
    assert DuplicateMember.objects.count() == 2


def _detect_queries(case, identity) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from casework.duplicates import duplicates_detect

    with CaptureQueriesContext(connection) as queries:
        duplicates_detect(case=case, data={"identity": identity})
    return len(queries.captured_queries)


def test_a_person_recorded_many_times_is_one_group_of_a_row_each(region):
    caseworker = region.users["caseworker_rs_ngo"]
    cases = [record(caseworker, identity=JOVANA_LATIN) for _ in range(12)]
    assert DuplicateGroup.objects.count() == 1
    assert DuplicateMember.objects.count() == 12  # pairs would have been 66
    # Recording the person again costs as much with 3 records held as with 12.
    assert _detect_queries(cases[2], JOVANA_LATIN) == _detect_queries(cases[11], JOVANA_LATIN)
    assert DuplicateMember.objects.count() == 12  # and adds nobody twice


def test_names_that_differ_by_a_digit_are_not_flagged(region):
    caseworker = region.users["caseworker_rs_ngo"]
    for n in (1, 2, 18):
        record(caseworker, identity=Identity(f"Given{n}", "Family", datetime.date(1990, 1, 1)))
    assert not DuplicateGroup.objects.exists()


@pytest.fixture
def across(region):
    """One person in an Albanian case, then in three Serbian ones."""
    record(region.users["caseworker_al_ngo"], identity=JOVANA_LATIN)
    serbian = [
        record(region.users[name], identity=JOVANA_CYRILLIC)
        for name in ("caseworker_rs_ngo", "caseworker_rs_police", "caseworker_rs_ngo")
    ]
    return DuplicateGroup.objects.get(), serbian


def test_a_national_coordinator_sees_and_resolves_only_the_persons_of_their_territory(
    region, across
):
    from casework.duplicates import group_members_seen

    group, serbian = across
    national = region.users["national_rs"]
    seen = group_members_seen(user=national, group=group)
    assert [m.case_id for m in seen] == [case.pk for case in serbian]
    assert duplicates_visible_to(national).get().seen == 3
    assert not duplicates_visible_to(region.users["national_al"]).exists()  # one case there

    duplicate_resolve(user=national, group_id=group.pk, decision="same")
    victims = TraffickingVictim.objects.order_by("case_id").values_list("is_repeat", flat=True)
    # The earliest Serbian record may repeat the Albanian one: that is the regional's call.
    assert list(victims) == [False, False, True, True]
    decisions = dict(group.members.values_list("case__territory", "decision").distinct())
    assert decisions == {"AL": "possible", "RS": "same"}
    assert duplicates_visible_to(region.users["regional"]).get().undecided == 1

    duplicate_resolve(user=region.users["regional"], group_id=group.pk, decision="same")
    victims = TraffickingVictim.objects.order_by("case_id").values_list("is_repeat", flat=True)
    assert list(victims) == [False, True, True, True]
