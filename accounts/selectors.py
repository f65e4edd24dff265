"""What a regional coordinator's home page lists: grants to confirm, and what recently
happened to accounts (grants, confirmations, refusals, activations)."""

from accounts.grants import access_grants_to_decide_by
from accounts.models import AccessGrant, User
from accounts.roles import Role
from audit.models import ACCOUNT_ACTIONS, AuditEvent


def access_grants_pending_for(user: User) -> list[AccessGrant]:
    grants = access_grants_to_decide_by(user).select_related("user", "organisation")
    return list(grants.select_related("requested_by").order_by("requested_at", "pk"))


def access_grant_awaited_by(user: User) -> AccessGrant | None:
    """The grant of `user`'s own that awaits a regional coordinator, if any."""
    if not user.is_authenticated:
        return None
    return user.access_grants.filter(status=AccessGrant.Status.PENDING).first()


def account_events_for(user: User, *, limit: int = 20) -> list[AuditEvent]:
    """The latest account events, each with `account` (the address it concerns) and
    `role_display`, for those who confirm grants."""
    if not user.has_perm("accounts.confirm_accessgrant"):
        return []
    events = list(
        AuditEvent.objects.filter(action__in=ACCOUNT_ACTIONS).select_related("actor")[:limit]
    )
    ids = {event.detail.get("account") for event in events} - {None}
    emails = dict(User.objects.filter(pk__in=ids).values_list("pk", "email"))
    roles = dict(Role.choices)
    for event in events:
        event.account = emails.get(event.detail.get("account"), "")
        event.role_display = roles.get(event.detail.get("role"), "")
    return events
