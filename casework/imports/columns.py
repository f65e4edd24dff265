"""The columns of a case file, per case type, derived from its declaration (`casework.types`).

Headers are the field names of the domain. Each column has a kind that says how a cell is
read and checked; the same columns make the downloadable templates. DOMAIN.md's file format
is a public contract: the columns and their order are what the declarations held when files
were first written (tests hold each type's header).
"""

from dataclasses import dataclass, replace

from casework.pseudonyms import IDENTITY_FIELDS
from casework.types import declared
from casework.types.declaration import CaseTypeDeclaration, Field, Rows


@dataclass(frozen=True)
class Column:
    name: str
    # code, country: one code; codes: a set of codes; sequence: codes in order, repeats allowed;
    # month, boolean, text, identity.
    kind: str
    allowed: frozenset[str] = frozenset()
    required: bool = True
    # Columns of an incident repeat on each of its rows and must agree (smuggling files).
    incident: bool = False


IDENTITY = [Column(name, "identity", required=False) for name in IDENTITY_FIELDS]
EXTERNAL_ID = Column("external_id", "text", required=False)
# Groups the lines of one case, where each line is one of its persons (DOMAIN.md).
INCIDENT_REF = Column("incident_ref", "text", incident=True)


def line_rows(declaration: CaseTypeDeclaration) -> Rows | None:
    """The person rows a file's line is one of (a smuggling incident's migrants), or None
    where each line is a case of its own."""
    persons = declaration.person_rows
    if len(persons) > 1:
        raise ValueError(f"A file's line can be one person of {declaration}, not of two rows.")
    return persons[0] if persons else None


def _column(field: Field, **kw) -> Column:
    # The kinds of entered fields are the kinds of columns: code, codes, country, boolean.
    return Column(field.name, field.kind, field.codes, field.required, **kw)


def _sequences(rows: Rows) -> list[Column]:
    """A file's columns for rows that are not its lines (a smuggling incident's facilitators)."""
    if rows.sequences is None:
        raise ValueError(f"A file has no columns for the {rows.name} of a case.")
    return [
        Column(name, "sequence", field.codes, required=False, incident=True)
        for name, field in zip(rows.sequences.columns, rows.fields, strict=True)
    ]


def columns_for(case_type: str) -> list[Column]:
    """A case type's columns, in the order of its template. Raises `UndeclaredCaseType`."""
    declaration = declared(case_type)
    month = Column(declaration.month.name, "month")
    persons = line_rows(declaration)
    if persons is None:
        if declaration.rows:
            raise ValueError(f"A file has no columns for the rows of {declaration}.")
        return [
            EXTERNAL_ID,
            month,
            *[_column(field) for field in declaration.entered_fields],
            *(IDENTITY if declaration.person else []),
        ]
    others = [rows for rows in declaration.rows if rows is not persons]
    return [
        INCIDENT_REF,
        *(replace(column, incident=True) for column in (EXTERNAL_ID, month)),
        *(_column(field, incident=True) for field in declaration.entered_fields),
        *(column for rows in others for column in _sequences(rows)),
        *(_column(field) for field in persons.fields if field.entered),
        *(IDENTITY if persons.person else []),
    ]


def template_csv(case_type: str) -> str:
    """The header row of a case type's file, as a downloadable template."""
    return ",".join(column.name for column in columns_for(case_type)) + "\r\n"
