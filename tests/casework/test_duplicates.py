import datetime

import pytest

from casework.duplicates import duplicate_resolve, duplicates_visible_to
from casework.errors import ActionNotAllowed, CaseNotFound
from casework.models import DuplicatePair, Returnee, SmuggledMigrant, TraffickingVictim
from casework.pseudonyms import Identity
from tests.casework.cases import record, smuggling_data

JOVANA_CYRILLIC = Identity("Јована", "Петровић", datetime.date(1994, 3, 2))
JOVANA_LATIN = Identity("Jovana", "Petrovic", datetime.date(1994, 3, 2))
SOMEONE_ELSE = Identity("Marija", "Petrović", datetime.date(1994, 3, 2))


@pytest.fixture
def pair(region):
    """The same woman recorded in Serbia (Cyrillic) and in Albania (Latin)."""
    record(region.users["caseworker_rs_ngo"], identity=JOVANA_CYRILLIC)
    record(region.users["caseworker_al_ngo"], "readmission", identity=JOVANA_LATIN)
    return DuplicatePair.objects.get()


def test_cases_sharing_a_person_are_flagged_across_types_and_scripts(pair):
    assert pair.decision == "possible"
    assert pair.earlier.case_type == "trafficking"
    assert pair.later.case_type == "readmission"


def test_different_people_are_not_flagged(region):
    record(region.users["caseworker_rs_ngo"], identity=JOVANA_LATIN)
    record(region.users["caseworker_rs_ngo"], identity=SOMEONE_ELSE)
    record(region.users["caseworker_rs_ngo"])
    assert not DuplicatePair.objects.exists()


def test_a_migrant_of_an_incident_is_matched_and_remembered(region):
    record(region.users["caseworker_rs_ngo"], identity=JOVANA_LATIN)
    data = smuggling_data()
    data["migrants"][1]["identity"] = JOVANA_CYRILLIC
    incident = record(region.users["caseworker_rs_police"], "smuggling", **data)
    pair = DuplicatePair.objects.get()
    assert pair.later_id == incident.pk
    assert pair.later_migrant == SmuggledMigrant.objects.filter(incident_id=incident.pk).last()


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
    duplicate_resolve(user=region.users["regional"], pair_id=pair.pk, decision="same")
    assert Returnee.objects.get(case=pair.later).is_repeat
    assert not TraffickingVictim.objects.get(case=pair.earlier).is_repeat
    duplicate_resolve(user=region.users["regional"], pair_id=pair.pk, decision="not_same")
    assert not Returnee.objects.get(case=pair.later).is_repeat


def test_a_pair_out_of_view_cannot_be_resolved(region, pair):
    with pytest.raises(CaseNotFound):
        duplicate_resolve(user=region.users["national_rs"], pair_id=pair.pk, decision="same")
    with pytest.raises(ActionNotAllowed):
        duplicate_resolve(user=region.users["caseworker_rs_ngo"], pair_id=pair.pk, decision="same")
    assert DuplicatePair.objects.get().decision == "possible"


def test_a_match_survives_a_key_rotation(region, settings):
    record(region.users["caseworker_rs_ngo"], identity=JOVANA_LATIN)
    settings.PSEUDONYM_OLD_KEYS = {str(settings.PSEUDONYM_KEY_VERSION): settings.PSEUDONYM_KEY}
    settings.PSEUDONYM_KEY = "the rotated key"
    settings.PSEUDONYM_KEY_VERSION += 1
    record(region.users["caseworker_rs_police"], identity=JOVANA_CYRILLIC)
    assert DuplicatePair.objects.count() == 1


def test_editing_an_incident_keeps_its_migrants_pseudonyms_and_pairs(region):
    from casework.services import case_update

    record(region.users["caseworker_rs_ngo"], identity=JOVANA_LATIN)
    data = smuggling_data()
    data["migrants"][0]["identity"] = JOVANA_CYRILLIC
    caseworker = region.users["caseworker_rs_police"]
    incident = record(caseworker, "smuggling", **data)
    pair = DuplicatePair.objects.get()
    first = SmuggledMigrant.objects.filter(incident_id=incident.pk).order_by("pk").first()

    case_update(
        user=caseworker, case_id=incident.pk, version=1, data=smuggling_data(transport="bus")
    )
    kept = SmuggledMigrant.objects.get(pk=first.pk)
    assert kept.pseudonym == first.pseudonym is not None
    assert DuplicatePair.objects.filter(pk=pair.pk).exists()
