from django.http import HttpRequest

from accounts.models import User
from audit.models import AuditEvent


def client_address(request: HttpRequest | None) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


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
