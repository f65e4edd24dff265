"""Validating many cases at once (`cases_validate`, a whole import, the admin's selection):
one statement, with the same statuses, versions, audit events and dirty partitions as
validating each case with `case_validate`."""

import contextlib
import datetime

import pytest
from django.db.models import Q

from audit.models import Action, AuditEvent
from casework import services
from casework.errors import ActionNotAllowed, ImportNotFound, TransitionNotAllowed
from casework.imports.services import import_receive, import_run, import_validate
from casework.models import Case
from reporting.models import DirtyPartition
from reporting.partitions import dirty_partitions
from tests.casework.cases import record
from tests.casework.imports.files import FILES

JUNE_2012 = datetime.date(2012, 6, 1)


def _some_cases(region) -> list[Case]:
    """Cases of three types and several partitions, in every status a selection can hold."""
    caseworker, national = region.users["caseworker_rs_ngo"], region.users["national_rs"]
    made = [
        record(caseworker),
        record(caseworker),
        record(caseworker, month=JUNE_2012),
        record(caseworker, "smuggling"),
        record(caseworker, "readmission", month=JUNE_2012),
    ]
    for case in made:
        services.case_submit(user=caseworker, case_id=case.pk)
    # Returned once and submitted again: its version is further on.
    services.case_return(user=national, case_id=made[1].pk, reason="Check the month.", version=2)
    services.case_submit(user=caseworker, case_id=made[1].pk)
    validated_before = record(caseworker, month=JUNE_2012)
    services.case_submit(user=caseworker, case_id=validated_before.pk)
    services.case_validate(user=national, case_id=validated_before.pk)
    draft = record(caseworker, "smuggling")
    return [*made, validated_before, draft]


def _outcome(cases: list[Case]) -> dict:
    """What validating `cases` left: each case's status and version, the validation events
    (by the case's place in the list) and the dirty partitions."""
    place = {case.pk: n for n, case in enumerate(cases)}
    stored = Case.objects.in_bulk(place)
    events = AuditEvent.objects.filter(action=Action.CASE_VALIDATED, case__in=place)
    return {
        "cases": [(stored[case.pk].status, stored[case.pk].version) for case in cases],
        "events": sorted(
            (
                place[event.case_id],
                event.actor_id,
                event.territory,
                event.changes,
                event.reason,
                event.ip_address,
                event.attempted_username,
            )
            for event in events
        ),
        "details": {str(event.detail) for event in events},
        "partitions": dirty_partitions()[0],
    }


def _validated_one_by_one(user, cases: list[Case]) -> None:
    for case in cases:
        with contextlib.suppress(TransitionNotAllowed):
            services.case_validate(user=user, case_id=case.pk)


def test_validating_in_bulk_leaves_what_validating_each_case_leaves(region):
    national = region.users["national_rs"]
    each, bulk = _some_cases(region), _some_cases(region)
    DirtyPartition.objects.all().delete()
    _validated_one_by_one(national, each)
    by_each = _outcome(each)
    DirtyPartition.objects.all().delete()

    moved = services.cases_validate(user=national, among=Q(pk__in=[case.pk for case in bulk]))

    assert sorted(moved) == sorted(case.pk for case in bulk[:5])
    by_bulk = _outcome(bulk)
    assert by_bulk == by_each
    assert by_bulk["cases"] == [
        ("validated", 3),
        ("validated", 5),
        ("validated", 3),
        ("validated", 3),
        ("validated", 3),
        ("validated", 3),
        ("draft", 1),
    ]
    assert len(by_bulk["events"]) == 6  # five now, and the one validated before
    assert by_bulk["details"] == {"{}"}
    assert {(p.territory, p.month, p.case_type) for p in by_bulk["partitions"]} == {
        ("RS", datetime.date(2013, 5, 1), "trafficking"),
        ("RS", JUNE_2012, "trafficking"),
        ("RS", datetime.date(2013, 5, 1), "smuggling"),
        ("RS", JUNE_2012, "readmission"),
    }


def _an_import(user, case_type="trafficking"):
    job = import_receive(
        user=user,
        case_type=case_type,
        file_name="cases.csv",
        content=FILES[case_type].encode(),
        queue=False,
    )
    job = import_run(import_id=job.pk)
    assert job.status == "succeeded", job.errors
    return job, list(Case.objects.filter(import_job=job).order_by("pk"))


def test_validating_an_import_leaves_what_validating_its_cases_one_by_one_leaves(region):
    national = region.users["national_rs"]
    # The same file from two organisations of one territory: the same partitions.
    _, each = _an_import(region.users["caseworker_rs_ngo"])
    job, bulk = _an_import(region.users["caseworker_rs_police"])
    DirtyPartition.objects.all().delete()
    _validated_one_by_one(national, each)
    by_each = _outcome(each)
    DirtyPartition.objects.all().delete()

    assert import_validate(user=national, import_id=job.pk) == len(bulk) == 2

    by_bulk = _outcome(bulk)
    # The import's events also name it; everything else is the same.
    assert by_each.pop("details") == {"{}"}
    assert by_bulk.pop("details") == {str({"import": job.pk})}
    assert by_bulk == by_each
    assert by_bulk["cases"] == [("validated", 2), ("validated", 2)]


def test_a_second_validation_of_an_import_validates_and_writes_nothing(region):
    national = region.users["national_rs"]
    job, _cases = _an_import(region.users["caseworker_rs_ngo"])
    assert import_validate(user=national, import_id=job.pk) == 2
    events, marks = AuditEvent.objects.count(), DirtyPartition.objects.count()

    assert import_validate(user=national, import_id=job.pk) == 0

    assert (AuditEvent.objects.count(), DirtyPartition.objects.count()) == (events, marks)
    assert set(Case.objects.filter(import_job=job).values_list("status", "version")) == {
        ("validated", 2)
    }


def test_only_the_import_s_submitted_cases_are_validated(region):
    national, caseworker = region.users["national_rs"], region.users["caseworker_rs_ngo"]
    job, (returned, submitted) = _an_import(caseworker)
    services.case_return(user=national, case_id=returned.pk, reason="Check it.", version=1)
    elsewhere = record(caseworker)
    services.case_submit(user=caseworker, case_id=elsewhere.pk)

    assert import_validate(user=national, import_id=job.pk) == 1

    statuses = dict(Case.objects.values_list("pk", "status"))
    assert statuses[submitted.pk] == "validated"
    assert statuses[returned.pk] == "returned"
    assert statuses[elsewhere.pk] == "submitted"
    validated = AuditEvent.objects.filter(action=Action.CASE_VALIDATED)
    assert list(validated.values_list("case_id", flat=True)) == [submitted.pk]


@pytest.mark.parametrize("person", ["caseworker_rs_ngo", "national_al"])
def test_a_validation_out_of_scope_or_role_is_refused_and_writes_nothing(region, person):
    job, _cases = _an_import(region.users["caseworker_rs_ngo"])
    events, marks = AuditEvent.objects.count(), DirtyPartition.objects.count()
    refusal = ActionNotAllowed if person.startswith("caseworker") else ImportNotFound

    with pytest.raises(refusal):
        import_validate(user=region.users[person], import_id=job.pk)
    if person == "caseworker_rs_ngo":
        with pytest.raises(ActionNotAllowed):
            services.cases_validate(user=region.users[person], among=Q(import_job=job))
    else:  # cases out of their scope are never reached, however they are selected
        assert services.cases_validate(user=region.users[person], among=Q(import_job=job)) == []

    assert (AuditEvent.objects.count(), DirtyPartition.objects.count()) == (events, marks)
    assert set(Case.objects.values_list("status", "version")) == {("submitted", 1)}
