"""Loading checked rows as submitted cases, in one transaction: all of them or none.

On PostgreSQL the rows go in with COPY (ids drawn from the sequence first), which is what
lets a 100,000-row file load in seconds; elsewhere with `bulk_create` in batches.
"""

import datetime
import functools
from collections import defaultdict

from django.db import connection
from django.utils import timezone

from accounts.models import Organisation
from audit.models import Action, AuditEvent
from casework.codes import exploitation_category, trafficking_scope
from casework.fields import CodeSetField
from casework.imports.bulk import insert_rows
from casework.imports.matching import flag_duplicates
from casework.models import (
    MONTH_FIELDS,
    Case,
    CaseType,
    Facilitator,
    ImportJob,
    Returnee,
    SmuggledMigrant,
    SmugglingIncident,
    Status,
    TraffickingVictim,
)
from casework.records import TYPE_FIELDS
from casework.references import references_allocate

PERSON_EXTRA = ("pseudonym", "pseudonym_key_version")
MIGRANT_COLUMNS = (
    "sex",
    "age_group",
    "citizenship",
    "unaccompanied",
    "asylum_requested",
    *PERSON_EXTRA,
)


@functools.cache
def _month(text: str) -> datetime.date:
    return datetime.date(int(text[:4]), int(text[5:7]), 1)


def _mask(model, field: str, codes: list[str] | None) -> int:
    code_set: CodeSetField = model._meta.get_field(field)
    return code_set.to_mask(codes or [])


def _type_row(case_type: str, entry: dict) -> dict:
    """The type record's columns of one entry, derived fields included."""
    fields = TYPE_FIELDS[case_type]
    row = {name: entry.get(name) or "" for name in fields}
    if case_type == CaseType.TRAFFICKING:
        row["exploitation_category"] = exploitation_category(entry["exploitation"])
        row["scope"] = trafficking_scope(
            citizenship=entry["citizenship"],
            country_of_exploitation=entry["country_of_exploitation"],
        )
        row["exploitation"] = _mask(TraffickingVictim, "exploitation", entry["exploitation"])
        row["assistance"] = _mask(TraffickingVictim, "assistance", entry.get("assistance"))
    if case_type != CaseType.SMUGGLING:
        row["pseudonym"] = entry.get("pseudonym")
        row["pseudonym_key_version"] = entry.get("pseudonym_key_version")
        row["is_repeat"] = False
    return row


def _case_ids(count: int) -> list[int]:
    """Ids for `count` new cases, drawn from PostgreSQL's sequence in one query."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('casework_case', 'id')) "
            "FROM generate_series(1, %s)",
            [count],
        )
        return [row[0] for row in cursor.fetchall()]


def load(*, job: ImportJob, entries: list[dict]) -> list[int]:
    """Insert the entries as submitted cases of the job's organisation; returns their ids.

    Call inside a transaction: a failure anywhere leaves nothing behind.
    """
    case_type, organisation, user = job.case_type, job.organisation, job.created_by
    # Formatted once: a timestamp costs more to format than the rest of a row.
    now = timezone.now().isoformat()
    months = [_month(entry[MONTH_FIELDS[case_type]]) for entry in entries]
    references = _references(organisation, case_type, months)

    case_columns = [
        "case_type",
        "reference",
        "external_id",
        "organisation",
        "territory",
        "month",
        "status",
        "status_reason",
        "version",
        "created_by",
        "import_job",
        "created_at",
        "updated_at",
    ]
    case_rows = [
        (
            case_type,
            reference,
            entry.get("external_id") or None,
            organisation.pk,
            organisation.territory,
            month,
            Status.SUBMITTED,
            "",
            1,
            user.pk,
            job.pk,
            now,
            now,
        )
        for entry, month, reference in zip(entries, months, references, strict=True)
    ]
    ids = _insert_cases(case_columns, case_rows)

    model = {
        CaseType.TRAFFICKING: TraffickingVictim,
        CaseType.SMUGGLING: SmugglingIncident,
        CaseType.READMISSION: Returnee,
    }[case_type]
    type_rows = [_type_row(case_type, entry) for entry in entries]
    type_columns = ["case", *type_rows[0].keys()]
    insert_rows(
        model,
        type_columns,
        [(case_id, *row.values()) for case_id, row in zip(ids, type_rows, strict=True)],
    )
    if case_type == CaseType.SMUGGLING:
        _insert_persons(ids, entries)
    audit_cases(job=job, actor_id=job.created_by_id, action=Action.CASE_IMPORTED, case_ids=ids)
    flag_duplicates(ids, entries, case_type)
    return ids


def _references(organisation: Organisation, case_type: str, months) -> list[str]:
    by_year = defaultdict(int)
    for month in months:
        by_year[month.year] += 1
    blocks = {
        year: iter(
            references_allocate(
                territory=organisation.territory, case_type=case_type, year=year, count=count
            )
        )
        for year, count in by_year.items()
    }
    return [next(blocks[month.year]) for month in months]


def _insert_cases(columns: list[str], rows: list[tuple]) -> list[int]:
    if connection.vendor == "postgresql":
        ids = _case_ids(len(rows))
        insert_rows(Case, ["id", *columns], [(i, *row) for i, row in zip(ids, rows, strict=True)])
        return ids
    return [case.pk for case in insert_rows(Case, columns, rows)]


def _insert_persons(ids: list[int], entries: list[dict]) -> None:
    migrants, facilitators = [], []
    for case_id, entry in zip(ids, entries, strict=True):
        for migrant in entry["migrants"]:
            migrants.append(
                (
                    case_id,
                    migrant["sex"],
                    migrant["age_group"],
                    migrant["citizenship"],
                    migrant.get("unaccompanied", False),
                    migrant.get("asylum_requested", False),
                    migrant.get("pseudonym"),
                    migrant.get("pseudonym_key_version"),
                    False,
                )
            )
        facilitators += [(case_id, f["citizenship"], f["sex"]) for f in entry["facilitators"]]
    insert_rows(SmuggledMigrant, ["incident", *MIGRANT_COLUMNS, "is_repeat"], migrants)
    insert_rows(Facilitator, ["incident", "citizenship", "sex"], facilitators)


def audit_cases(
    *, job: ImportJob, actor_id: int, action: str, case_ids: list[int], changes: dict | None = None
) -> None:
    """One audit event per case of an import, written in bulk in the import's transaction."""
    now = timezone.now().isoformat()
    insert_rows(
        AuditEvent,
        [
            "at",
            "actor",
            "action",
            "case",
            "territory",
            "changes",
            "reason",
            "detail",
            "attempted_username",
        ],
        [
            (
                now,
                actor_id,
                action,
                case_id,
                job.organisation.territory,
                changes or {},
                "",
                {"import": job.pk},
                "",
            )
            for case_id in case_ids
        ],
    )
