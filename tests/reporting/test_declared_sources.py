"""Each unit's source is derived from its case type's declaration: a new person-shaped type
needs no line in `reporting.sources`."""

import dataclasses

import pytest
from django.db import connection

import casework.types
from casework import codes
from casework.countries import PLACES
from casework.models import Returnee, SmuggledMigrant, SmugglingIncident
from casework.types import declared_types
from casework.types.declaration import (
    CaseTypeDeclaration,
    Month,
    Rows,
    boolean,
    code,
    code_set,
    country,
    derived,
)
from casework.types.people import PERSON
from reporting import aggregation, sources, tables
from reporting.models import Cell
from reporting.tables import COUNT, UNITS, Table, Unit, closed
from tests.reporting.helpers import validated

AGE_CLASS = sources.PERSON_COLUMNS["age"]


@pytest.mark.django_db
@pytest.mark.parametrize("declaration", declared_types(), ids=str)
def test_every_unit_of_every_declared_case_type_finds_its_source_and_its_sql_runs(declaration):
    units = [unit for unit in UNITS if unit.case_type == declaration.code]
    assert units
    for unit in units:
        assert sources.SOURCES[unit] == sources.source_of(unit)
        select, params = aggregation._fine_select(unit, None)
        with connection.cursor() as cursor:
            cursor.execute(select, params)
            assert cursor.fetchall() == []


def test_the_units_read_as_cases_are_those_counting_type_records():
    assert [unit.name for unit in sources.CASE_UNITS] == ["victims", "incidents", "returnees"]


# A person-shaped type of its own (its record a person, with fields of its own), stored in
# the returnees' table for the test: nothing in `reporting.sources` names it.
STAND_IN = CaseTypeDeclaration(
    code="stand_in",
    label="Stand-in",
    reference_code="STI",
    model=Returnee,
    relation="returnee",
    month=Month("returned_month", "Month returned"),
    person=True,
    fields=(
        *PERSON,
        country("returning_state", PLACES, frequent=()),
        code("return_type", codes.ReturnType),
        derived("returnee_category", codes.ReturneeCategory),
        code_set("reasons", codes.Assistance),
        boolean("assisted"),
    ),
)
STAND_INS = Unit("stand_ins", "stand_in", "stand-ins", "returned_month", COUNT)


@pytest.fixture
def stand_in(monkeypatch):
    monkeypatch.setitem(casework.types.CASE_TYPES, STAND_IN.code, STAND_IN)
    return STAND_IN


def test_a_person_shaped_type_gets_its_source_from_its_declaration_alone(stand_in):
    source = sources.source_of(STAND_INS)

    assert source.rows == "casework_case c JOIN casework_returnee p ON p.case_id = c.id"
    assert source.condition == "NOT p.is_repeat"
    assert source.columns == {
        "returned_month": "c.month",
        "sex": "p.sex",
        "age": AGE_CLASS,
        "citizenship": "p.citizenship",
        "age_group": "p.age_group",
        "returning_state": "p.returning_state",
        "return_type": "p.return_type",
        "returnee_category": "p.returnee_category",  # derived fields are counted too
        "assisted": "p.assisted",
        # A set of codes (`reasons`) is no column a table groups by.
    }


def test_a_person_shaped_types_table_counts_its_records_through_the_derived_source(
    stand_in, region, monkeypatch
):
    case = validated(region, "readmission", return_type="voluntary")
    table = Table(
        "test_stand_ins",
        "Stand-ins",
        STAND_INS,
        closed("type", "Type", column="return_type"),
    )
    monkeypatch.setattr(tables, "TABLES", [*tables.TABLES, table])
    monkeypatch.setitem(sources.SOURCES, STAND_INS, sources.source_of(STAND_INS))

    count = sources.counting(STAND_INS)

    assert count.dimensions == {"type": "p.return_type"}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {count.dimensions['type']}, {count.measure} FROM {count.rows} "  # noqa: S608
            f"WHERE c.id = %s AND {count.condition} GROUP BY 1",
            [case.pk],
        )
        assert cursor.fetchall() == [("voluntary", 1)]


def test_person_rows_are_joined_through_their_record_and_counted_by_its_fields(monkeypatch):
    held = dataclasses.replace(
        STAND_IN,
        code="stand_in_rows",
        model=SmugglingIncident,
        relation="incident",
        person=False,
        fields=(code("transport", codes.Transport),),
        rows=(Rows("migrants", SmuggledMigrant, (*PERSON, boolean("alone")), "", True),),
    )
    monkeypatch.setitem(casework.types.CASE_TYPES, held.code, held)
    unit = Unit("held", held.code, "held", "returned_month", COUNT, rows="migrants")

    source = sources.source_of(unit)

    assert source.rows == (
        "casework_case c JOIN casework_smugglingincident i ON i.case_id = c.id "
        "JOIN casework_smuggledmigrant p ON p.incident_id = c.id"
    )
    assert source.condition == "NOT p.is_repeat"
    assert source.columns == {
        "returned_month": "c.month",
        "sex": "p.sex",
        "age": AGE_CLASS,
        "citizenship": "p.citizenship",
        "transport": "i.transport",
        "age_group": "p.age_group",
        "alone": "p.alone",
    }


def test_a_unit_counting_rows_its_type_does_not_declare_is_refused(stand_in):
    with pytest.raises(LookupError, match="stand_in"):
        sources.source_of(dataclasses.replace(STAND_INS, rows="accomplices"))


def test_victims_are_published_by_exploitation_though_counted_by_its_derived_category(region):
    validated(region, exploitation=["sexual", "begging"])
    aggregation.aggregate(None)

    assert sources.counting(tables.VICTIMS).dimensions["exploitation"] == "p.exploitation_category"
    published = Cell.objects.filter(table="thb_victims_exploitation", territory="RS")
    assert set(published.values_list("breakdown", flat=True)) == {"exploitation"}
    assert published.get(category="multiple").value == 1


@pytest.mark.django_db
def test_the_unaccompanied_minors_kept_are_exactly_the_unaccompanied_in_a_minor_band():
    kept = sources.counting(tables.MIGRANTS).dimensions["unaccompanied_minor"]
    with connection.cursor() as cursor:
        for band in codes.AgeGroup:
            for alone in (True, False):
                cursor.execute(
                    f"SELECT {kept} FROM (SELECT %s AS unaccompanied, %s AS age_group) p",  # noqa: S608
                    [alone, band.value],
                )
                minor = codes.age_class(band) == codes.AgeClass.MINOR
                assert cursor.fetchone()[0] == int(alone and minor), (band, alone)


def test_a_closed_breakdown_takes_its_codes_from_the_field_its_type_declares():
    by_id = tables.TABLES_BY_ID
    assert by_id["rdm_returnees_asylum"].vocabulary is codes.YesNoUnknown
    assert by_id["thb_victims_exploitation"].vocabulary is codes.ExploitationCategory
    assert by_id["som_migrants_location"].vocabulary is codes.LocationType  # the incident's
    assert by_id["thb_victims_citizenship"].categories is None  # countries: open
    for table in tables.TABLES:
        if table.breakdown and table.breakdown.closed:
            field = tables.declared_field(table.unit, table.breakdown.counted)
            assert table.categories == tuple(field.vocabulary.values)


def test_a_closed_breakdown_of_a_field_its_type_does_not_declare_is_refused():
    table = Table("test_unknown", "Unknown", tables.RETURNEES, closed("reason", "Reason"))
    with pytest.raises(LookupError):
        _ = table.categories


def test_a_unit_counts_by_a_stage_month_its_type_declares_and_by_no_other(stand_in, monkeypatch):
    staged = dataclasses.replace(STAND_IN, stage_months=(Month("lodged_month", "Lodged"),))
    monkeypatch.setitem(casework.types.CASE_TYPES, STAND_IN.code, staged)
    lodged = Unit("lodged", STAND_IN.code, "lodged", "lodged_month", COUNT)
    assert sources.source_of(lodged).columns["lodged_month"] == "p.lodged_month"
    assert sources.source_of(lodged).columns["returned_month"] == "c.month"

    undeclared = Unit("decided", STAND_IN.code, "decided", "decision_month", COUNT)
    monkeypatch.setitem(sources.SOURCES, undeclared, sources.source_of(undeclared))
    with pytest.raises(LookupError, match="decision_month"):
        sources.counting(undeclared)
