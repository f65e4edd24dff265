"""Activation links: single use, expiring, only the latest one works; the person sets their
own password (Django's validators) and, where the role needs it, their second factor."""

import datetime

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.activation import activation_send, activation_tokens
from accounts.grants import access_grant, access_grant_confirm
from accounts.models import User
from accounts.roles import Role
from accounts.services import user_invite
from audit.models import Action, AuditEvent
from tests.accounts.helpers import NEW_PASSWORD, activate, activation_link, can_sign_in
from tests.factories import PASSWORD


def admin_request(region):
    request = RequestFactory().post("/admin/", REMOTE_ADDR="10.0.0.9")
    request.user = region.users["administrator"]
    return request


def invite(region, email="new.person@example.org", role=Role.STATISTICS_VIEWER, **scope):
    return user_invite(
        email=email,
        role=role,
        **scope,
        by=region.users["administrator"],
        request=admin_request(region),
    )


def test_the_link_sets_a_password_and_signs_the_person_in_once(client, region):
    user = invite(region)
    link = activation_link(user.email)
    response = activate(client, link)
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert can_sign_in(user.email, NEW_PASSWORD)

    again = activate(client.__class__(), link, "another passphrase to try 9")
    assert not again.context["validlink"]
    assert not can_sign_in(user.email, "another passphrase to try 9")


def test_the_link_expires(client, region, monkeypatch, settings):
    user = invite(region)
    link = activation_link(user.email)
    later = datetime.datetime.now() + datetime.timedelta(
        seconds=settings.PASSWORD_RESET_TIMEOUT + 1
    )
    monkeypatch.setattr(activation_tokens, "_now", lambda: later)
    assert not activate(client, link).context["validlink"]
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_a_newer_link_leaves_the_older_one_dead(client, region):
    user = invite(region)
    first = activation_link(user.email)
    activation_send(user=user, by=region.users["administrator"], request=admin_request(region))
    second = activation_link(user.email)
    assert first != second
    assert not activate(client, first).context["validlink"]
    assert activate(client, second).status_code == 302


def test_a_link_is_no_password_reset_link_of_djangos_own(region):
    from django.contrib.auth.tokens import default_token_generator

    user = invite(region)
    token = activation_link(user.email).rstrip("/").rsplit("/", 1)[1]
    assert not default_token_generator.check_token(user, token)


def test_a_weak_password_is_refused(client, region):
    user = invite(region)
    response = activate(client, activation_link(user.email), "password123")
    assert response.status_code == 200
    assert response.context["form"].errors
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_a_coordinator_to_be_enrols_a_second_factor_right_after_the_password(
    client, region, settings
):
    settings.SECOND_FACTOR_REQUIRED = True
    user = invite(region, role=Role.NATIONAL_COORDINATOR, territory="RS")
    response = activate(client, activation_link(user.email))
    assert response["Location"].startswith(reverse("two_factor_setup"))
    assert b"data:image/svg+xml" in client.get(response["Location"]).content
    assert TOTPDevice.objects.filter(user=user, confirmed=False).exists()


def test_a_confirmed_coordinator_cannot_see_a_case_before_enrolling(client, region, settings):
    settings.SECOND_FACTOR_REQUIRED = True
    user = invite(region, role=Role.NATIONAL_COORDINATOR, territory="RS")
    access_grant_confirm(grant_id=user.access_grants.get().pk, by=region.users["regional"])
    activate(client, activation_link(user.email))
    for path in ("/cases/", "/admin/", "/api/v1/cases/trafficking/"):
        assert client.get(path)["Location"].startswith(reverse("two_factor_setup"))


def test_a_reset_stops_the_old_password_and_authenticator_and_a_new_link_restores_access(
    client, region
):
    caseworker = region.users["caseworker_rs_ngo"]
    TOTPDevice.objects.create(user=caseworker, name="old phone", confirmed=True)
    activation_send(
        user=caseworker, by=region.users["administrator"], request=admin_request(region)
    )
    assert not TOTPDevice.objects.filter(user=caseworker).exists()
    assert not can_sign_in(caseworker.email, PASSWORD)
    activate(client, activation_link(caseworker.email))
    assert can_sign_in(caseworker.email, NEW_PASSWORD)
    caseworker.refresh_from_db()
    assert caseworker.role == Role.CASEWORKER  # a reset changes no access


def test_an_inactive_account_cannot_be_activated(client, region):
    user = invite(region)
    link = activation_link(user.email)
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert not activate(client, link).context["validlink"]


def test_sending_and_using_a_link_are_audited_without_the_link(client, region):
    user = invite(region)
    link = activation_link(user.email)
    activate(client, link)
    [sent] = AuditEvent.objects.filter(action=Action.ACTIVATION_SENT)
    assert (sent.actor, sent.detail, sent.ip_address) == (
        region.users["administrator"],
        {"account": user.pk},
        "10.0.0.9",
    )
    [activated] = AuditEvent.objects.filter(action=Action.ACCOUNT_ACTIVATED)
    assert activated.actor == user
    token = link.rstrip("/").rsplit("/", 1)[1]
    for event in AuditEvent.objects.all():
        assert token not in str(event.detail) + str(event.changes) + event.reason


def test_a_mail_that_cannot_be_sent_records_nothing(region, settings):
    settings.EMAIL_BACKEND = "tests.accounts.test_activation.FailingBackend"
    with pytest.raises(OSError):
        invite(region)
    assert not User.objects.filter(email="new.person@example.org").exists()
    assert not AuditEvent.objects.filter(action=Action.ACTIVATION_SENT).exists()
    assert mail.outbox == []


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("the mail server is down")


def test_a_pending_case_reading_grant_is_asked_for_a_new_account(region):
    user = invite(region, role=Role.CASEWORKER, organisation=region.organisations["rs_ngo"])
    assert user.role == Role.STATISTICS_VIEWER
    assert user.access_grants.get().status == "pending"
    assert (
        access_grant(
            user=user, role=Role.STATISTICS_VIEWER, by=region.users["administrator"]
        ).status
        == "confirmed"
    )
