"""A valid case of any declared type, made from its declaration alone, as each door takes it.

Nothing here names a type or a field: a newly declared type gets its payload, form post and
file line without an edit, so the reachability tests cover it as soon as it is declared.
"""

import csv
import datetime
import io

from casework.imports.columns import columns_for, line_rows
from casework.types.declaration import BOOLEAN, CODES, COUNTRY, CaseTypeDeclaration, Field

# A past month, inside the demo's years, so that every door and the statistics accept it.
MONTH = datetime.date(2013, 5, 1)
MONTH_TEXT = MONTH.strftime("%Y-%m")


def valid_value(field: Field):
    """One value the field accepts: its vocabulary's first code (a country vocabulary has no
    order, so its first code by name), a one-code set, or yes for a yes/no box (not the
    default: a door that dropped it would be seen to)."""
    if field.kind == BOOLEAN:
        return True
    first = min(field.codes) if field.kind == COUNTRY else field.vocabulary.values[0]
    return [first] if field.kind == CODES else first


def entered_values(fields: tuple[Field, ...]) -> dict:
    return {field.name: valid_value(field) for field in fields if field.entered}


def record_values(declaration: CaseTypeDeclaration) -> dict:
    """The record's entered fields, every one given (optional ones too, so that each door is
    seen to carry them), chosen to keep the type's cross-field rules."""
    values = entered_values(declaration.fields)
    by_name = {field.name: field for field in declaration.entered_fields}
    for rule in declaration.rules:
        # The rule's field is given, so `other` must take a code that wants it.
        other = by_name[rule.other]
        values[rule.other] = next(code for code in other.vocabulary.values if code != rule.value)
        values[rule.field] = valid_value(by_name[rule.field])
        assert not rule.errors(dict(values)), rule
    return values


def case_data(declaration: CaseTypeDeclaration) -> dict:
    """The case as the services take it: the month as a date, one row of each row set."""
    rows = {rows.name: [entered_values(rows.fields)] for rows in declaration.rows}
    return {"month": MONTH, **record_values(declaration), **rows}


def api_payload(declaration: CaseTypeDeclaration) -> dict:
    """The case as the API takes it: the month under its declared name, as `YYYY-MM`."""
    data = case_data(declaration)
    del data["month"]
    return {declaration.month.name: MONTH_TEXT, **data}


def _form_fields(values: dict, prefix: str = "") -> dict:
    # A box left unticked is not posted; a set of codes is posted as repeated values.
    return {
        f"{prefix}{name}": ("on" if value is True else value)
        for name, value in values.items()
        if value is not False
    }


def form_post(declaration: CaseTypeDeclaration, *, submission_key: str) -> dict:
    """The case as its web form posts it: one formset per row set, with its management form."""
    data = case_data(declaration)
    post = _form_fields({name: data[name] for name in record_values(declaration)})
    post.update(month=MONTH_TEXT, action="draft", submission_key=submission_key)
    for rows in declaration.rows:
        posted = data[rows.name]
        post.update(
            {
                f"{rows.name}-TOTAL_FORMS": str(len(posted)),
                f"{rows.name}-INITIAL_FORMS": "0",
                f"{rows.name}-MIN_NUM_FORMS": "0",
                f"{rows.name}-MAX_NUM_FORMS": "1000",
            }
        )
        for i, row in enumerate(posted):
            post.update(_form_fields(row, prefix=f"{rows.name}-{i}-"))
    return post


def _cell(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "|".join(value)
    return value


def case_file(declaration: CaseTypeDeclaration) -> str:
    """A file of one case, with the type's import columns (`columns_for`) as its header."""
    data = case_data(declaration)
    cells = {declaration.month.name: MONTH_TEXT, **record_values(declaration)}
    persons = line_rows(declaration)
    for rows in declaration.rows:
        [row] = data[rows.name]
        if rows is persons:  # each line of the file is one of these rows
            cells.update(row)
        else:  # the rows are lists in columns of their own, a row the n-th code of each
            for column, field in zip(rows.sequences.columns, rows.fields, strict=True):
                cells[column] = row[field.name]
    columns = columns_for(declaration.code)
    line = []
    for column in columns:
        if column.name in cells:
            line.append(_cell(cells[column.name]))
        else:  # an identity, an external id: left empty; a line's group key: given
            assert column.kind in ("text", "identity"), column
            line.append("1" if column.required else "")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([column.name for column in columns])
    writer.writerow(line)
    return out.getvalue()
