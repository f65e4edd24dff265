from django.core.management import call_command
from django.test import Client

from accounts.demo import demo_user
from accounts.models import User
from accounts.roles import Role


def _listed(out: str) -> dict[str, tuple[str, str]]:
    """{e-mail: (role, password or the pointer's words)} of a demo users listing."""
    rows = [line.split(maxsplit=2) for line in out.splitlines() if "@demo.invalid" in line]
    return {email: (role, rest) for email, role, rest in rows}


def test_demo_users_of_every_role_are_made_once_with_passwords_that_work(db, capsys):
    call_command("create_demo_users")
    listed = _listed(capsys.readouterr().out)
    assert {role for role, _ in listed.values()} == set(Role.values)

    email, (_, password) = next(iter(listed.items()))
    client = Client()
    response = client.post("/accounts/login/", {"username": email, "password": password})
    assert response.status_code == 302
    assert client.get("/").status_code == 200

    call_command("create_demo_users")
    out = capsys.readouterr().out
    assert "exist already" in out
    assert User.objects.count() == len(listed)
    # Listed again, with the same passwords: every start of bin/run prints them.
    assert _listed(out) == listed


def test_a_changed_demo_password_is_not_listed_but_pointed_to(db, capsys):
    call_command("create_demo_users")
    capsys.readouterr()
    viewer = demo_user("viewer")
    viewer.set_password("a new password of my own")
    viewer.save()

    call_command("create_demo_users")
    out = capsys.readouterr().out
    assert "a new password" not in out
    assert _listed(out)["viewer@demo.invalid"] == (
        "statistics_viewer",
        "(not kept: set one, see below)",
    )
    assert "To set a password: PROVISION_PASSWORD=... python manage.py provision_user" in out
    assert _listed(out)["regional@demo.invalid"][1].count(" ") == 0  # still a password


def test_without_a_file_to_keep_them_passwords_are_shown_once(db, capsys, settings):
    settings.DEMO_PASSWORDS_FILE = None  # production keeps none
    call_command("create_demo_users")
    first = _listed(capsys.readouterr().out)
    assert all(" " not in password for _, password in first.values())

    call_command("create_demo_users")
    again = _listed(capsys.readouterr().out)
    assert {password for _, password in again.values()} == {"(not kept: set one, see below)"}


def test_the_kept_passwords_file_is_readable_by_its_owner_only(db, settings):
    call_command("create_demo_users")
    assert settings.DEMO_PASSWORDS_FILE.stat().st_mode & 0o777 == 0o600
