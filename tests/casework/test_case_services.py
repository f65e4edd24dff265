import datetime

import pytest
from django.core.exceptions import ValidationError

from casework.errors import ActionNotAllowed, DuplicateExternalId, StaleVersion
from casework.models import Case, Facilitator, SmuggledMigrant, TraffickingVictim
from casework.services import case_create, case_update
from tests.casework.cases import (
    MAY_2013,
    readmission_data,
    record,
    smuggling_data,
    trafficking_data,
)


def test_a_case_gets_a_reference_by_territory_type_and_year_with_a_random_code(region):
    caseworker = region.users["caseworker_rs_ngo"]
    first = record(caseworker)
    second = record(caseworker)
    smuggling = record(caseworker, "smuggling")
    albanian = record(region.users["caseworker_al_ngo"], "readmission")
    assert first.reference[:12] == second.reference[:12] == "RS-THB-2013-"
    assert first.reference != second.reference
    assert smuggling.reference.startswith("RS-SOM-2013-")
    assert albanian.reference.startswith("AL-RDM-2013-")


def test_a_new_case_is_a_draft_of_the_caseworkers_organisation_and_territory(region):
    case = record(region.users["caseworker_rs_ngo"])
    assert case.status == "draft"
    assert case.version == 1
    assert (case.organisation.name, case.territory) == ("Atina", "RS")


def test_derived_fields_are_computed_not_entered(region):
    caseworker = region.users["caseworker_rs_ngo"]
    internal = record(caseworker, exploitation=["sexual", "forced_labour"])
    abroad = record(caseworker, country_of_exploitation="DE")
    unknown = record(caseworker, citizenship="UNK")
    assert TraffickingVictim.objects.get(case=internal).exploitation_category == "multiple"
    assert TraffickingVictim.objects.get(case=internal).scope == "internal"
    assert TraffickingVictim.objects.get(case=abroad).scope == "transnational"
    assert TraffickingVictim.objects.get(case=abroad).exploitation_category == "sexual"
    assert TraffickingVictim.objects.get(case=unknown).scope == "unknown"


def test_multi_valued_codes_round_trip_in_declaration_order(region):
    case = record(region.users["caseworker_rs_ngo"], exploitation=["begging", "sexual"])
    victim = TraffickingVictim.objects.get(case=case)
    assert victim.exploitation == ["sexual", "begging"]
    assert victim.assistance == ["shelter", "medical"]
    # Stored as bits, so SQL counts a code with one AND.
    assert (
        TraffickingVictim.objects.filter(case=case).extra(where=["exploitation & 1 <> 0"]).exists()
    )


def test_a_smuggling_incident_keeps_its_migrants_and_facilitators(region):
    case = record(region.users["caseworker_rs_ngo"], "smuggling")
    assert SmuggledMigrant.objects.filter(incident_id=case.pk).count() == 2
    assert Facilitator.objects.filter(incident_id=case.pk).count() == 1


@pytest.mark.parametrize(
    ("case_type", "overrides", "field"),
    [
        ("trafficking", {"sex": "alien"}, "sex"),
        ("trafficking", {"exploitation": []}, "exploitation"),
        ("trafficking", {"exploitation": ["slavery"]}, "exploitation"),
        ("trafficking", {"citizenship": "QQ"}, "citizenship"),
        ("trafficking", {"country_of_exploitation": "STLS"}, "country_of_exploitation"),
        ("trafficking", {"month": datetime.date(2013, 5, 17)}, "month"),
        ("smuggling", {"migrants": []}, "migrants"),
        ("smuggling", {"border_with": ""}, "border_with"),
        ("smuggling", {"border_with": "UNK"}, "border_with"),
        ("readmission", {"returning_state": "ZZ"}, "returning_state"),
        ("readmission", {"return_type": "deported"}, "return_type"),
    ],
)
def test_bad_data_is_refused_with_its_field_and_writes_nothing(region, case_type, overrides, field):
    with pytest.raises(ValidationError) as refused:
        record(region.users["caseworker_rs_ngo"], case_type, **overrides)
    assert field in refused.value.message_dict
    assert not Case.objects.exists()


def test_a_bad_migrant_is_named_by_its_row(region):
    data = smuggling_data()
    data["migrants"][1]["age_group"] = "ancient"
    with pytest.raises(ValidationError) as refused:
        case_create(user=region.users["caseworker_rs_ngo"], case_type="smuggling", data=data)
    assert "migrants.1.age_group" in refused.value.message_dict
    assert not Case.objects.exists()


def test_an_inland_incident_has_no_border(region):
    case = record(
        region.users["caseworker_rs_ngo"],
        "smuggling",
        location_type="inland",
        border_with="",
        direction="inland",
    )
    assert case.incident.border_with == ""


def test_a_national_coordinator_records_for_an_organisation_of_their_territory(region):
    coordinator = region.users["national_rs"]
    police = region.organisations["rs_police"]
    case = record(coordinator, organisation=police)
    assert case.organisation == police
    with pytest.raises(ValidationError):
        record(coordinator, organisation=region.organisations["al_police"])
    with pytest.raises(ValidationError):
        record(coordinator)


@pytest.mark.parametrize("person", ["regional", "viewer", "administrator"])
def test_roles_that_do_not_record_cannot_create(region, person):
    with pytest.raises(ActionNotAllowed):
        record(region.users[person], organisation=region.organisations["rs_ngo"])


def test_an_external_id_is_unique_per_organisation_and_a_retry_is_recognised(region):
    caseworker = region.users["caseworker_rs_ngo"]
    first = record(caseworker, external_id="NRM-17")
    with pytest.raises(DuplicateExternalId) as again:
        record(caseworker, external_id="NRM-17")
    assert again.value.case_id == first.pk
    other = record(region.users["caseworker_rs_police"], external_id="NRM-17")
    assert other.pk != first.pk


def test_a_double_submit_creates_one_case(region):
    import uuid

    key = uuid.uuid4()
    caseworker = region.users["caseworker_rs_ngo"]
    first = case_create(
        user=caseworker, case_type="readmission", data=readmission_data(), submission_key=key
    )
    second = case_create(
        user=caseworker, case_type="readmission", data=readmission_data(), submission_key=key
    )
    assert first.pk == second.pk
    assert Case.objects.count() == 1


def test_an_edit_replaces_the_data_and_counts_the_version(region):
    caseworker = region.users["caseworker_rs_ngo"]
    case = record(caseworker, "smuggling")
    data = smuggling_data(transport="boat")
    data["migrants"] = data["migrants"][:1]
    edited = case_update(user=caseworker, case_id=case.pk, version=1, data=data)
    assert edited.version == 2
    assert edited.incident.transport == "boat"
    assert SmuggledMigrant.objects.filter(incident_id=case.pk).count() == 1


def test_an_edit_needs_the_version_last_read(region):
    caseworker = region.users["caseworker_rs_ngo"]
    case = record(caseworker)
    with pytest.raises(ValidationError):
        case_update(user=caseworker, case_id=case.pk, version=None, data=trafficking_data())


def test_a_stale_edit_is_refused_and_changes_nothing(region):
    caseworker = region.users["caseworker_rs_ngo"]
    case = record(caseworker)
    case_update(user=caseworker, case_id=case.pk, version=1, data=trafficking_data(sex="male"))
    with pytest.raises(StaleVersion):
        case_update(
            user=caseworker, case_id=case.pk, version=1, data=trafficking_data(sex="unknown")
        )
    victim = TraffickingVictim.objects.get(case=case)
    assert victim.sex == "male"
    assert Case.objects.get(pk=case.pk).version == 2


def test_a_bad_edit_writes_nothing(region):
    caseworker = region.users["caseworker_rs_ngo"]
    case = record(caseworker, "smuggling")
    with pytest.raises(ValidationError):
        case_update(
            user=caseworker,
            case_id=case.pk,
            version=1,
            data=smuggling_data(migrants=[{"sex": "x"}]),
        )
    case.refresh_from_db()
    assert case.version == 1
    assert SmuggledMigrant.objects.filter(incident_id=case.pk).count() == 2


def test_month_precision_is_enforced_by_the_database(region):
    from django.db import IntegrityError

    case = record(region.users["caseworker_rs_ngo"])
    with pytest.raises(IntegrityError):
        Case.objects.filter(pk=case.pk).update(month=MAY_2013.replace(day=2))
