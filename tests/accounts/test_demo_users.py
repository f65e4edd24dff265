from django.core.management import call_command
from django.test import Client

from accounts.models import User
from accounts.roles import Role


def test_demo_users_of_every_role_are_made_once_with_passwords_that_work(db, capsys):
    call_command("create_demo_users")
    lines = [line.split() for line in capsys.readouterr().out.splitlines()[1:]]
    assert {role for _, role, _ in lines} == set(Role.values)

    email, _, password = lines[0]
    client = Client()
    response = client.post("/accounts/login/", {"username": email, "password": password})
    assert response.status_code == 302
    assert client.get("/").status_code == 200

    call_command("create_demo_users")
    assert "exist already" in capsys.readouterr().out
    assert User.objects.count() == len(lines)
