"""Exports of cells, recorded: which table, which cells (a release, or internal counts of which
territories), with which filters, in which format.

Internal cells are recorded however they are read: the API's JSON or CSV, a table's page, a
chart, a workbook. A published release is recorded when it is downloaded (CSV, a workbook, a
chart saved); its JSON and its pages are open to every signed-in user and read by every home
page, and a row a request would cost the statistics endpoint more than the record is worth.
"""

from collections.abc import Sequence

from django.http import HttpRequest

from accounts.models import User
from accounts.territories import Territory
from audit.models import Action
from audit.services import audit_record


def export_record(
    *,
    user: User,
    request: HttpRequest | None,
    export: str,
    fmt: str,
    release: str,
    territories: Sequence[str] | None = None,
    filters: dict | None = None,
    detail: dict | None = None,
) -> None:
    """One event for one export. `territories`: the internal cells' territories (None for a
    release); `filters`: the request's own, those given only; `detail`: what else says what
    was taken (the table, the period)."""
    given = {name: value for name, value in (filters or {}).items() if value not in (None, "")}
    audit_record(
        action=Action.EXPORT,
        actor=user,
        request=request,
        territory=_territory_of(territories),
        detail={
            "export": export,
            "format": fmt,
            "release": release,
            **({"territories": list(territories)} if territories is not None else {}),
            **({"filters": given} if given else {}),
            **(detail or {}),
        },
    )


def _territory_of(territories: Sequence[str] | None) -> str:
    """The one territory whose internal cells were taken, so that its national coordinator
    reads the event; none for a release, several territories, or WB6 alone."""
    if territories is not None and len(territories) == 1 and territories[0] in Territory.values:
        return territories[0]
    return ""
