"""The password form's guard: a wrong current password counts like a failed login, and after
`AXES_FAILURE_LIMIT` of them the form refuses every attempt for `AXES_COOLOFF_TIME`, without
checking it, so a borrowed session cannot guess its way to the password. Every change and
every refused attempt is audited (which fields were wrong, never what they held)."""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest

from accounts.models import User
from audit.models import Action
from audit.services import audit_record


def _key(user: User) -> str:
    return f"password-change:refused:{user.pk}"


def _cool_off() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def password_change_locked(*, user: User) -> bool:
    return cache.get(_key(user), 0) >= settings.AXES_FAILURE_LIMIT


@transaction.atomic
def password_change_refused(
    *, user: User, request: HttpRequest, fields: list[str], wrong_password: bool
) -> bool:
    """Record a refused change; True when it was the wrong password that locks the form."""
    audit_record(
        action=Action.PASSWORD_CHANGE_FAILED,
        actor=user,
        request=request,
        detail={"fields": sorted(fields)},
    )
    if not wrong_password:
        return False
    cache.add(_key(user), 0, _cool_off())
    refused = cache.incr(_key(user))
    if refused < settings.AXES_FAILURE_LIMIT:
        return False
    cache.set(_key(user), refused, _cool_off())  # the cool-off runs from the last guess
    audit_record(
        action=Action.LOCKOUT,
        actor=user,
        request=request,
        detail={"of": "password change", "refused": refused},
    )
    return True


def password_change_succeeded(*, user: User, request: HttpRequest) -> None:
    """Call it inside the transaction that saves the new password."""
    cache.delete(_key(user))
    audit_record(action=Action.PASSWORD_CHANGED, actor=user, request=request)
