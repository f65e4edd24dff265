"""seed_demo: a synthetic region written in bulk, then aggregated and released.

Written with COPY on PostgreSQL (a million cases in well under a minute), `bulk_create`
elsewhere. The cases are recorded by the demo caseworkers, whose addresses are under the
`.invalid` domain: that is how real cases are told apart, and why seeding refuses a database
holding any case recorded by anybody else.
"""

import time
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.demo import DEMO_DOMAIN, demo_users_create
from accounts.models import User
from accounts.roles import Role
from audit.models import Action
from audit.services import audit_record
from casework.demo import cases as drawn
from casework.demo.cases import Block, Draw, blocks
from casework.demo.rebuild import keys_and_indexes_rebuilt
from casework.demo.region import STATUS_REASONS
from casework.errors import CaseworkError
from casework.imports.bulk import CASE_COLUMNS, insert_cases, insert_rows
from casework.models import (
    Case,
    CaseType,
    Facilitator,
    Returnee,
    SmuggledMigrant,
    SmugglingIncident,
    TraffickingVictim,
)
from casework.references import references_allocate


class RealCasesPresent(CaseworkError):
    status_code = 409
    default_message = _(
        "This database holds real cases (recorded by users outside the demo): the demo region "
        "is only ever seeded into a database of its own. Nothing was written."
    )


class DemoAlreadySeeded(CaseworkError):
    status_code = 409
    default_message = _("The demo region is already here: nothing was written.")


SEEDED = [Case, TraffickingVictim, SmugglingIncident, SmuggledMigrant, Facilitator, Returnee]


@dataclass
class Seeded:
    cases: int
    users: list[tuple[str, str, str]]  # (e-mail, role, password) of the users made now
    seconds: float  # writing the cases


def _is_demo():
    return {"created_by__email__endswith": f"@{DEMO_DOMAIN}"}


def seed_demo(*, cases: int, seed: int) -> Seeded:
    """Write `cases` synthetic cases of the region, drawn with `seed`, in one transaction.

    Refused (nothing written) on a database holding a real case, or the demo region already.
    """
    if Case.objects.exclude(**_is_demo()).exists():
        raise RealCasesPresent()
    if Case.objects.exists():
        raise DemoAlreadySeeded()
    users = demo_users_create()
    caseworkers = {
        u.organisation.territory: u
        for u in User.objects.filter(
            role=Role.CASEWORKER, email__endswith=f"@{DEMO_DOMAIN}"
        ).select_related("organisation")
    }
    started = time.perf_counter()
    with transaction.atomic(), keys_and_indexes_rebuilt(SEEDED):
        draw = Draw(seed)
        now = timezone.now()
        for block in blocks(cases):
            _write(draw, block, caseworkers[block.territory], now)
        audit_record(
            action=Action.DEMO_SEEDED,
            actor=User.objects.get(email=f"administrator@{DEMO_DOMAIN}"),
            detail={"cases": cases, "seed": seed},
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the aggregation that follows plans with the new counts
    return Seeded(cases=cases, users=users, seconds=time.perf_counter() - started)


def _write(draw: Draw, block: Block, caseworker: User, now) -> None:
    n = block.size
    references = references_allocate(
        territory=block.territory, case_type=block.case_type, year=block.year, count=n
    )
    case_rows = [
        (block.case_type, reference, None, caseworker.organisation_id, block.territory, month,
         status, STATUS_REASONS.get(status, ""), 1, caseworker.pk, None, now, now)
        for reference, month, status in zip(
            references, draw.months(block.year, n), draw.statuses(n), strict=True
        )
    ]  # fmt: skip
    ids = insert_cases(CASE_COLUMNS, case_rows)
    if block.case_type == CaseType.TRAFFICKING:
        _insert(TraffickingVictim, {"case": ids, **drawn.victims(draw, block)})
    elif block.case_type == CaseType.READMISSION:
        _insert(Returnee, {"case": ids, **drawn.returnees(draw, block)})
    else:
        _insert(SmugglingIncident, {"case": ids, **drawn.incidents(draw, block)})
        _insert(SmuggledMigrant, drawn.migrants(draw, block, ids))
        _insert(Facilitator, drawn.facilitators(draw, block, ids))


def _insert(model, columns: dict) -> None:
    count = len(next(v for v in columns.values() if isinstance(v, list)))
    values = [v if isinstance(v, list) else [v] * count for v in columns.values()]
    insert_rows(model, list(columns), list(zip(*values, strict=True)))
