"""Demo users of every role, for the embedded default and the synthetic region.

Their passwords are random. In development they are also kept, in plain, in a git-ignored
file (`DEMO_PASSWORDS_FILE`, 0600), so that every start of `bin/run` can print them again:
these are demo accounts under the `.invalid` domain. Production keeps no such file.
"""

import json
import secrets
from pathlib import Path

from django.conf import settings

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

    Passwords are random; existing demo users keep theirs. In development each new one is
    also kept in `DEMO_PASSWORDS_FILE`, for `demo_users_listed`.
    """
    created = []
    kept = _passwords_kept()
    for local, role, territory, organisation, kind in DEMO_USERS:
        email = f"{local}@{DEMO_DOMAIN}"
        if User.objects.filter(email=email).exists():
            continue
        password = secrets.token_urlsafe(12)
        user = user_provision(
            email=email,
            role=role,
            password=password,
            territory=territory,
            organisation_name=organisation,
            organisation_kind=kind,
        )
        created.append((email, role, password))
        kept[email] = {"password": password, "hash": user.password}
    if created:
        _passwords_keep(kept)
    return created


def demo_users_listed() -> list[tuple[str, str, str | None]]:
    """(e-mail, role, password) of every demo user in the database, in the order they are
    declared; the password is None when it is not kept or was changed since it was made (the
    hash kept beside it no longer matches: no password is hashed to find out)."""
    kept = _passwords_kept()
    by_email = {user.email: user for user in demo_users()}
    listed = []
    for local, *_ in DEMO_USERS:
        user = by_email.get(f"{local}@{DEMO_DOMAIN}")
        if user is None:
            continue
        entry = kept.get(user.email) or {}
        password = entry.get("password") if entry.get("hash") == user.password else None
        listed.append((user.email, user.role, password))
    return listed


def _passwords_file() -> Path | None:
    path = getattr(settings, "DEMO_PASSWORDS_FILE", None)
    return Path(path) if path else None


def _passwords_kept() -> dict[str, dict[str, str]]:
    path = _passwords_file()
    if path is None or not path.exists():
        return {}
    try:
        kept = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return kept if isinstance(kept, dict) else {}


def _passwords_keep(kept: dict[str, dict[str, str]]) -> None:
    path = _passwords_file()
    if path is None:
        return
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    path.write_text(json.dumps(kept, indent=2))


HOW_TO_SET_ONE = "PROVISION_PASSWORD=... python manage.py provision_user EMAIL --role ROLE"


def demo_users_lines(made: list[tuple[str, str, str]] = ()) -> list[str]:
    """What a start prints of the demo users: each with its password (those just `made`
    always, even where none is kept), or a pointer to setting one."""
    just_made = {email: password for email, _, password in made}
    listed = [
        (email, role, password or just_made.get(email))
        for email, role, password in demo_users_listed()
    ]
    if not listed:
        return ["No demo user is here: make them with `python manage.py create_demo_users`."]
    kept = _passwords_file()
    lines = [
        f"Demo users (passwords kept for development in {kept.name}):"
        if kept
        else "Demo users (passwords shown once):"
    ]
    for email, role, password in listed:
        lines.append(f"  {email:32} {role:22} {password or '(not kept: set one, see below)'}")
    if any(password is None for *_, password in listed):
        lines.append(f"To set a password: {HOW_TO_SET_ONE}")
    return lines
