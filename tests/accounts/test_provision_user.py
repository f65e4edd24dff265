import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from accounts.models import Organisation, User
from accounts.roles import Role

PASSPHRASE = "a provisioned passphrase of some length"


def provision(capsys, monkeypatch, *args):
    monkeypatch.setenv("PROVISION_PASSWORD", PASSPHRASE)
    call_command("provision_user", *args)
    return capsys.readouterr().out.strip().splitlines()


@pytest.mark.parametrize(
    ("role", "scope"),
    [
        (Role.CASEWORKER, ["--territory", "RS", "--organisation", "Atina"]),
        (Role.NATIONAL_COORDINATOR, ["--territory", "AL"]),
        (Role.REGIONAL_COORDINATOR, []),
        (Role.STATISTICS_VIEWER, []),
        (Role.ADMINISTRATOR, []),
    ],
)
def test_provision_user_creates_each_role_and_prints_a_working_token(
    db, capsys, monkeypatch, role, scope
):
    lines = provision(
        capsys, monkeypatch, "Person@Example.org", "--role", role, *scope, "--api-token"
    )
    user = User.objects.get(email="person@example.org")
    assert user.role == role
    assert user.check_password(PASSPHRASE)

    token = lines[-1]
    client = APIClient()
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    assert response.json()["email"] == "person@example.org"
    assert response.json()["role"] == role


def test_provision_user_creates_a_new_organisation_in_the_territory(db, capsys, monkeypatch):
    provision(
        capsys,
        monkeypatch,
        "cw@example.org",
        "--role",
        "caseworker",
        "--territory",
        "ME",
        "--organisation",
        "Montenegrin Police",
    )
    organisation = Organisation.objects.get(name="Montenegrin Police")
    assert organisation.territory == "ME"
    assert User.objects.get(email="cw@example.org").organisation == organisation


def test_provision_user_updates_an_existing_user_and_clears_scope_of_the_old_role(
    db, capsys, monkeypatch
):
    provision(
        capsys, monkeypatch, "p@example.org", "--role", "national_coordinator", "--territory", "RS"
    )
    provision(capsys, monkeypatch, "p@example.org", "--role", "statistics_viewer")
    user = User.objects.get(email="p@example.org")
    assert (user.role, user.territory) == (Role.STATISTICS_VIEWER, "")
    assert User.objects.count() == 1


def test_a_new_token_replaces_the_old_one(db, capsys, monkeypatch):
    first = provision(
        capsys, monkeypatch, "p@example.org", "--role", "statistics_viewer", "--api-token"
    )[-1]
    second = provision(
        capsys, monkeypatch, "p@example.org", "--role", "statistics_viewer", "--api-token"
    )[-1]
    client = APIClient()
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {first}").status_code == 401
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {second}").status_code == 200


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "caseworker"], "needs an organisation"),
        (["--role", "caseworker", "--organisation", "Nowhere"], "needs a territory"),
        (["--role", "national_coordinator"], "needs a territory"),
    ],
)
def test_provision_user_refuses_a_role_without_its_scope(db, monkeypatch, args, message):
    monkeypatch.setenv("PROVISION_PASSWORD", PASSPHRASE)
    with pytest.raises(CommandError, match=message):
        call_command("provision_user", "x@example.org", *args)
    assert not User.objects.exists()


def test_provision_user_refuses_a_weak_password(db, monkeypatch):
    monkeypatch.setenv("PROVISION_PASSWORD", "password")
    with pytest.raises(CommandError, match="too common"):
        call_command("provision_user", "x@example.org", "--role", "statistics_viewer")
    assert not User.objects.exists()


def test_an_expired_token_is_refused(db, capsys, monkeypatch, settings):
    import datetime

    token = provision(
        capsys, monkeypatch, "p@example.org", "--role", "statistics_viewer", "--api-token"
    )[-1]
    client = APIClient()
    settings.API_TOKEN_TTL = datetime.timedelta(seconds=-1)
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_the_api_answers_401_with_a_challenge_without_credentials(db):
    response = APIClient().get("/api/v1/me/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")


def test_provision_user_is_the_operators_word_taking_effect_at_once_and_audited(
    db, capsys, monkeypatch
):
    from accounts.models import AccessGrant
    from audit.models import Action, AuditEvent

    provision(capsys, monkeypatch, "p@example.org", "--role", "regional_coordinator")
    user = User.objects.get(email="p@example.org")
    assert user.role == Role.REGIONAL_COORDINATOR
    assert user.has_perm("casework.view_case")
    assert user.has_perm("accounts.confirm_accessgrant")
    grant = AccessGrant.objects.get(user=user)
    assert (grant.status, grant.requested_by, grant.decided_by) == ("confirmed", None, None)
    [event] = AuditEvent.objects.filter(action=Action.ACCESS_GRANTED)
    assert event.actor is None
    assert event.changes["role"] == [Role.STATISTICS_VIEWER, Role.REGIONAL_COORDINATOR]
