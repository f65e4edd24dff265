"""A case file's columns come from its type's declaration, and today's files keep theirs."""

import pytest

from casework.imports.columns import columns_for, template_csv
from casework.types import UndeclaredCaseType, declared_types

# DOMAIN.md's file format is a public contract: the header of each template as files have
# been written since they were first published.
TEMPLATE_HEADERS = {
    "trafficking": (
        "external_id,identified_month,sex,age_group,citizenship,victim_status,exploitation,"
        "country_of_exploitation,identified_by,recruitment,assistance,given_names,family_name,"
        "date_of_birth"
    ),
    "smuggling": (
        "incident_ref,external_id,detected_month,location_type,border_with,direction,transport,"
        "facilitator_citizenships,facilitator_sexes,sex,age_group,citizenship,unaccompanied,"
        "asylum_requested,given_names,family_name,date_of_birth"
    ),
    "readmission": (
        "external_id,returned_month,sex,age_group,citizenship,returning_state,"
        "returnee_category,procedure,return_type,prior_asylum_claim,reintegration_assistance,"
        "given_names,family_name,date_of_birth"
    ),
}


@pytest.mark.parametrize("case_type", list(TEMPLATE_HEADERS))
def test_the_templates_of_the_three_published_types_keep_their_columns_in_order(case_type):
    assert template_csv(case_type) == TEMPLATE_HEADERS[case_type] + "\r\n"


@pytest.mark.parametrize("declaration", declared_types(), ids=str)
def test_every_declared_type_has_a_column_for_each_entered_field_and_none_for_derived_ones(
    declaration,
):
    columns = {column.name: column for column in columns_for(declaration.code)}
    assert declaration.month.name in columns
    for field in declaration.entered_fields:
        column = columns[field.name]
        assert (column.kind, column.allowed, column.required) == (
            field.kind,
            field.codes,
            field.required,
        )
    for field in declaration.fields:
        if not field.entered:
            assert field.name not in columns
    for rows in declaration.person_rows:  # a line of the file is one of these persons
        assert all(not columns[field.name].incident for field in rows.fields)
        assert all(columns[field.name].incident for field in declaration.entered_fields)
    for rows in declaration.rows:
        if rows.sequences:
            assert all(columns[name].kind == "sequence" for name in rows.sequences.columns)
    holds_persons = declaration.person or declaration.person_rows
    assert bool(holds_persons) == ("date_of_birth" in columns)


@pytest.mark.parametrize("declaration", declared_types(), ids=str)
def test_every_derived_field_of_a_declared_type_is_computed_by_a_declared_derivation(
    declaration,
):
    derived = {field.name for field in declaration.fields if not field.entered}
    assert {derivation.field for derivation in declaration.derivations} == derived


@pytest.mark.parametrize("case_type", ["asylum", "", "Trafficking"])
def test_an_undeclared_type_has_no_columns_rather_than_another_types(case_type):
    with pytest.raises(UndeclaredCaseType):
        columns_for(case_type)
    with pytest.raises(UndeclaredCaseType):
        template_csv(case_type)
