"""Loading a file's checked cases as submitted cases, in one transaction: all or none.

The cases come a part at a time (`checking.checked_parts`), the next part read and checked
on another thread while the database writes this one. They come as columns and go in as
columns: on PostgreSQL with COPY (ids drawn from the sequence first), which is what lets a
100,000-row file load in seconds; elsewhere with `bulk_create` in batches.
"""

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import audit_cases
from casework.imports.bulk import insert_columns
from casework.imports.checking import Checked, Errors, case_count, row_count
from casework.imports.external_ids import external_ids_held
from casework.imports.matching import flag_duplicates
from casework.models import Case, ImportJob, Status
from casework.references import ATTEMPTS as REFERENCE_ATTEMPTS
from casework.references import references_new, references_taken
from casework.types import declared
from casework.types.declaration import BOOLEAN, CODES, CaseTypeDeclaration, Rows

# What a person's record stores of their identity (none when it was not given).
IDENTITY_COLUMNS = ("pseudonym", "pseudonym_key_version")


def _each(function, *columns) -> list:
    """`function` of each row's values in `columns`, computed once per distinct combination:
    a column of codes holds few."""
    rows = list(zip(*columns, strict=True))
    results = {row: function(*row) for row in set(rows)}
    return list(map(results.__getitem__, rows))


def _code_sets(values: list | None) -> list[tuple] | None:
    """Lists of codes as tuples: `_each` tells distinct values apart by hashing them."""
    return None if values is None else [tuple(codes or ()) for codes in values]


def _blank_if_none(values: list | None) -> list | str:
    return "" if values is None else ["" if value is None else value for value in values]


def _type_columns(case_type: str, checked: Checked) -> dict:
    """The type record's columns, derived fields included."""
    declaration = declared(case_type)
    fields = declaration.entered_fields
    columns = {field.name: _blank_if_none(checked.get(field.name)) for field in fields}
    # The values derivations read: sets of codes as tuples, before they become masks.
    values = {field.name: checked.get(field.name) for field in fields}
    for field in fields:
        if field.kind == CODES:
            values[field.name] = _code_sets(values[field.name])
    for derivation in declaration.derivations:
        inputs = [values[name] for name in derivation.inputs]
        columns[derivation.field] = _each(derivation.of, *inputs)
    for field in fields:
        if field.kind == CODES:
            to_mask = declaration.model._meta.get_field(field.name).to_mask
            codes = values[field.name]
            columns[field.name] = 0 if codes is None else _each(to_mask, codes)
    if declaration.person:
        for name in IDENTITY_COLUMNS:
            columns[name] = checked[name]
        columns["is_repeat"] = False
    return columns


class _CaseIds:
    """Ids for new cases, drawn from PostgreSQL's sequence in one query for as many cases as
    the file is expected to hold: the query runs while the first part is being checked,
    when the database would otherwise wait. More are drawn if the file holds more; ids
    drawn and not used are gaps, as a rolled back insert leaves."""

    def __init__(self, expected: int):
        self._ids, self._used = self._drawn(expected), 0

    def take(self, count: int) -> list[int]:
        """The next `count` ids, ascending and above any taken before."""
        missing = self._used + count - len(self._ids)
        if missing > 0:
            self._ids += self._drawn(missing)
        self._used += count
        return self._ids[self._used - count : self._used]

    @staticmethod
    def _drawn(count: int) -> list[int]:
        if count <= 0 or connection.vendor != "postgresql":
            return []
        with connection.cursor() as cursor:
            # The sequence's name is looked up once, not once a row.
            cursor.execute(
                "WITH s AS MATERIALIZED "
                "(SELECT pg_get_serial_sequence('casework_case', 'id')::regclass AS sequence) "
                "SELECT array_agg(nextval(s.sequence)) FROM s, generate_series(1, %s)",
                [count],
            )
            return sorted(cursor.fetchone()[0])


@dataclass
class Loaded:
    cases: int = 0
    rows: int = 0  # a smuggling incident holds one row per migrant
    # The ids the cases took lie between these (others' cases may lie between them too).
    first_case: int | None = None
    last_case: int | None = None


def load(
    *,
    job: ImportJob,
    parts: Iterator[tuple[Checked, Errors]],
    errors: Errors,
    progress: Callable[[int], None] | None = None,
    expected_cases: int = 0,
) -> Loaded:
    """Write the checked cases of each part as submitted cases of the job's organisation,
    while the next part is read and checked on another thread: Python and PostgreSQL work at
    once, not in turn. After the first bad row nothing more is written, but every row is
    still checked, for its errors. Call inside a transaction, and undo it when `errors`.
    `progress` hears of the rows read after each part; `expected_cases` is about how many
    cases the file holds (0 if unknown)."""
    loaded = Loaded()
    # Errors are written in the language of whoever runs the import, on either thread.
    language = translation.get_language()
    with ThreadPoolExecutor(max_workers=1) as worker:
        following = worker.submit(_next_part, job.case_type, parts, language)
        case_ids = _CaseIds(expected_cases)
        while (part := following.result()) is not None:
            following = worker.submit(_next_part, job.case_type, parts, language)
            checked, part_errors, records = part
            loaded.cases += case_count(checked)
            loaded.rows += row_count(job.case_type, checked)
            if not errors and not part_errors and case_count(checked):
                ids = _written(job, checked, records, case_ids, part_errors)
                if ids:
                    loaded.first_case = loaded.first_case or ids[0]
                    loaded.last_case = ids[-1]
            elif errors or part_errors:  # nothing more is written: every error is reported
                part_errors += _used_external_ids(job, checked)
            errors.merge(sorted(part_errors, key=lambda error: error["row"] or 0))
            if progress and checked["row"]:
                progress(checked["row"][-1])
    return loaded


def _written(
    job: ImportJob, checked: Checked, records: dict, case_ids: _CaseIds, errors: list
) -> list[int]:
    """Write a part, or add to `errors` the external ids that stop it. Ids used before are
    found by the unique index as the cases go in, not by a query first: a good file pays
    nothing for the check."""
    case_type, territory = job.case_type, job.organisation.territory
    years = [int(month[:4]) for month in checked[declared(case_type).month.name]]
    for attempt in range(1, REFERENCE_ATTEMPTS + 1):
        references = references_new(
            territory=territory, case_type=case_type, years=years, ascending=True
        )
        try:
            with transaction.atomic():
                return _write(job, checked, records, case_ids, references)
        except IntegrityError:
            used = _used_external_ids(job, checked)
            if used:
                errors += used
                return []
            # A reference an earlier case holds (rare: they are random): the part again,
            # with new ones.
            if attempt == REFERENCE_ATTEMPTS or not references_taken(references):
                raise
    return []  # not reached: the last attempt returns or raises


def _next_part(case_type: str, parts: Iterator, language: str) -> tuple | None:
    """The next part, checked, with its type records' columns: no database work."""
    with translation.override(language):
        checked, errors = next(parts, (None, None))
    if checked is None:
        return None
    return checked, errors, {} if errors else _type_columns(case_type, checked)


def _used_external_ids(job: ImportJob, checked: Checked) -> list[dict]:
    """The part's external ids that the organisation's earlier cases hold already."""
    used = external_ids_held(organisation=job.organisation, checked=checked, besides=job)
    # The id is not repeated: the row and the column say which, and errors are kept.
    message = _("The organisation has a case with this external id already.")
    return [
        {"row": row, "field": "external_id", "message": message} for row in sorted(used.values())
    ]


def _write(
    job: ImportJob, checked: Checked, records: dict, case_ids: _CaseIds, references: list[str]
) -> list[int]:
    """Write a part's cases, their audit events and records; returns their ids, ascending."""
    case_type, organisation = job.case_type, job.organisation
    months = [f"{month}-01" for month in checked[declared(case_type).month.name]]
    now = timezone.now()
    columns = {
        "case_type": case_type,
        "reference": references,
        "external_id": checked.get("external_id"),
        "organisation": organisation.pk,
        "territory": organisation.territory,
        "month": months,
        "status": Status.SUBMITTED,
        "status_reason": "",
        "version": 1,
        "created_by": job.created_by_id,
        "import_job": job.pk,
        "created_at": now,
        "updated_at": now,
    }
    if connection.vendor == "postgresql":
        # Ascending, so that the part's cases are a range of ids of their own.
        ids = case_ids.take(case_count(checked))
        insert_columns(Case, {"id": ids, **columns})
    else:
        ids = [case.pk for case in insert_columns(Case, columns)]
    audit_cases(
        # The range lets the primary key find the cases, with no index on the import.
        cases=Case.objects.filter(import_job=job, pk__range=(ids[0], ids[-1])),
        actor_id=job.created_by_id,
        action=Action.CASE_IMPORTED,
        detail={"import": job.pk},
    )
    declaration = declared(case_type)
    insert_columns(declaration.model, {"case": ids, **records})
    for rows in declaration.rows:
        _insert_rows(declaration, rows, ids, checked[rows.name])
    flag_duplicates(ids, checked, case_type)
    return ids


def _insert_rows(
    declaration: CaseTypeDeclaration, rows: Rows, ids: list[int], held: list[list[dict]]
) -> None:
    """Write the rows each case holds (an incident's migrants or facilitators), as columns."""
    owner = declaration.model._meta.get_field(rows.name).field.name  # "incident"
    each = [(case_id, row) for case_id, of_case in zip(ids, held, strict=True) for row in of_case]
    columns = {owner: [case_id for case_id, _row in each]}
    for field in rows.fields:
        # A cell left empty is not in the row: a boolean is then false, a code blank.
        empty = False if field.kind == BOOLEAN else () if field.kind == CODES else ""
        columns[field.name] = [row.get(field.name, empty) for _case_id, row in each]
        if field.kind == CODES:
            to_mask = rows.model._meta.get_field(field.name).to_mask
            columns[field.name] = list(map(to_mask, columns[field.name]))
    if rows.person:
        for name in IDENTITY_COLUMNS:
            columns[name] = [row.get(name) for _case_id, row in each]
        columns["is_repeat"] = False
    insert_columns(rows.model, columns)
