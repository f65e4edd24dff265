from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

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
    """Create or update a user with one role and the scope the role needs.

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
        territory = ""
    elif role == Role.NATIONAL_COORDINATOR:
        if not territory:
            raise ValidationError("A national coordinator needs a territory.")
    else:
        territory = ""

    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email=email).first() or User(email=email)
    user.role = role
    user.territory = territory
    user.organisation = organisation
    user.is_active = True
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user
