import pytest
from django.db import IntegrityError, ProgrammingError, connection, transaction

from accounts.models import Organisation
from casework.models import Case, TraffickingVictim
from tests.casework.cases import record

pytestmark = pytest.mark.postgresql  # the database's own refusal (a trigger)


def _refused(sql: str, params: list, error=ProgrammingError) -> None:
    """`error`: insufficient_privilege is a ProgrammingError, foreign_key_violation an
    IntegrityError."""
    with pytest.raises(error), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_database_refuses_to_delete_a_case_or_its_record_whoever_asks(region):
    case = record(region.users["caseworker_rs_ngo"])
    _refused("DELETE FROM casework_case WHERE id = %s", [case.pk])
    _refused("DELETE FROM casework_traffickingvictim WHERE case_id = %s", [case.pk])
    with pytest.raises(ProgrammingError), transaction.atomic():
        Case.objects.filter(pk=case.pk).delete()
    assert Case.objects.filter(pk=case.pk).exists()
    assert TraffickingVictim.objects.filter(case_id=case.pk).exists()


def test_an_organisation_with_cases_cannot_be_deleted_one_without_can(region):
    record(region.users["caseworker_rs_ngo"])
    with_cases = region.users["caseworker_rs_ngo"].organisation
    _refused("DELETE FROM accounts_organisation WHERE id = %s", [with_cases.pk], IntegrityError)
    empty = Organisation.objects.create(name="Created by mistake", territory="RS")
    empty.delete()
    assert not Organisation.objects.filter(pk=empty.pk).exists()
    assert Organisation.objects.filter(pk=with_cases.pk).exists()
