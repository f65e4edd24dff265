"""Aggregation: validated cases into the cells of every declared table, entirely in SQL.

Runs keep every table's counts per partition (territory, month, case type) as
`MonthlyCell`s: the cells of a (territory, year) are the sums of its months, and the
region's (WB6) the sums of the six territories. A run recomputes the partitions it is given
from the case tables, then adds up again the years of those partitions, and WB6 of those
years, for their case types alone; a full run recomputes every partition. For each unit
(victims, incidents, migrants, facilitators, returnees) one GROUP BY at the finest grain the
unit's tables need gives its fine counts, each row in the month and by the measure its unit
declares; every table's monthly cells, totals included, are rolled up from those. No case
row enters Python.

All of it inside one transaction: a run that dies leaves the previous cells, and readers see
the cells before or after a run, never a mix. On PostgreSQL an advisory lock keeps two runs
from writing at once.
"""

import datetime
import time

from django.db import connection

from accounts.territories import REGION, WESTERN_BALKANS
from casework.models import Status
from reporting.partitions import Partition
from reporting.sources import CASE_UNITS, counting, literal, year_of
from reporting.tables import TABLES, TOTAL, UNITS, Table, Unit, tables_of

LOCK_KEY = 7_304_201  # any constant: the advisory lock of aggregation runs
FEW_PARTITIONS = 12  # a year of one territory and case type: a few thousand cases at most


# The columns of a partition in the monthly cells.
CELL_PARTITION = ("territory", "month", "case_type")


def _partition_filter(
    partitions: list[Partition] | None, columns: tuple[str, str, str]
) -> tuple[str, list]:
    """SQL keeping the rows of `partitions` (all rows when None), given the (territory,
    month, case type) `columns` of a row. A list of values, which PostgreSQL joins: through
    the (case type, territory, month) index of validated cases for a few partitions, by
    hashing for many."""
    if partitions is None:
        return "", []
    if not partitions:
        return " AND 1 = 0", []
    columns = f"({', '.join(columns)})"
    values = ", ".join(["(%s, %s, %s)"] * len(partitions))
    return f" AND {columns} IN (VALUES {values})", [value for p in partitions for value in p]


def _tables_counting(case_type: str) -> str:
    """SQL listing the ids of the tables that count cases of `case_type`."""
    return ", ".join(literal(table.id) for table in TABLES if table.unit.case_type == case_type)


def _fine_table(unit: Unit) -> str:
    return f"reporting_fine_{unit.name}"


def _fine_select(unit: Unit, partitions: list[Partition] | None) -> tuple[str, list]:
    """The unit's counts per territory and the month it counts in, at the finest grain its
    tables need."""
    count = counting(unit)
    columns = ", ".join(f"{expr} AS {name}" for name, expr in count.dimensions.items())
    # A unit's partitions are of the month it counts in.
    where, params = _partition_filter(partitions, ("c.territory", count.month, "c.case_type"))
    return (
        f"SELECT c.territory AS territory, {count.month} AS month"  # noqa: S608 - declarations
        f"{', ' + columns if columns else ''}, {count.measure} AS n "
        f"FROM {count.rows} WHERE c.status = {literal(Status.VALIDATED)} AND c.case_type = %s"
        f"{' AND ' + count.condition if count.condition else ''}{where} "
        # By position: an output name like `exploitation` would bind to the input column.
        f"GROUP BY {', '.join(str(i) for i in range(1, len(count.dimensions) + 3))}",
        [unit.case_type, *params],
    )


def _sums(unit: Unit) -> dict[str, str]:
    """Sums the unit's cells are read from (CTEs, by name), besides its fine counts.

    Totals, and the sex and age subtotals, are added up from these small sums rather than
    from the fine counts again: over a million cases the fine counts hold nearly a row per
    person, and every pass over them costs.
    """
    fine = _fine_table(unit)
    sums = {}
    if any(table.sex_age for table in tables_of(unit)):
        sums["by_sex_age"] = (
            f"SELECT territory, month, sex, age, SUM(n) AS n FROM {fine} "  # noqa: S608
            "GROUP BY territory, month, sex, age"
        )
    source = "by_sex_age" if sums else fine
    sums["unit_total"] = (
        f"SELECT territory, month, SUM(n) AS n FROM {source} GROUP BY territory, month"  # noqa: S608
    )
    return sums


def _cells_of(table: Table) -> list[str]:
    """SELECTs of a table's monthly cells, totals included, from the unit's sums."""
    fine = _fine_table(table.unit)

    def cells(sex: str, age: str, category: str, source: str, group: str | None = None) -> str:
        """`group` None: the source's rows are the cells; else their sums by territory,
        month and `group`."""
        value = f"n FROM {source}"
        if group is not None:
            keys = ", ".join(["territory", "month", *([group] if group else [])])
            value = f"SUM(n) FROM {source} GROUP BY {keys}"
        return (
            f"SELECT {literal(table.id)}, territory, month, {literal(table.unit.case_type)}, "
            f"{sex}, {age}, {literal(table.breakdown_field)}, {category}, {value}"
        )

    total = literal(TOTAL)
    if table.only:
        assert table.breakdown is None and not table.sex_age
        return [cells(total, total, total, f"{fine} WHERE {table.only.name} = 1", group="")]
    selects = [cells(total, total, total, "unit_total")]
    if table.sex_age:
        selects += [
            cells("sex", "age", total, "by_sex_age"),
            cells("sex", total, total, "by_sex_age", group="sex"),
            cells(total, "age", total, "by_sex_age", group="age"),
        ]
    elif table.breakdown is not None:
        field = table.breakdown.field
        selects.append(cells(total, total, field, fine, group=field))
    return selects


INSERT_MONTHLY_CELLS = (
    "INSERT INTO reporting_monthlycell "
    '("table", territory, month, case_type, sex, age, breakdown, category, value) '
)
INSERT_CELLS = (
    'INSERT INTO reporting_cell ("table", territory, year, sex, age, breakdown, category, value) '
)


def _count_unit(cursor, unit: Unit, partitions: list[Partition] | None) -> None:
    """The monthly cells of the unit's tables in `partitions` (every one when None)."""
    if partitions is not None:
        partitions = [p for p in partitions if p.case_type == unit.case_type]
        if not partitions:
            return
    fine, params = _fine_select(unit, partitions)
    sums = _sums(unit)
    few = partitions is not None and len(partitions) <= FEW_PARTITIONS
    if few:
        # A few thousand cases: one statement, the fine counts a CTE too.
        sums = {_fine_table(unit): fine, **sums}
    else:
        # Many cases: PostgreSQL computes CREATE TABLE AS in parallel (INSERT ... SELECT
        # never), but not into a temporary table; an unlogged table, created and dropped
        # inside the run's transaction (which the advisory lock makes the only one), is as
        # private and as cheap.
        kind = "UNLOGGED" if connection.vendor == "postgresql" else "TEMPORARY"
        cursor.execute(f"CREATE {kind} TABLE {_fine_table(unit)} AS {fine}", params)
        params = []
    cursor.execute(
        "WITH "
        + ", ".join(f"{name} AS ({select})" for name, select in sums.items())
        + f" {INSERT_MONTHLY_CELLS}"
        + " UNION ALL ".join(select for table in tables_of(unit) for select in _cells_of(table)),
        params,
    )
    if not few:
        cursor.execute(f"DROP TABLE {_fine_table(unit)}")


def _cases_read(cursor, partitions: list[Partition] | None) -> int:
    """The cases counted: the sum of the plain count of each unit whose rows are cases."""
    plain = [
        table.id
        for unit in CASE_UNITS
        for table in tables_of(unit)
        if table.breakdown is None and not table.sex_age and not table.only
    ]
    where, params = _partition_filter(partitions, CELL_PARTITION)
    cursor.execute(
        "SELECT COALESCE(SUM(value), 0) FROM reporting_monthlycell "  # noqa: S608
        f'WHERE "table" IN ({", ".join(literal(id) for id in plain)}){where}',
        params,
    )
    return int(cursor.fetchone()[0])


def _delete_monthly_cells(cursor, partitions: list[Partition] | None) -> None:
    if partitions is None:
        # Only runs read monthly cells, one at a time (the advisory lock): TRUNCATE's lock
        # stops nobody, and it leaves no dead rows behind, as DELETE would every night.
        verb = "TRUNCATE" if connection.vendor == "postgresql" else "DELETE FROM"
        cursor.execute(f"{verb} reporting_monthlycell")
        return
    where, params = _partition_filter(partitions, CELL_PARTITION)
    cursor.execute(f"DELETE FROM reporting_monthlycell WHERE TRUE{where}", params)  # noqa: S608


def _add_up_years(cursor, partitions: list[Partition] | None) -> None:
    """The cells of the years of `partitions` (every year when None), of the same territory
    and case type: the sums of their months."""
    if partitions is None:
        cursor.execute("DELETE FROM reporting_cell")
        cursor.execute(
            f'{INSERT_CELLS} SELECT "table", territory, {year_of("month")}, sex, age, '  # noqa: S608
            "breakdown, category, SUM(value) FROM reporting_monthlycell "
            'GROUP BY "table", territory, 3, sex, age, breakdown, category',
            [],  # with parameters, `%%` of SQLite's strftime becomes `%`
        )
        return
    for territory, year, case_type in sorted(
        {(p.territory, p.month.year, p.case_type) for p in partitions}
    ):
        cursor.execute(
            "DELETE FROM reporting_cell WHERE territory = %s AND year = %s "  # noqa: S608
            f'AND "table" IN ({_tables_counting(case_type)})',
            [territory, year],
        )
        cursor.execute(
            f'{INSERT_CELLS} SELECT "table", territory, %s, sex, age, breakdown, category, '  # noqa: S608
            "SUM(value) FROM reporting_monthlycell "
            "WHERE territory = %s AND case_type = %s AND month >= %s AND month < %s "
            'GROUP BY "table", territory, sex, age, breakdown, category',
            [year, territory, case_type, datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)],
        )


def _rebuild_region(cursor, partitions: list[Partition] | None) -> None:
    """WB6 is the sum of the six territories (Croatia, when reported, is not inside it), for
    the years and case types of `partitions` (all when None)."""
    territories = ", ".join(literal(t.value) for t in WESTERN_BALKANS)
    sums = (
        f'{INSERT_CELLS} SELECT "table", {literal(REGION)}, year, sex, age, breakdown, '  # noqa: S608
        f"category, SUM(value) FROM reporting_cell WHERE territory IN ({territories})"
    )
    keys = ' GROUP BY "table", year, sex, age, breakdown, category'
    if partitions is None:
        cursor.execute(sums + keys)
        return
    for year, case_type in sorted({(p.month.year, p.case_type) for p in partitions}):
        tables = f' AND year = %s AND "table" IN ({_tables_counting(case_type)})'
        cursor.execute(
            f"DELETE FROM reporting_cell WHERE territory = %s{tables}",  # noqa: S608
            [REGION, year],
        )
        cursor.execute(sums + tables + keys, [year])


def aggregate(partitions: list[Partition] | None, progress=None, pause: float = 0) -> int:
    """Recompute the cells of `partitions` (every one when None) and of their years;
    returns cases read.

    Call inside a transaction. `pause` (seconds between units) exists for the fault tests,
    which kill a worker in the middle of a run.
    """
    progress = progress or (lambda percent: None)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        _delete_monthly_cells(cursor, partitions)
        for step, unit in enumerate(UNITS, start=1):
            _count_unit(cursor, unit, partitions)
            progress(int(90 * step / len(UNITS)))
            if pause:
                time.sleep(pause)
        _add_up_years(cursor, partitions)
        _rebuild_region(cursor, partitions)
        return _cases_read(cursor, partitions)
