"""Where each unit's rows live: the SQL an aggregation run and its benchmark read.

Nothing here restates a declaration: table names come from the models, codes from
`casework.codes`, and a unit's month, measure and breakdowns are the fields `reporting.tables`
names, read through its source's columns.
"""

from dataclasses import dataclass

from django.db import connection

from casework import codes
from casework.models import (
    Case,
    Facilitator,
    Returnee,
    SmuggledMigrant,
    SmugglingIncident,
    TraffickingVictim,
)
from reporting.tables import (
    FACILITATORS,
    INCIDENTS,
    MIGRANTS,
    RETURNEES,
    VICTIMS,
    Measure,
    Unit,
    tables_of,
)


def literal(text: str) -> str:
    """A code as an SQL string: codes are declared, never typed in, and hold no quote."""
    assert "'" not in text
    return f"'{text}'"


def _listed(values) -> str:
    return ", ".join(literal(value) for value in values)


def _bands_of(age_class: str) -> list[str]:
    """The age bands `codes.age_class` rolls up to `age_class`, in their declared order."""
    return [band.value for band in codes.AgeGroup if codes.age_class(band) == age_class]


def _one_of(column: str, values: list[str]) -> str:
    return (
        f"{column} = {literal(values[0])}"
        if len(values) == 1
        else f"{column} IN ({_listed(values)})"
    )


def _age_class(column: str) -> str:
    """SQL rolling an age band up to its class, as `codes.age_class` does. The class with the
    most bands is the ELSE, which keeps the CASE short."""
    bands = {c.value: _bands_of(c) for c in codes.AgeClass if _bands_of(c)}
    otherwise = max(bands, key=lambda age_class: len(bands[age_class]))
    whens = " ".join(
        f"WHEN {_one_of(column, of)} THEN {literal(age_class)}"
        for age_class, of in bands.items()
        if age_class != otherwise
    )
    return f"CASE {whens} ELSE {literal(otherwise)} END"


MINORS = _listed(_bands_of(codes.AgeClass.MINOR))


def _table(model) -> str:
    return model._meta.db_table


@dataclass(frozen=True)
class Source:
    """A unit's rows in SQL: `rows` joins the case (`c`) to its records, `condition` keeps the
    rows that count, and `columns` is the expression of each field the unit and its tables
    name (its month, what they break down by, a summed count)."""

    rows: str
    condition: str
    columns: dict[str, str]


# The case's own fields a unit may be counted by.
CASE_COLUMNS = {"month": "c.month"}
PERSON_COLUMNS = {"sex": "p.sex", "age": _age_class("p.age_group"), "citizenship": "p.citizenship"}

SOURCES = {
    VICTIMS: Source(
        f"{_table(Case)} c JOIN {_table(TraffickingVictim)} p ON p.case_id = c.id",
        "NOT p.is_repeat",
        {
            **CASE_COLUMNS,
            **PERSON_COLUMNS,
            "exploitation": "p.exploitation_category",
            "scope": "p.scope",
            "identified_by": "p.identified_by",
            "victim_status": "p.victim_status",
        },
    ),
    INCIDENTS: Source(
        f"{_table(Case)} c JOIN {_table(SmugglingIncident)} p ON p.case_id = c.id",
        "",
        CASE_COLUMNS,
    ),
    MIGRANTS: Source(
        f"{_table(Case)} c JOIN {_table(SmugglingIncident)} i ON i.case_id = c.id "
        f"JOIN {_table(SmuggledMigrant)} p ON p.incident_id = c.id",
        "NOT p.is_repeat",
        {
            **CASE_COLUMNS,
            **PERSON_COLUMNS,
            "border_with": "i.border_with",
            "location_type": "i.location_type",
            "unaccompanied_minor": "CASE WHEN p.unaccompanied AND p.age_group IN "
            f"({MINORS}) THEN 1 ELSE 0 END",
        },
    ),
    FACILITATORS: Source(
        f"{_table(Case)} c JOIN {_table(Facilitator)} p ON p.incident_id = c.id",
        "",
        {**CASE_COLUMNS, "citizenship": "p.citizenship"},
    ),
    RETURNEES: Source(
        f"{_table(Case)} c JOIN {_table(Returnee)} p ON p.case_id = c.id",
        "NOT p.is_repeat",
        {
            **CASE_COLUMNS,
            **PERSON_COLUMNS,
            "returning_state": "p.returning_state",
            "returnee_category": "p.returnee_category",
            "prior_asylum_claim": "p.prior_asylum_claim",
            "return_type": "p.return_type",
        },
    ),
}
# Units whose rows are cases, for the run's count of cases read.
CASE_UNITS = (VICTIMS, INCIDENTS, RETURNEES)


@dataclass(frozen=True)
class Counting:
    """A unit's count in SQL, from its source: the rows, the month each counts in, what each
    adds (`measure`, an aggregate), and the dimensions its tables break those down by."""

    rows: str
    condition: str
    month: str
    measure: str
    dimensions: dict[str, str]


def _measure(measure: Measure, columns: dict[str, str]) -> str:
    return f"SUM({columns[measure.summed]})" if measure.summed else "COUNT(*)"


def counting(unit: Unit) -> Counting:
    source = SOURCES[unit]
    fields = {field for table in tables_of(unit) for field in table.fields}
    if missing := fields - source.columns.keys():
        raise LookupError(f"The source of {unit.name} has no column for {sorted(missing)}.")
    return Counting(
        rows=source.rows,
        condition=source.condition,
        month=source.columns[unit.month],
        measure=_measure(unit.measure, source.columns),
        # In the source's order, as GROUP BY reads them.
        dimensions={name: sql for name, sql in source.columns.items() if name in fields},
    )


def year_of(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {column}) AS integer)"
    return f"CAST(strftime('%%Y', {column}) AS integer)"
