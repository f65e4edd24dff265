"""Possible duplicates found by an import: a group per pseudonym, a row per person, so a file
(or a database) holding one identity many times costs rows and queries in proportion."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework.duplicates import duplicate_resolve
from casework.imports.services import import_receive, import_run
from casework.models import Case, DuplicateGroup, DuplicateMember, SmuggledMigrant
from tests.casework.imports.files import TRAFFICKING_CSV

HEADER = TRAFFICKING_CSV.split("\r\n")[0]
ROW = "{n},2013-05,female,9-17,RS,identified,sexual,RS,police,,,{given},Petrović,1990-02-03"


def one_identity_csv(rows: int, *, start: int = 0, given=lambda n: "Ana") -> str:
    lines = [ROW.format(n=f"E-{n}", given=given(n)) for n in range(start, start + rows)]
    return "\r\n".join([HEADER, *lines]) + "\r\n"


def imported(region, content: str, person="caseworker_rs_ngo", case_type="trafficking"):
    job = import_receive(
        user=region.users[person],
        case_type=case_type,
        file_name="cases.csv",
        content=content.encode(),
        queue=False,
    )
    job = import_run(import_id=job.pk)
    assert job.status == "succeeded", job.errors[:3]
    return job


def _duplicate_queries(region, rows: int, start: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        imported(region, one_identity_csv(rows, start=start))
    return sum("casework_duplicate" in query["sql"] for query in queries.captured_queries)


def test_a_file_of_one_identity_makes_one_group_with_a_row_per_person(region, monkeypatch):
    monkeypatch.setattr("casework.imports.services.PART", 60)  # several parts, one group
    imported(region, one_identity_csv(300))
    assert DuplicateGroup.objects.count() == 1
    group = DuplicateGroup.objects.get()
    assert group.members.count() == 300  # pairs would have been 44,850
    assert set(group.members.values_list("case_id", flat=True)) == set(
        Case.objects.values_list("pk", flat=True)
    )


def test_a_database_of_one_identity_grows_by_a_row_per_new_person(region):
    imported(region, one_identity_csv(100))
    imported(region, one_identity_csv(150, start=100), person="caseworker_rs_police")
    imported(region, one_identity_csv(1, start=250), person="caseworker_al_ngo")
    assert DuplicateGroup.objects.count() == 1
    assert DuplicateMember.objects.count() == 251


def test_the_duplicate_work_of_an_import_does_not_grow_with_the_persons_already_held(region):
    imported(region, one_identity_csv(20))
    small = _duplicate_queries(region, 40, start=20)
    big = _duplicate_queries(region, 400, start=60)  # ten times the rows, 60 held already
    assert DuplicateMember.objects.count() == 460
    # Pairs with everyone held before grew as the square (SQLite batches an insert by its
    # parameters, so the count of statements follows the count of rows written).
    assert big <= 10 * small, (small, big)


def test_rows_whose_names_differ_by_a_digit_are_not_duplicates(region):
    imported(region, one_identity_csv(50, given=lambda n: f"Given{n}"))
    assert not DuplicateGroup.objects.exists()
    assert not DuplicateMember.objects.exists()


def test_an_imported_group_is_resolved_whole_by_its_coordinator(region):
    imported(region, one_identity_csv(30))
    group = DuplicateGroup.objects.get()
    duplicate_resolve(user=region.users["national_rs"], group_id=group.pk, decision="same")
    from casework.models import TraffickingVictim

    repeats = TraffickingVictim.objects.order_by("case_id").values_list("is_repeat", flat=True)
    assert list(repeats) == [False] + [True] * 29
    assert set(group.members.values_list("decision", flat=True)) == {"same"}


SMUGGLING_HEADER = (
    "incident_ref;detected_month;location_type;border_with;direction;transport;"
    "facilitator_citizenships;facilitator_sexes;sex;age_group;citizenship;unaccompanied;"
    "asylum_requested;given_names;family_name;date_of_birth"
)


def test_migrants_of_one_identity_in_many_incidents_are_one_group_of_migrants(region):
    rows = [
        f"I{n};2013-07;green_border;MK;entry;on_foot;RS;male;male;21-23;AF;false;true;"
        f"Ahmad;Karimi;1995-01-0{1 + n % 2}"
        for n in range(20)
    ]
    content = "\r\n".join([SMUGGLING_HEADER, *rows]) + "\r\n"
    imported(region, content, person="caseworker_rs_police", case_type="smuggling")
    groups = DuplicateGroup.objects.order_by("pk")
    assert groups.count() == 2  # two birth dates, two people
    for group in groups:
        members = list(group.members.all())
        assert len(members) == 10
        assert {m.migrant.incident_id for m in members} == {m.case_id for m in members}
    assert DuplicateMember.objects.filter(migrant__isnull=True).count() == 0
    assert SmuggledMigrant.objects.count() == 20
