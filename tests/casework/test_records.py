"""Type records are built from case data and read back through the declarations alone."""

import pytest

from casework.models import Case
from casework.records import COUNTRY_FIELDS, build_type_record, case_data, save_type_record
from casework.types import UndeclaredCaseType, declared_types
from casework.types.declaration import COUNTRY
from tests.casework.cases import DATA, record

TYPES = [pytest.param(t, id=t.code) for t in declared_types()]


@pytest.mark.parametrize("declaration", TYPES)
def test_each_declared_types_record_reads_back_as_the_case_data_it_was_built_from(
    region, declaration
):
    case = record(region.users["caseworker_rs_police"], declaration.code)
    data = case_data(Case.objects.get(pk=case.pk))
    assert data == {"external_id": None, **DATA[declaration.code]()}
    assert set(data) == {
        "month",
        "external_id",
        *declaration.field_names,
        *(rows.name for rows in declaration.rows),
    }


@pytest.mark.parametrize("declaration", TYPES)
def test_saving_a_cases_own_data_again_changes_nothing(region, declaration):
    case = record(region.users["caseworker_rs_police"], declaration.code)
    before = case_data(Case.objects.get(pk=case.pk))
    save_type_record(Case.objects.get(pk=case.pk), before, replace=True)
    assert case_data(Case.objects.get(pk=case.pk)) == before


@pytest.mark.parametrize("declaration", TYPES)
def test_a_records_derived_fields_are_computed_as_it_is_built(region, declaration):
    case = Case(case_type=declaration.code)
    built = build_type_record(case, DATA[declaration.code]())
    for field in declaration.fields:
        if not field.entered:
            assert getattr(built, field.name) in field.codes, field.name


def test_building_a_record_of_an_undeclared_type_raises():
    with pytest.raises(UndeclaredCaseType):
        build_type_record(Case(case_type="asylum"), {"sex": "female"})


def test_a_country_field_takes_the_same_vocabulary_wherever_it_is_declared():
    for declaration in declared_types():
        for fields in (declaration.fields, *(rows.fields for rows in declaration.rows)):
            for field in fields:
                if field.kind == COUNTRY:
                    assert COUNTRY_FIELDS[field.name] is field.vocabulary, field.name


def test_rows_a_record_needs_at_least_one_of_say_so_when_there_is_none():
    for declaration in declared_types():
        for rows in declaration.rows:
            if rows.at_least_one:
                assert rows.missing, rows.name
