"""Where each unit's rows live: the SQL an aggregation run and its benchmark read.

Nothing here restates a declaration: a unit's source is derived from its case type's
declaration (`casework.types`): the tables of its records and rows, their keys, whether they
are persons and the fields they hold. Codes come from `casework.codes`, and a unit's month,
measure and breakdowns are the fields `reporting.tables` names, read through its source's
columns.
"""

from dataclasses import dataclass

from django.db import connection

from casework import codes
from casework.models import Case
from casework.types import declared
from casework.types.declaration import BOOLEAN, CODE, COUNTRY, CaseTypeDeclaration, Field, Rows
from reporting.tables import UNITS, Measure, Subset, Unit, bands_of, tables_of


def literal(text: str) -> str:
    """A code as an SQL string: codes are declared, never typed in, and hold no quote."""
    assert "'" not in text
    return f"'{text}'"


def _listed(values) -> str:
    return ", ".join(literal(value) for value in values)


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return (
        f"{column} = {literal(values[0])}"
        if len(values) == 1
        else f"{column} IN ({_listed(values)})"
    )


def _age_class(column: str) -> str:
    """SQL rolling an age band up to its class, as `codes.age_class` does. The class with the
    most bands is the ELSE, which keeps the CASE short."""
    bands = {c.value: bands_of(c) for c in codes.AgeClass if bands_of(c)}
    otherwise = max(bands, key=lambda age_class: len(bands[age_class]))
    whens = " ".join(
        f"WHEN {_one_of(column, of)} THEN {literal(age_class)}"
        for age_class, of in bands.items()
        if age_class != otherwise
    )
    return f"CASE {whens} ELSE {literal(otherwise)} END"


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


# What a person is counted by: the class of the age band entered.
PERSON_COLUMNS = {"sex": "p.sex", "age": _age_class("p.age_group"), "citizenship": "p.citizenship"}
# A person recorded again (in another case) counts once, where first recorded.
PERSON_CONDITION = "NOT p.is_repeat"
# The fields a column holds one value of: a table may break its rows down, or keep them, by
# these (a set of codes it may not).
COUNTED_KINDS = (CODE, COUNTRY, BOOLEAN)


def _columns(alias: str, fields: tuple[Field, ...]) -> dict[str, str]:
    return {f.name: f"{alias}.{f.name}" for f in fields if f.kind in COUNTED_KINDS}


def _counted_rows(declaration: CaseTypeDeclaration, unit: Unit) -> Rows | None:
    """The declaration's rows the unit counts; None when it counts the type records."""
    return declaration.rows_named(unit.rows) if unit.rows else None


def _months(declaration: CaseTypeDeclaration) -> dict[str, str]:
    """The months a unit may count by, by their declared names: the case's month (kept on
    the case, `Case.month`) and the record's stage months."""
    case_month, *stages = declaration.months
    return {case_month.name: "c.month", **{m.name: f"p.{m.name}" for m in stages}}


def _record(declaration: CaseTypeDeclaration, alias: str) -> str:
    """The type record joined to its case, by the key it shares with it."""
    key = Case._meta.get_field(declaration.relation).field.column
    return f"{_table(declaration.model)} {alias} ON {alias}.{key} = c.id"


def source_of(unit: Unit) -> Source:
    """The unit's source, derived from its case type's declaration.

    The records a unit counts are `p`, joined to their case. Rows of a record are `p` too,
    joined to the case by their key to the record (whose key is the case's); persons among
    them are counted by their record's fields as well, so it joins them as `i` (migrants by
    the border section of their incident). Persons count unless repeats.
    """
    declaration = declared(unit.case_type)
    rows = _counted_rows(declaration, unit)
    if rows is None:
        joins = [_record(declaration, "p")]
        person, fields = declaration.person, _columns("p", declaration.fields)
    else:
        joins = [f"{_table(rows.model)} p ON p.{rows.record_key.column} = c.id"]
        person, fields = rows.person, _columns("p", rows.fields)
        if person:
            joins.insert(0, _record(declaration, "i"))
            # Their own field hides their record's of the same name.
            fields = {**_columns("i", declaration.fields), **fields}
    columns = {**_months(declaration), **(PERSON_COLUMNS if person else {})}
    # A person's `sex` and `citizenship` are its own columns already; `age` is its band's class.
    columns |= {name: sql for name, sql in fields.items() if name not in columns}
    return Source(
        " JOIN ".join([f"{_table(Case)} c", *joins]),
        PERSON_CONDITION if person else "",
        columns,
    )


SOURCES = {unit: source_of(unit) for unit in UNITS}
# Units whose rows are cases (their type records), for the run's count of cases read.
CASE_UNITS = tuple(unit for unit in UNITS if not unit.rows)


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


def _kept(subset: Subset, columns: dict[str, str]) -> str:
    """SQL that is 1 for the rows `subset` keeps, else 0."""
    return (
        f"CASE WHEN {columns[subset.flag]} AND {columns[subset.field]} IN "
        f"({_listed(subset.codes)}) THEN 1 ELSE 0 END"
    )


def _dimensions(unit: Unit, columns: dict[str, str]) -> dict[str, str]:
    """The SQL of each dimension the unit's tables break its rows down or keep them by, by
    the name their cells publish."""
    named, missing = {}, set()
    for table in tables_of(unit):
        needed = [
            *table.columns.values(),
            *((table.only.flag, table.only.field) if table.only else ()),
        ]
        if lacking := set(needed) - columns.keys():
            missing |= lacking
            continue
        for name, column in table.columns.items():
            named.setdefault(name, columns[column])
        if table.only:
            named.setdefault(table.only.name, _kept(table.only, columns))
    if missing:
        raise LookupError(f"The source of {unit.name} has no column for {sorted(missing)}.")
    # The person's columns first, then the others as the unit's tables name them: the order
    # of the fine counts' columns and of GROUP BY, which changes no count.
    first = [name for name in PERSON_COLUMNS if name in named]
    return {name: named[name] for name in [*first, *named]}


def counting(unit: Unit) -> Counting:
    source = SOURCES[unit]
    if unit.month not in source.columns:
        raise LookupError(f"The unit {unit.name} counts by {unit.month}, a month not declared.")
    return Counting(
        rows=source.rows,
        condition=source.condition,
        month=source.columns[unit.month],
        measure=_measure(unit.measure, source.columns),
        dimensions=_dimensions(unit, source.columns),
    )


def year_of(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {column}) AS integer)"
    return f"CAST(strftime('%%Y', {column}) AS integer)"
