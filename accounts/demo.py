"""Demo users of every role, for the embedded default and the synthetic region."""

import secrets

from accounts.models import Organisation, User
from accounts.roles import Role
from accounts.services import user_provision

DEMO_DOMAIN = "demo.invalid"  # .invalid can never be a real address

DEMO_USERS = [
    # (e-mail local part, role, territory, organisation, organisation kind)
    ("caseworker.rs", Role.CASEWORKER, "RS", "Demo NGO Belgrade", Organisation.Kind.NGO),
    ("caseworker.al", Role.CASEWORKER, "AL", "Demo State Police Tirana", Organisation.Kind.POLICE),
    ("caseworker.ba", Role.CASEWORKER, "BA", "Demo Border Police Sarajevo", "border_police"),
    ("caseworker.mk", Role.CASEWORKER, "MK", "Demo Social Centre Skopje", "social_services"),
    ("caseworker.xk", Role.CASEWORKER, "XK", "Demo Police Prishtina", Organisation.Kind.POLICE),
    ("caseworker.me", Role.CASEWORKER, "ME", "Demo NGO Podgorica", Organisation.Kind.NGO),
    ("national.rs", Role.NATIONAL_COORDINATOR, "RS", "", ""),
    ("national.al", Role.NATIONAL_COORDINATOR, "AL", "", ""),
    ("regional", Role.REGIONAL_COORDINATOR, "", "", ""),
    ("viewer", Role.STATISTICS_VIEWER, "", "", ""),
    ("administrator", Role.ADMINISTRATOR, "", "", ""),
]


def demo_users():
    """The demo users (and only they): their addresses are under the `.invalid` domain."""
    return User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")


def demo_user(local: str) -> User:
    return User.objects.get(email=f"{local}@{DEMO_DOMAIN}")


def demo_users_create() -> list[tuple[str, str, str]]:
    """Create the demo users that do not exist yet; return (e-mail, role, password) of each.

    Passwords are random and returned only here, so they are shown once. Existing demo
    users keep their passwords.
    """
    created = []
    for local, role, territory, organisation, kind in DEMO_USERS:
        email = f"{local}@{DEMO_DOMAIN}"
        if User.objects.filter(email=email).exists():
            continue
        password = secrets.token_urlsafe(12)
        user_provision(
            email=email,
            role=role,
            password=password,
            territory=territory,
            organisation_name=organisation,
            organisation_kind=kind,
        )
        created.append((email, role, password))
    return created
