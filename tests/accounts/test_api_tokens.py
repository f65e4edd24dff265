import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from accounts.grants import access_grant, access_grant_confirm
from accounts.models import ApiToken, User
from accounts.roles import Role
from accounts.tokens import api_token_issue
from audit.models import Action, AuditEvent
from tests.casework.cases import record
from tests.factories import PASSWORD, UserFactory

NEW_PASSWORD = "another long and uncommon passphrase"


def me(key: str) -> int:
    return APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code


def test_a_token_is_kept_only_as_a_hash_of_its_key(region):
    key = api_token_issue(user=region.users["caseworker_rs_ngo"])
    assert me(key) == 200
    stored = ApiToken.objects.values_list("digest", flat=True).get()
    assert key not in stored
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_apitoken")
        assert not any(key in str(cell) for row in cursor.fetchall() for cell in row)


def test_a_key_that_was_kept_in_clear_keeps_working_once_hashed_and_is_erased(region):
    user = region.users["caseworker_rs_ngo"]
    old_key = "0123456789abcdef0123456789abcdef01234567"
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token "
            "(key varchar(40) PRIMARY KEY, created timestamp with time zone, user_id bigint)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token VALUES (%s, %s, %s)",
            [old_key, user.date_joined, user.pk],
        )
    migration = importlib.import_module("accounts.migrations.0002_api_tokens_hashed")
    migration.hash_clear_keys(apps, SimpleNamespace(connection=connection))

    assert me(old_key) == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM authtoken_token")
        assert cursor.fetchone() == (0,)
        cursor.execute("DROP TABLE authtoken_token")


def test_no_admin_page_shows_a_token(client, region):
    key = api_token_issue(user=region.users["caseworker_rs_ngo"])
    client.force_login(
        UserFactory(email="root@example.org", role="administrator", is_superuser=True)
    )
    for page in ("/admin/", "/admin/authtoken/tokenproxy/", "/admin/accounts/user/"):
        assert key not in client.get(page).content.decode()


@pytest.mark.parametrize("role", ["national_coordinator", "regional_coordinator", "administrator"])
def test_a_role_that_needs_a_second_factor_gets_no_token_before_confirming_one(
    region, settings, role
):
    settings.SECOND_FACTOR_REQUIRED = True
    user = UserFactory(role=role, territory="RS")
    TOTPDevice.objects.create(user=user, name="app", confirmed=False)
    with pytest.raises(ValidationError, match="second factor"):
        api_token_issue(user=user)
    assert not ApiToken.objects.filter(user=user).exists()

    TOTPDevice.objects.filter(user=user).update(confirmed=True)
    assert me(api_token_issue(user=user)) == 200


def test_a_caseworker_gets_a_token_without_a_second_factor(region, settings):
    settings.SECOND_FACTOR_REQUIRED = True
    assert me(api_token_issue(user=region.users["caseworker_rs_ngo"])) == 200


def test_provision_user_refuses_a_token_to_a_coordinator_without_a_second_factor(
    db, settings, monkeypatch
):
    settings.SECOND_FACTOR_REQUIRED = True
    monkeypatch.setenv("PROVISION_PASSWORD", NEW_PASSWORD)
    with pytest.raises(CommandError, match="second factor"):
        call_command(
            "provision_user", "c@example.org", "--role", "regional_coordinator", "--api-token"
        )
    assert not ApiToken.objects.exists()


def change_by_script(user, client):
    user.set_password(NEW_PASSWORD)
    user.save()


def change_by_the_password_form(user, client):
    client.force_login(user)
    data = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    assert client.post(reverse("password_change"), data).status_code == 302


def reset_by_an_administrator(user, client):
    # An administrator's reset sends an activation link and makes the password unusable.
    from django.test import RequestFactory

    from accounts.activation import activation_send
    from accounts.models import User
    from accounts.roles import Role

    request = RequestFactory().post("/admin/")
    request.user = User.objects.filter(role=Role.ADMINISTRATOR).first()
    activation_send(user=user, by=request.user, request=request)


def reset_by_provision_user(user, client):
    from accounts.services import user_provision

    user_provision(email=user.email, role=user.role, password=NEW_PASSWORD, territory="RS")


def made_unusable(user, client):
    user.set_unusable_password()
    user.save()


@pytest.mark.parametrize(
    "change",
    [
        change_by_script,
        change_by_the_password_form,
        reset_by_an_administrator,
        reset_by_provision_user,
        made_unusable,
    ],
)
def test_a_password_changed_by_any_path_ends_every_token_of_its_user(client, region, change):
    user, other = region.users["national_rs"], region.users["national_al"]
    key, others_key = api_token_issue(user=user), api_token_issue(user=other)
    change(user, client)
    assert me(key) == 401
    assert me(others_key) == 200


def test_a_stronger_hash_of_the_same_password_keeps_the_token(region, settings):
    user = region.users["national_rs"]
    key = api_token_issue(user=user)
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.ScryptPasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    assert user.check_password(PASSWORD)
    user.refresh_from_db()
    assert user.password.startswith("scrypt")
    assert me(key) == 200


def test_a_password_change_signs_out_every_other_session_and_keeps_its_own(region):
    from django.test import Client

    user = region.users["national_rs"]
    here, elsewhere = Client(), Client()
    for browser in (here, elsewhere):
        browser.force_login(user)
        assert browser.get(reverse("home")).status_code == 200
    change_by_the_password_form(user, here)
    assert here.get(reverse("home")).status_code == 200
    assert elsewhere.get(reverse("home"))["Location"].startswith(reverse("login"))


def test_a_reset_by_an_administrator_signs_out_every_session_of_the_user(client, region):
    user = region.users["national_rs"]
    client.force_login(user)
    reset_by_an_administrator(user, None)
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))


def cases_list(key: str):
    return APIClient().get("/api/v1/cases/trafficking/", HTTP_AUTHORIZATION=f"Token {key}")


def test_a_caseworkers_token_does_not_outlive_a_promotion_to_a_role_that_needs_a_second_factor(
    region, settings
):
    settings.SECOND_FACTOR_REQUIRED = True
    record(region.users["caseworker_rs_police"])
    promoted = region.users["caseworker_rs_ngo"]
    key = api_token_issue(user=promoted)
    grant = access_grant(
        user=promoted,
        role=Role.NATIONAL_COORDINATOR,
        territory="RS",
        by=region.users["administrator"],
    )
    access_grant_confirm(grant_id=grant.pk, by=region.users["regional"])
    response = cases_list(key)
    assert response.status_code == 401
    assert b"results" not in response.content


def test_a_token_stops_working_while_its_users_role_needs_a_second_factor_they_lack(
    region, settings
):
    settings.SECOND_FACTOR_REQUIRED = True
    user = region.users["caseworker_rs_ngo"]
    key = api_token_issue(user=user)
    # Past every service (a shell, a restored backup): nothing ended the token.
    User.objects.filter(pk=user.pk).update(
        role=Role.NATIONAL_COORDINATOR, territory="RS", organisation=None
    )
    assert me(key) == 401
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    assert me(key) == 200


def test_a_coordinators_token_stops_working_once_their_authenticator_is_removed(region, settings):
    settings.SECOND_FACTOR_REQUIRED = True
    coordinator = region.users["national_rs"]
    device = TOTPDevice.objects.create(user=coordinator, name="app", confirmed=True)
    key = api_token_issue(user=coordinator)
    assert me(key) == 200
    device.delete()
    assert me(key) == 401


def test_a_caseworkers_token_is_checked_without_looking_for_a_second_factor(region, settings):
    settings.SECOND_FACTOR_REQUIRED = True
    key = api_token_issue(user=region.users["caseworker_rs_ngo"])
    with CaptureQueriesContext(connection) as queries:
        assert me(key) == 200
    assert not [q for q in queries if "otp_" in q["sql"]]


def move_to_another_organisation(region, user):
    return access_grant(
        user=user,
        role=Role.CASEWORKER,
        organisation=region.organisations["rs_police"],
        by=region.users["administrator"],
    )


def promote_to_regional_coordinator(region, user):
    return access_grant(user=user, role=Role.REGIONAL_COORDINATOR, by=region.users["administrator"])


@pytest.mark.parametrize("change", [move_to_another_organisation, promote_to_regional_coordinator])
def test_a_confirmed_change_of_role_or_scope_ends_the_tokens_its_user_held_and_is_audited(
    region, change
):
    user = region.users["caseworker_rs_ngo"]
    grant = change(region, user)
    # While the grant waits the account reads no case, and may hold a token for that.
    key = api_token_issue(user=user)
    assert me(key) == 200
    access_grant_confirm(grant_id=grant.pk, by=region.users["regional"])
    assert me(key) == 401
    revoked = AuditEvent.objects.filter(action=Action.API_TOKEN_REVOKED).get()
    assert (revoked.actor_id, revoked.detail) == (
        user.pk,
        {"tokens": 1, "because": "access changed"},
    )


def test_a_change_that_leaves_role_and_scope_as_they_were_keeps_the_token(region):
    user = region.users["caseworker_rs_ngo"]
    key = api_token_issue(user=user)
    user.save()
    assert me(key) == 200
    assert not AuditEvent.objects.filter(action=Action.API_TOKEN_REVOKED).exists()
