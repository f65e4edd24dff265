"""seed_demo: a synthetic region written in bulk, then aggregated and released.

Written with COPY on PostgreSQL (a million cases in well under a minute), `bulk_create`
elsewhere. The cases are recorded by the demo caseworkers, whose addresses are under the
`.invalid` domain: that is how real cases are told apart, and why seeding refuses a database
holding any case recorded by anybody else.
"""

import time
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.demo import demo_user, demo_users, demo_users_create
from accounts.models import User
from accounts.roles import Role
from audit.models import Action
from audit.services import audit_record
from casework.demo.cases import Block, Draw, blocks
from casework.demo.drawings import drawing
from casework.demo.rebuild import keys_and_indexes_rebuilt
from casework.demo.region import STATUS_REASONS
from casework.errors import CaseworkError
from casework.imports.bulk import insert_columns
from casework.models import Case
from casework.references import references_new
from casework.types import declared, declared_types


class RealCasesPresent(CaseworkError):
    status_code = 409
    default_message = _(
        "This database holds real cases (recorded by users outside the demo): the demo region "
        "is only ever seeded into a database of its own. Nothing was written."
    )


class DemoAlreadySeeded(CaseworkError):
    status_code = 409
    default_message = _("The demo region is already here: nothing was written.")


SEEDED = [
    Case,
    *(
        model
        for declaration in declared_types()
        for model in (declaration.model, *(rows.model for rows in declaration.rows))
    ),
]


@dataclass
class Seeded:
    cases: int
    users: list[tuple[str, str, str]]  # (e-mail, role, password) of the users made now
    seconds: float  # writing the cases


def seed_demo(*, cases: int, seed: int) -> Seeded:
    """Write `cases` synthetic cases of the region, drawn with `seed`, in one transaction.

    Refused (nothing written) on a database holding a real case, or the demo region already.
    """
    if Case.objects.exclude(created_by__in=demo_users()).exists():
        raise RealCasesPresent()
    if Case.objects.exists():
        raise DemoAlreadySeeded()
    users = demo_users_create()
    caseworkers = {
        u.organisation.territory: u
        for u in demo_users().filter(role=Role.CASEWORKER).select_related("organisation")
    }
    started = time.perf_counter()
    with transaction.atomic(), keys_and_indexes_rebuilt(SEEDED):
        draw = Draw(seed)
        plan = [(block, sorted(draw.months(block.year, block.size))) for block in blocks(cases)]
        ids = _ids_in_time_order([months for _, months in plan], draw)
        now = timezone.now()
        for (block, months), block_ids in zip(plan, ids, strict=True):
            _write(draw, block, months, block_ids, caseworkers[block.territory], now)
        _sequence_past_the_seeded_ids()
        audit_record(
            action=Action.DEMO_SEEDED,
            actor=demo_user("administrator"),
            detail={"cases": cases, "seed": seed},
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the aggregation that follows plans with the new counts
    return Seeded(cases=cases, users=users, seconds=time.perf_counter() - started)


def _ids_in_time_order(months_of_blocks: list[list], draw: Draw) -> list[list[int]]:
    """Case ids handed out in the order the cases happened, as a live system hands them out:
    the newest cases mix types and territories, so lists and plans see realistic data rather
    than one block of each kind."""
    order = sorted(
        (month.toordinal(), draw.random.random(), b, i)
        for b, months in enumerate(months_of_blocks)
        for i, month in enumerate(months)
    )
    first = (Case.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
    ids = [[0] * len(months) for months in months_of_blocks]
    for n, (*_when, b, i) in enumerate(order):
        ids[b][i] = first + n
    return ids


def _sequence_past_the_seeded_ids() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('casework_case', 'id'), MAX(id)) "
                "FROM casework_case"
            )


def _write(draw: Draw, block: Block, months: list, ids: list[int], caseworker: User, now) -> None:
    n = block.size
    # Random, as a live system gives them. They cannot collide: the database holds no case
    # yet, each block is a (territory, type, year) of its own, and one draw is all different.
    references = references_new(
        territory=block.territory, case_type=block.case_type, years=[block.year] * n
    )
    statuses = draw.statuses(n)
    insert_columns(
        Case,
        {
            "id": ids,
            "case_type": block.case_type,
            "reference": references,
            "external_id": None,
            "organisation": caseworker.organisation_id,
            "territory": block.territory,
            "month": months,
            "status": statuses,
            "status_reason": [STATUS_REASONS.get(status, "") for status in statuses],
            "version": 1,
            "created_by": caseworker.pk,
            "import_job": None,
            "created_at": now,
            "updated_at": now,
        },
    )
    declaration, drawn = declared(block.case_type), drawing(block.case_type)
    insert_columns(declaration.model, {"case": ids, **drawn.record(draw, block)})
    for rows in declaration.rows:  # in the declared order, which the seed's draws follow
        insert_columns(rows.model, drawn.rows[rows.name](draw, block, ids))
