"""The second factor: required for coordinators and administrators, optional for others."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import Action, AuditEvent
from tests.factories import PASSWORD


@pytest.fixture(autouse=True)
def second_factor_on(settings):
    settings.SECOND_FACTOR_REQUIRED = True


def sign_in(client, email):
    response = client.post(reverse("login"), {"username": email, "password": PASSWORD})
    assert response.status_code == 302
    return response


def code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.mark.parametrize("person", ["national_rs", "regional", "administrator"])
def test_roles_that_need_it_are_taken_to_set_it_up_before_anything_else(client, region, person):
    sign_in(client, region.users[person].email)
    for path in (reverse("home"), "/cases/", "/admin/", "/statistics/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("two_factor_setup"))


def test_setting_it_up_with_a_right_code_opens_the_application(client, region):
    sign_in(client, "national.rs@example.org")
    page = client.get(reverse("two_factor_setup"))
    assert b"data:image/svg+xml;base64," in page.content
    device = TOTPDevice.objects.get(user=region.users["national_rs"])
    assert client.post(reverse("two_factor_setup"), {"token": "000000"}).status_code == 400
    device.refresh_from_db()
    assert not device.confirmed
    device.throttle_reset()
    confirmed = client.post(reverse("two_factor_setup"), {"token": code(device), "next": "/admin/"})
    assert confirmed["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert AuditEvent.objects.filter(action=Action.SECOND_FACTOR).exists()


def test_the_next_sign_in_asks_for_the_code_and_refuses_a_wrong_one(client, region):
    device = TOTPDevice.objects.create(user=region.users["regional"], name="app", confirmed=True)
    sign_in(client, "regional@example.org")
    assert client.get(reverse("home"))["Location"].startswith(reverse("two_factor_verify"))
    wrong = client.post(reverse("two_factor_verify"), {"token": "123456"})
    assert wrong.status_code == 400
    assert client.get(reverse("home")).status_code == 302
    assert AuditEvent.objects.filter(action=Action.SECOND_FACTOR_FAILED).exists()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # django-otp delays the next try after a miss
    device.throttle_reset()
    right = client.post(reverse("two_factor_verify"), {"token": code(device)})
    assert right.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_a_caseworker_without_a_device_is_not_asked(client, region):
    sign_in(client, "caseworker.rs_ngo@example.org")
    assert client.get(reverse("home")).status_code == 200


def test_a_caseworker_who_set_one_up_is_asked_for_it(client, region):
    TOTPDevice.objects.create(user=region.users["caseworker_rs_ngo"], name="app", confirmed=True)
    sign_in(client, "caseworker.rs_ngo@example.org")
    assert client.get(reverse("home"))["Location"].startswith(reverse("two_factor_verify"))


def test_an_unverified_coordinator_session_reaches_no_api(client, region):
    sign_in(client, "national.rs@example.org")
    response = client.get("/api/v1/cases/trafficking/")
    assert response.status_code == 302


def test_next_never_leads_off_the_site(client, region):
    device = TOTPDevice.objects.create(user=region.users["regional"], name="app", confirmed=True)
    sign_in(client, "regional@example.org")
    response = client.post(
        reverse("two_factor_verify"), {"token": code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("home")
