"""Aggregation: validated cases into the cells of every declared table, entirely in SQL.

For each unit (victims, incidents, migrants, facilitators, returnees) one GROUP BY at the
finest grain the unit's tables need fills a temporary table; every table's cells, totals
included, are then rolled up from that small result. No case row enters Python.

A run rewrites whole (territory, year) partitions and then the region (WB6) of the years it
touched, inside one transaction: a run that dies leaves the previous cells, and readers see
the cells before or after a run, never a mix. On PostgreSQL an advisory lock keeps two runs
from writing at once.
"""

import datetime
import time

from django.db import connection

from accounts.territories import REGION, WESTERN_BALKANS
from reporting.tables import (
    FACILITATORS,
    INCIDENTS,
    MIGRANTS,
    RETURNEES,
    TOTAL,
    VICTIMS,
    Table,
    Unit,
    tables_of,
)

LOCK_KEY = 7_304_201  # any constant: the advisory lock of aggregation runs
MINOR_BANDS = ("'0-8'", "'9-17'")

AGE_CLASS = (
    "CASE WHEN p.age_group IN ({minors}) THEN 'minor' "
    "WHEN p.age_group = 'unknown' THEN 'unknown' ELSE 'adult' END"
).format(minors=", ".join(MINOR_BANDS))

# Per unit: the rows it counts (FROM ... WHERE) and the dimensions its tables break down by.
SOURCES = {
    VICTIMS: (
        "casework_case c JOIN casework_traffickingvictim p ON p.case_id = c.id",
        "NOT p.is_repeat",
        {
            "sex": "p.sex",
            "age": AGE_CLASS,
            "citizenship": "p.citizenship",
            "exploitation": "p.exploitation_category",
            "scope": "p.scope",
            "identified_by": "p.identified_by",
            "victim_status": "p.victim_status",
        },
    ),
    INCIDENTS: ("casework_case c JOIN casework_smugglingincident p ON p.case_id = c.id", "", {}),
    MIGRANTS: (
        "casework_case c JOIN casework_smugglingincident i ON i.case_id = c.id "
        "JOIN casework_smuggledmigrant p ON p.incident_id = c.id",
        "NOT p.is_repeat",
        {
            "sex": "p.sex",
            "age": AGE_CLASS,
            "citizenship": "p.citizenship",
            "border_with": "i.border_with",
            "location_type": "i.location_type",
            "unaccompanied_minor": f"CASE WHEN p.unaccompanied AND p.age_group IN "
            f"({', '.join(MINOR_BANDS)}) THEN 1 ELSE 0 END",
        },
    ),
    FACILITATORS: (
        "casework_case c JOIN casework_facilitator p ON p.incident_id = c.id",
        "",
        {"citizenship": "p.citizenship"},
    ),
    RETURNEES: (
        "casework_case c JOIN casework_returnee p ON p.case_id = c.id",
        "NOT p.is_repeat",
        {
            "sex": "p.sex",
            "age": AGE_CLASS,
            "returning_state": "p.returning_state",
            "returnee_category": "p.returnee_category",
            "prior_asylum_claim": "p.prior_asylum_claim",
            "return_type": "p.return_type",
        },
    ),
}
# Units whose rows are cases, for the run's count of cases read.
CASE_UNITS = (VICTIMS, INCIDENTS, RETURNEES)

Partition = tuple[str, int]


def _year_of(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {column}) AS integer)"
    return f"CAST(strftime('%%Y', {column}) AS integer)"


def _partition_filter(partitions: list[Partition] | None) -> tuple[str, list]:
    """SQL keeping the source rows of `partitions` (all rows when None); uses the
    (territory, month) index."""
    if partitions is None:
        return "", []
    if not partitions:
        return " AND 1 = 0", []
    clauses, params = [], []
    for territory, year in partitions:
        clauses.append("(c.territory = %s AND c.month >= %s AND c.month < %s)")
        params += [territory, datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)]
    return " AND (" + " OR ".join(clauses) + ")", params


def _scratch_kind() -> str:
    """PostgreSQL plans CREATE TABLE AS in parallel, but not into a temporary table; an
    unlogged table, created and dropped inside the run's transaction (which the advisory
    lock makes the only one), is as private and as cheap."""
    return "UNLOGGED" if connection.vendor == "postgresql" else "TEMPORARY"


def _fine_table(unit: Unit) -> str:
    return f"reporting_fine_{unit.name}"


def _fill_fine(cursor, unit: Unit, partitions: list[Partition] | None) -> int:
    """The unit's counts at the finest grain its tables need; returns the rows counted."""
    source, condition, dimensions = SOURCES[unit]
    columns = ", ".join(f"{expr} AS {name}" for name, expr in dimensions.items())
    where, params = _partition_filter(partitions)
    table = _fine_table(unit)
    cursor.execute(f"DROP TABLE IF EXISTS {table}")
    cursor.execute(
        f"CREATE {_scratch_kind()} TABLE {table} AS "  # noqa: S608 - names are declarations
        f"SELECT c.territory AS territory, {_year_of('c.month')} AS year"
        f"{', ' + columns if columns else ''}, COUNT(*) AS n "
        f"FROM {source} WHERE c.status = 'validated' AND c.case_type = %s"
        f"{' AND ' + condition if condition else ''}{where} "
        # By position: an output name like `exploitation` would bind to the input column.
        f"GROUP BY {', '.join(str(i) for i in range(1, len(dimensions) + 3))}",
        [unit.case_type, *params],
    )
    cursor.execute(f"SELECT COALESCE(SUM(n), 0) FROM {table}")  # noqa: S608
    return int(cursor.fetchone()[0])


def _literal(text: str) -> str:
    assert "'" not in text
    return f"'{text}'"


def _rollups(table: Table) -> list[tuple[str, str, str, str]]:
    """(sex, age, category, group by) of each variant that together make a table's cells."""
    if table.sex_age:
        return [
            ("sex", "age", _literal(TOTAL), "sex, age"),
            ("sex", _literal(TOTAL), _literal(TOTAL), "sex"),
            (_literal(TOTAL), "age", _literal(TOTAL), "age"),
            (_literal(TOTAL), _literal(TOTAL), _literal(TOTAL), ""),
        ]
    total = (_literal(TOTAL), _literal(TOTAL), _literal(TOTAL), "")
    if table.breakdown is None:
        return [total]
    field = table.breakdown.field
    dimension = "exploitation" if field == "exploitation" else field
    return [(_literal(TOTAL), _literal(TOTAL), dimension, dimension), total]


def _insert_cells(cursor, table: Table) -> None:
    fine = _fine_table(table.unit)
    only = f" WHERE {table.only} = 1" if table.only else ""
    selects = []
    for sex, age, category, group in _rollups(table):
        keys = "territory, year" + (f", {group}" if group else "")
        selects.append(
            f"SELECT {_literal(table.id)}, territory, year, {sex}, {age}, "  # noqa: S608
            f"{_literal(table.breakdown_field)}, {category}, SUM(n) "
            f"FROM {fine}{only} GROUP BY {keys}"
        )
    cursor.execute(
        "INSERT INTO reporting_cell "
        '("table", territory, year, sex, age, breakdown, category, value) '
        + " UNION ALL ".join(selects)
    )


def _delete_partitions(cursor, partitions: list[Partition] | None) -> None:
    if partitions is None:
        cursor.execute("DELETE FROM reporting_cell")
        return
    for territory, year in partitions:
        cursor.execute(
            "DELETE FROM reporting_cell WHERE territory = %s AND year = %s", [territory, year]
        )


def _rebuild_region(cursor, years: list[int] | None) -> None:
    """WB6 is the sum of the six territories (Croatia, when reported, is not inside it)."""
    territories = ", ".join(_literal(t.value) for t in WESTERN_BALKANS)
    year_filter, params = "", []
    if years is not None:
        if not years:
            return
        year_filter = f" AND year IN ({', '.join(['%s'] * len(years))})"
        params = list(years)
        cursor.execute(
            f"DELETE FROM reporting_cell WHERE territory = %s{year_filter}",  # noqa: S608
            [REGION, *params],
        )
    cursor.execute(
        "INSERT INTO reporting_cell "  # noqa: S608
        '("table", territory, year, sex, age, breakdown, category, value) '
        f'SELECT "table", {_literal(REGION)}, year, sex, age, breakdown, category, SUM(value) '
        f"FROM reporting_cell WHERE territory IN ({territories}){year_filter} "
        'GROUP BY "table", year, sex, age, breakdown, category',
        params,
    )


def aggregate(partitions: list[Partition] | None, progress=None, pause: float = 0) -> int:
    """Recompute the cells of `partitions` (every partition when None); returns cases read.

    Call inside a transaction. `pause` (seconds between units) exists for the fault tests,
    which kill a worker in the middle of a run.
    """
    progress = progress or (lambda percent: None)
    cases_read = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        _delete_partitions(cursor, partitions)
        units = list(SOURCES)
        for step, unit in enumerate(units, start=1):
            counted = _fill_fine(cursor, unit, partitions)
            if unit in CASE_UNITS:
                cases_read += counted
            for table in tables_of(unit):
                _insert_cells(cursor, table)
            cursor.execute(f"DROP TABLE {_fine_table(unit)}")
            progress(int(90 * step / len(units)))
            if pause:
                time.sleep(pause)
        years = None if partitions is None else sorted({year for _, year in partitions})
        _rebuild_region(cursor, years)
    return cases_read
