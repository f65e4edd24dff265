from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest

from accounts.activation import activation_send
from accounts.grants import access_grant
from accounts.models import Organisation, User
from accounts.roles import Role


def organisation_get_or_create(*, name: str, territory: str, kind: str = "") -> Organisation:
    organisation, created = Organisation.objects.get_or_create(
        name=name, defaults={"territory": territory, "kind": kind}
    )
    if not created and territory and organisation.territory != territory:
        raise ValidationError(
            f"Organisation {name!r} belongs to territory {organisation.territory}, not {territory}."
        )
    return organisation


@transaction.atomic
def user_provision(
    *,
    email: str,
    role: str,
    password: str,
    territory: str = "",
    organisation_name: str = "",
    organisation_kind: str = "",
) -> User:
    """Create or update a user with one role and the scope the role needs, on the operator's
    word: the server is the root of trust, so the grant takes effect at once (and is audited
    as the operator's) and the password is the one given.

    A caseworker needs an organisation (created when new, in `territory`); a national
    coordinator needs a territory. Scope a role does not use is cleared, so a user never
    keeps a scope from an earlier role.
    """
    if role not in Role.values:
        raise ValidationError(f"Unknown role {role!r}; choose one of {', '.join(Role.values)}.")
    organisation = None
    if role == Role.CASEWORKER:
        if not organisation_name:
            raise ValidationError("A caseworker needs an organisation.")
        if not territory and not Organisation.objects.filter(name=organisation_name).exists():
            raise ValidationError("A new organisation needs a territory.")
        organisation = organisation_get_or_create(
            name=organisation_name, territory=territory, kind=organisation_kind
        )
    elif role == Role.NATIONAL_COORDINATOR and not territory:
        raise ValidationError("A national coordinator needs a territory.")

    email = User.objects.normalize_email(email)
    user = User.objects.filter(email=email).first()
    if user is None:
        # Created seeing nothing; the grant below gives the role.
        user = User(email=email, role=Role.STATISTICS_VIEWER)
    user.is_active = True
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    access_grant(user=user, role=role, territory=territory, organisation=organisation, by=None)
    user.refresh_from_db()
    return user


@transaction.atomic
def user_invite(
    *,
    email: str,
    role: str,
    territory: str = "",
    organisation: Organisation | None = None,
    by: User,
    request: HttpRequest,
) -> User:
    """An administrator's new account: no password (the person sets it through the
    activation link e-mailed to them), and the access asked for, which for a role that reads
    cases awaits a regional coordinator's confirmation."""
    if not by.has_perm("accounts.add_user"):
        raise PermissionDenied
    user = User(email=User.objects.normalize_email(email), role=Role.STATISTICS_VIEWER)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    access_grant(
        user=user, role=role, territory=territory, organisation=organisation, by=by, request=request
    )
    activation_send(user=user, by=by, request=request)
    user.refresh_from_db()
    return user
