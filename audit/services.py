from django.db import connection
from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from config.proxy import client_address


def audit_record(
    *,
    action: str,
    actor: User | None = None,
    case=None,
    territory: str = "",
    changes: dict | None = None,
    reason: str = "",
    detail: dict | None = None,
    request: HttpRequest | None = None,
    attempted_username: str = "",
) -> AuditEvent:
    """Append one event. Call it inside the transaction of the change it records."""
    return AuditEvent.objects.create(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        case=case,
        territory=territory or (case.territory if case is not None else ""),
        changes=changes or {},
        reason=reason,
        detail=detail or {},
        ip_address=client_address(request),
        attempted_username=attempted_username[:254],
    )


def audit_prepared(field: str, value):
    """`value` as the database takes it for a field of an event (a JSON value, a time)."""
    return AuditEvent._meta.get_field(field).get_db_prep_value(value, connection)


def audit_cases(
    *,
    cases: QuerySet,
    actor_id: int | None,
    action: str,
    changes: dict | None = None,
    detail: dict | None = None,
) -> int:
    """Append one event for each of `cases`, written by the database in one statement (an
    import audits 100,000 cases without sending them back and forth). Call it inside the
    transaction of the change it records. Returns how many events were written."""
    select, params = (
        cases.order_by()  # in any order: sorting 100,000 cases would cost more than the rest
        .values(audited_id=F("pk"), audited_territory=F("territory"))
        .query.sql_with_params()
    )
    with connection.cursor() as cursor:
        cursor.execute(
            # The subquery is the ORM's own SQL, its values parameters.
            "INSERT INTO audit_auditevent (at, actor_id, action, case_id, territory, changes, "  # noqa: S608
            "reason, detail, attempted_username, ip_address) "
            "SELECT %s, %s, %s, c.audited_id, c.audited_territory, %s, '', %s, '', NULL "
            f"FROM ({select}) c",
            [
                audit_prepared("at", timezone.now()),
                actor_id,
                action,
                audit_prepared("changes", changes or {}),
                audit_prepared("detail", detail or {}),
                *params,
            ],
        )
        return cursor.rowcount
