"""A unit counts in the month and by the measure it declares; charts come from declarations.

The permit reports (summed counts) and asylum (a month per stage) are not here yet: a unit
of their shape, with a source of a few literal rows, stands in for them.
"""

import datetime

import pytest
from django.db import connection

from casework import codes
from casework.models import Case, CaseType
from reporting import aggregation, sources, tables
from reporting.charts import FLOWS, kinds_of
from reporting.models import Cell, MonthlyCell
from reporting.tables import COUNT, TABLES_BY_ID, Table, Unit, sum_of
from tests.reporting.helpers import validated


def _date(text: str) -> str:
    return f"DATE '{text}'" if connection.vendor == "postgresql" else f"'{text}'"


@pytest.fixture
def count_only(monkeypatch):
    """Aggregate a stand-in unit alone, its rows one (case, persons, lodged month) each."""

    def count(unit: Unit, rows: list[tuple[Case, int, str]]) -> dict:
        lines = " UNION ALL ".join(
            f"SELECT {case.pk} AS case_id, {persons} AS persons, {_date(lodged)} AS lodged_month"
            for case, persons, lodged in rows
        )
        source = sources.Source(
            f"{Case._meta.db_table} c JOIN ({lines}) p ON p.case_id = c.id",
            "",
            {"month": "c.month", "lodged_month": "p.lodged_month", "persons": "p.persons"},
        )
        table = Table("test_lines", "Lines", unit)
        monkeypatch.setitem(sources.SOURCES, unit, source)
        monkeypatch.setattr(tables, "TABLES", [*tables.TABLES, table])
        monkeypatch.setattr(aggregation, "UNITS", (unit,))
        aggregation.aggregate(None)
        return {
            (cell.territory, cell.year): cell.value for cell in Cell.objects.filter(table=table.id)
        }

    return count


def test_a_unit_measured_by_a_count_field_adds_up_the_counts_of_its_rows(region, count_only):
    first, second = validated(region, "readmission"), validated(region, "readmission")
    rows = [(first, 3, "2013-01-01"), (second, 4, "2013-01-01")]
    year = first.month.year

    summed = Unit("lines", CaseType.READMISSION, "lines", "month", sum_of("persons"))
    assert count_only(summed, rows)[("RS", year)] == 7
    counted = Unit("lines", CaseType.READMISSION, "lines", "month", COUNT)
    assert count_only(counted, rows)[("RS", year)] == 2


def test_a_unit_counts_its_rows_in_the_month_it_declares(region, count_only):
    case = validated(region, "readmission")  # of May 2013
    lodged = Unit("applications", CaseType.READMISSION, "applications", "lodged_month", COUNT)

    counted = count_only(lodged, [(case, 1, "2014-03-01")])

    assert counted == {("RS", 2014): 1, ("WB6", 2014): 1}
    months = MonthlyCell.objects.filter(table="test_lines").values_list("month", flat=True)
    assert set(months) == {datetime.date(2014, 3, 1)}


def test_a_table_breaking_down_by_a_field_its_source_lacks_is_refused(monkeypatch):
    unit = Unit("lines", CaseType.READMISSION, "lines", "month", COUNT)
    table = Table("test_lines", "Lines", unit, tables.Breakdown("reason", "Reason"))
    monkeypatch.setitem(sources.SOURCES, unit, sources.Source("t c", "", {"month": "c.month"}))
    monkeypatch.setattr(tables, "TABLES", [*tables.TABLES, table])

    with pytest.raises(LookupError, match="reason"):
        sources.counting(unit)


@pytest.mark.django_db
def test_the_sql_age_class_of_every_band_is_the_one_codes_rolls_it_up_to():
    age = sources.SOURCES[tables.VICTIMS].columns["age"]
    with connection.cursor() as cursor:
        for band in codes.AgeGroup:
            cursor.execute(f"SELECT {age} FROM (SELECT %s AS age_group) p", [band.value])  # noqa: S608
            assert cursor.fetchone()[0] == codes.age_class(band)


def test_the_headline_and_flow_charts_are_those_of_the_table_declarations():
    assert tables.HEADLINE_TABLES == ("thb_victims", "som_migrants", "rdm_returnees")
    flows = [table_id for table_id, table in TABLES_BY_ID.items() if FLOWS in kinds_of(table)]
    assert sorted(flows) == ["rdm_returnees_state", "som_migrants_border"]
