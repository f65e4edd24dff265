"""Aggregation: each table's cells on a small data set counted by hand."""

import pytest

from casework.services import case_transition
from reporting.models import AggregationRun, Cell
from tests.reporting.helpers import cells, month, run, validated


@pytest.fixture
def counted(region):
    """Serbia 2013: three victims, two incidents (three migrants), two returnees; Albania one
    victim; plus cases that must not count (a draft, a withdrawn case)."""
    validated(
        region,
        sex="female",
        age_group="9-17",
        citizenship="RS",
        country_of_exploitation="RS",
        exploitation=["sexual"],
    )
    validated(
        region,
        sex="female",
        age_group="24-26",
        citizenship="AL",
        country_of_exploitation="RS",
        exploitation=["sexual", "forced_labour"],
    )
    validated(
        region,
        sex="male",
        age_group="unknown",
        citizenship="RS",
        country_of_exploitation="UNK",
        exploitation=["begging"],
        victim_status="presumed",
    )
    validated(
        region, "smuggling"
    )  # two migrants (AF adult, SY unaccompanied minor), one RS facilitator
    validated(
        region,
        "smuggling",
        location_type="inland",
        border_with="",
        direction="inland",
        migrants=[{"sex": "female", "age_group": "30-38", "citizenship": "AF"}],
        facilitators=[],
    )
    validated(region, "readmission", returning_state="DE")
    validated(
        region,
        "readmission",
        returning_state="SE",
        sex="female",
        age_group="0-8",
        prior_asylum_claim="no",
        return_type="voluntary",
    )
    validated(
        region, caseworker="caseworker_al_ngo", citizenship="AL", country_of_exploitation="IT"
    )
    from tests.casework.cases import record

    record(region.users["caseworker_rs_ngo"])  # a draft
    withdrawn = validated(region)
    case_transition(
        user=region.users["national_rs"],
        case_id=withdrawn.pk,
        action="withdraw",
        reason="Not trafficking",
        version=withdrawn.version,
    )
    run(full=True)


EXPECTED_RS_2013 = {
    ("thb_victims", "total", "total", "total"): 3,
    ("thb_victims_sex_age", "female", "minor", "total"): 1,
    ("thb_victims_sex_age", "female", "adult", "total"): 1,
    ("thb_victims_sex_age", "male", "unknown", "total"): 1,
    ("thb_victims_sex_age", "female", "total", "total"): 2,
    ("thb_victims_sex_age", "total", "minor", "total"): 1,
    ("thb_victims_sex_age", "total", "total", "total"): 3,
    ("thb_victims_exploitation", "total", "total", "sexual"): 1,
    ("thb_victims_exploitation", "total", "total", "multiple"): 1,
    ("thb_victims_exploitation", "total", "total", "begging"): 1,
    ("thb_victims_exploitation", "total", "total", "total"): 3,
    ("thb_victims_citizenship", "total", "total", "RS"): 2,
    ("thb_victims_citizenship", "total", "total", "AL"): 1,
    ("thb_victims_scope", "total", "total", "internal"): 1,
    ("thb_victims_scope", "total", "total", "transnational"): 1,
    ("thb_victims_scope", "total", "total", "unknown"): 1,
    ("thb_victims_status", "total", "total", "identified"): 2,
    ("thb_victims_status", "total", "total", "presumed"): 1,
    ("thb_victims_identified_by", "total", "total", "police"): 3,
    ("som_incidents", "total", "total", "total"): 2,
    ("som_migrants", "total", "total", "total"): 3,
    ("som_migrants_sex_age", "male", "minor", "total"): 1,
    ("som_migrants_sex_age", "male", "adult", "total"): 1,
    ("som_migrants_sex_age", "female", "adult", "total"): 1,
    ("som_migrants_citizenship", "total", "total", "AF"): 2,
    ("som_migrants_citizenship", "total", "total", "SY"): 1,
    ("som_migrants_border", "total", "total", "MK"): 2,
    ("som_migrants_border", "total", "total", ""): 1,
    ("som_migrants_location", "total", "total", "green_border"): 2,
    ("som_migrants_location", "total", "total", "inland"): 1,
    ("som_unaccompanied_minors", "total", "total", "total"): 1,
    ("som_facilitators_citizenship", "total", "total", "RS"): 1,
    ("som_facilitators_citizenship", "total", "total", "total"): 1,
    ("rdm_returnees", "total", "total", "total"): 2,
    ("rdm_returnees_state", "total", "total", "DE"): 1,
    ("rdm_returnees_state", "total", "total", "SE"): 1,
    ("rdm_returnees_sex_age", "female", "minor", "total"): 1,
    ("rdm_returnees_asylum", "total", "total", "yes"): 1,
    ("rdm_returnees_asylum", "total", "total", "no"): 1,
    ("rdm_returnees_type", "total", "total", "forced"): 1,
    ("rdm_returnees_type", "total", "total", "voluntary"): 1,
    ("rdm_returnees_category", "total", "total", "own_national"): 2,
}


@pytest.mark.parametrize("key", sorted(EXPECTED_RS_2013))
def test_each_tables_cells_match_the_hand_count(counted, key):
    table, sex, age, category = key
    assert (
        cells(territory="RS", year=2013)[(table, "RS", 2013, sex, age, category)]
        == (EXPECTED_RS_2013[key])
    )


def test_only_counts_are_stored_and_every_count_is_a_hand_counted_one(counted):
    stored = {(t, s, a, c): v for (t, _, _, s, a, c), v in cells(territory="RS").items()}
    for key, value in stored.items():
        if key in EXPECTED_RS_2013:
            assert value == EXPECTED_RS_2013[key]
    assert all(value > 0 for value in stored.values())


def test_the_region_is_the_sum_of_the_territories(counted):
    region = cells(territory="WB6")
    assert region[("thb_victims", "WB6", 2013, "total", "total", "total")] == 4
    assert region[("thb_victims_citizenship", "WB6", 2013, "total", "total", "AL")] == 2
    assert region[("som_migrants", "WB6", 2013, "total", "total", "total")] == 3


def test_a_run_records_what_it_read(counted):
    last = AggregationRun.objects.latest("pk")
    assert last.status == "succeeded" and last.progress == 100
    assert last.cases_read == 3 + 1 + 2 + 2  # victims (RS, AL), incidents, returnees
    assert last.started_by is None


def test_a_run_twice_gives_identical_cells(counted):
    before = cells()
    run(full=True)
    assert cells() == before
    run()
    assert cells() == before


def test_a_person_linked_as_the_same_person_is_counted_once(region):
    import datetime

    from casework.duplicates import duplicate_resolve
    from casework.models import DuplicateGroup
    from casework.pseudonyms import Identity

    person = Identity("Ana", "Kovač", datetime.date(1990, 1, 1))
    validated(region, identity=person)
    validated(region, caseworker="caseworker_rs_police", identity=person)
    run(full=True)
    assert cells()[("thb_victims", "RS", 2013, "total", "total", "total")] == 2
    duplicate_resolve(
        user=region.users["national_rs"], group_id=DuplicateGroup.objects.get().pk, decision="same"
    )
    run()
    assert cells()[("thb_victims", "RS", 2013, "total", "total", "total")] == 1


def test_an_incremental_run_recomputes_only_dirty_partitions(region):
    validated(region, month=month(2012))
    validated(region, month=month(2013))
    run(full=True)
    Cell.objects.filter(territory="RS", year=2012).update(value=99)  # a marker: untouched?
    validated(region, month=month(2013))
    finished = run()
    assert finished.partitions == 1
    assert cells()[("thb_victims", "RS", 2013, "total", "total", "total")] == 2
    assert cells()[("thb_victims", "RS", 2012, "total", "total", "total")] == 99


def test_withdrawing_or_reopening_a_validated_case_changes_its_cells(region):
    case = validated(region)
    run()
    assert cells()[("thb_victims", "RS", 2013, "total", "total", "total")] == 1
    case_transition(
        user=region.users["national_rs"],
        case_id=case.pk,
        action="reopen",
        reason="Wrong month",
        version=case.version,
    )
    run()
    assert ("thb_victims", "RS", 2013, "total", "total", "total") not in cells()
    assert ("thb_victims", "WB6", 2013, "total", "total", "total") not in cells()
