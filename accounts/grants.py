"""Who may read which cases is decided by two people: an administrator asks, a regional
coordinator confirms.

An administrator manages accounts but sees no case; were their word enough, they could
give an account they control any scope. So a grant of a role that reads cases (or a new
scope for one) waits for a regional coordinator other than its subject, and the account
sees no case meanwhile. The operator on the server (`provision_user`) is the root of trust
and grants at once. Every request and decision is audited in its own transaction.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AccessGrant, Organisation, User
from accounts.roles import CASE_READING_ROLES, Role
from audit.models import Action
from audit.services import audit_record

# What an account holds while a grant awaits confirmation: no case, published statistics.
NO_CASES = (Role.STATISTICS_VIEWER, "", None)


class GrantAlreadyDecided(Exception):
    """The grant was confirmed, refused or replaced meanwhile."""


def scope_for_role(
    *, role: str, territory: str = "", organisation: Organisation | None = None
) -> tuple[str, Organisation | None]:
    """The scope `role` keeps of the one given: a caseworker its organisation, a national
    coordinator its territory, any other role none (no scope lingers from an earlier role)."""
    if role not in Role.values:
        raise ValidationError(f"Unknown role {role!r}; choose one of {', '.join(Role.values)}.")
    if role == Role.CASEWORKER:
        if organisation is None:
            raise ValidationError(_("A caseworker needs an organisation."))
        return "", organisation
    if role == Role.NATIONAL_COORDINATOR:
        if not territory:
            raise ValidationError(_("A national coordinator needs a territory."))
        return territory, None
    return "", None


def _apply(user: User, role: str, territory: str, organisation: Organisation | None) -> dict:
    """Set the access in effect; return what changed, as {field: [old, new]} of codes. A change
    ends the user's API tokens (`accounts.revocation`)."""
    before = {"role": user.role, "territory": user.territory, "organisation": user.organisation_id}
    user.role, user.territory, user.organisation = role, territory, organisation
    user.full_clean(exclude=["password"])
    user.save(update_fields=["role", "territory", "organisation"])
    after = {"role": role, "territory": territory, "organisation": user.organisation_id}
    return {
        field: [before[field], after[field]] for field in before if before[field] != after[field]
    }


def _audit(action: str, grant: AccessGrant, *, actor, request, changes=None) -> None:
    audit_record(
        action=action,
        actor=actor,
        request=request,
        territory=grant.organisation.territory if grant.organisation_id else grant.territory,
        changes=changes,
        detail={
            "account": grant.user_id,
            "grant": grant.pk,
            "role": grant.role,
            "territory": grant.territory,
            "organisation": grant.organisation_id,
        },
    )


@transaction.atomic
def access_grant(
    *,
    user: User,
    role: str,
    territory: str = "",
    organisation: Organisation | None = None,
    by: User | None,
    request: HttpRequest | None = None,
) -> AccessGrant | None:
    """Give `user` a role and scope: at once if the role reads no case or `by` is None (the
    operator), otherwise as a pending grant for a regional coordinator to confirm, the user
    seeing no case until then. An earlier pending grant is replaced. Returns the grant, or
    None when nothing changes."""
    if by is not None and not by.has_perm("accounts.change_user"):
        raise PermissionDenied
    territory, organisation = scope_for_role(
        role=role, territory=territory, organisation=organisation
    )
    user = User.objects.select_for_update().get(pk=user.pk)
    now = timezone.now()
    replaced = AccessGrant.objects.filter(user=user, status=AccessGrant.Status.PENDING).update(
        status=AccessGrant.Status.SUPERSEDED, decided_by=by, decided_at=now
    )
    wanted = (role, territory, organisation.pk if organisation else None)
    if wanted == (user.role, user.territory, user.organisation_id) and not replaced:
        return None
    grant = AccessGrant(
        user=user, role=role, territory=territory, organisation=organisation, requested_by=by
    )
    if by is None or role not in CASE_READING_ROLES:
        grant.status, grant.decided_by, grant.decided_at = AccessGrant.Status.CONFIRMED, by, now
        grant.save()
        changes = _apply(user, role, territory, organisation)
        _audit(Action.ACCESS_GRANTED, grant, actor=by, request=request, changes=changes)
        return grant
    grant.status = AccessGrant.Status.PENDING
    grant.save()
    changes = _apply(user, *NO_CASES)
    _audit(Action.ACCESS_REQUESTED, grant, actor=by, request=request, changes=changes)
    return grant


def access_grants_to_decide_by(user: User):
    """The pending grants `user` may confirm or refuse: a regional coordinator's, except any
    of their own."""
    if not user.has_perm("accounts.confirm_accessgrant"):
        return AccessGrant.objects.none()
    return AccessGrant.objects.filter(status=AccessGrant.Status.PENDING).exclude(user=user)


def _pending_grant(*, grant_id: int, by: User) -> AccessGrant:
    """The grant, locked, if `by` may decide it; AccessGrant.DoesNotExist (404) otherwise."""
    grant = (
        access_grants_to_decide_by(by)
        .select_for_update(of=("self",))
        .select_related("user", "organisation")
        .filter(pk=grant_id)
        .first()
    )
    if grant is None:
        if AccessGrant.objects.filter(pk=grant_id).exclude(user=by).exists() and by.has_perm(
            "accounts.confirm_accessgrant"
        ):
            raise GrantAlreadyDecided
        raise AccessGrant.DoesNotExist
    return grant


def _decided(grant: AccessGrant, status: str, by: User) -> AccessGrant:
    grant.status, grant.decided_by, grant.decided_at = status, by, timezone.now()
    grant.save(update_fields=["status", "decided_by", "decided_at"])
    return grant


@transaction.atomic
def access_grant_confirm(
    *, grant_id: int, by: User, request: HttpRequest | None = None
) -> AccessGrant:
    grant = _decided(_pending_grant(grant_id=grant_id, by=by), AccessGrant.Status.CONFIRMED, by)
    user = User.objects.select_for_update().get(pk=grant.user_id)
    changes = _apply(user, grant.role, grant.territory, grant.organisation)
    _audit(Action.ACCESS_CONFIRMED, grant, actor=by, request=request, changes=changes)
    return grant


@transaction.atomic
def access_grant_refuse(
    *, grant_id: int, by: User, request: HttpRequest | None = None
) -> AccessGrant:
    grant = _decided(_pending_grant(grant_id=grant_id, by=by), AccessGrant.Status.REFUSED, by)
    _audit(Action.ACCESS_REFUSED, grant, actor=by, request=request)
    return grant
