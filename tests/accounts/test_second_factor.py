"""The second factor: required for coordinators and administrators, optional for others."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django_otp.oath import TOTP, totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.second_factor import ADJACENT_STEPS
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


# A fixed clock, in the middle of a 30-second step (1,800,000,000 is a step's start).
STEP_START = 1_800_000_000


@pytest.fixture
def clock(monkeypatch):
    """The time django-otp reads for codes (time.time) and for its waits (timezone.now)."""
    clock = SimpleNamespace(now=STEP_START + 15.0)
    monkeypatch.setattr(
        "django_otp.plugins.otp_totp.models.time", SimpleNamespace(time=lambda: clock.now)
    )
    monkeypatch.setattr(
        "django.utils.timezone.now", lambda: dt.datetime.fromtimestamp(clock.now, dt.UTC)
    )
    return clock


def code_at(device: TOTPDevice, when: float) -> str:
    """The code an authenticator app shows at `when`."""
    generator = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    generator.time = when
    return f"{generator.token():0{device.digits}d}"


def set_up(client, clock) -> TOTPDevice:
    sign_in(client, "national.rs@example.org")
    assert client.get(reverse("two_factor_setup")).status_code == 200
    return TOTPDevice.objects.get(user__email="national.rs@example.org")


@pytest.mark.parametrize("steps", [-1, 0, 1], ids=["previous", "current", "next"])
def test_setting_it_up_accepts_the_code_of_the_adjacent_step(client, region, clock, steps):
    device = set_up(client, clock)
    assert device.tolerance == ADJACENT_STEPS == 1

    response = client.post(
        reverse("two_factor_setup"), {"token": code_at(device, clock.now + steps * 30)}
    )

    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed


@pytest.mark.parametrize("steps", [-2, 2])
def test_setting_it_up_refuses_a_code_two_steps_away(client, region, clock, steps):
    device = set_up(client, clock)

    response = client.post(
        reverse("two_factor_setup"), {"token": code_at(device, clock.now + steps * 30)}
    )

    assert response.status_code == 400
    assert "That code is not right." in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


def test_a_code_read_as_the_step_changes_and_sent_a_second_later_is_accepted(client, region, clock):
    device = set_up(client, clock)
    clock.now = STEP_START + 29.5
    shown = code_at(device, clock.now)
    clock.now += 1  # the next step has begun when the code arrives

    response = client.post(reverse("two_factor_setup"), {"token": shown})

    assert response.status_code == 302


@pytest.mark.parametrize(("steps", "status"), [(-1, 302), (1, 302), (-2, 400), (2, 400)])
def test_signing_in_accepts_the_adjacent_step_and_no_further(client, region, clock, steps, status):
    device = TOTPDevice.objects.create(user=region.users["regional"], name="app", confirmed=True)
    sign_in(client, "regional@example.org")

    response = client.post(
        reverse("two_factor_verify"), {"token": code_at(device, clock.now + steps * 30)}
    )

    assert response.status_code == status


def test_a_code_as_the_app_shows_it_with_a_space_is_accepted(client, region, clock):
    device = TOTPDevice.objects.create(user=region.users["regional"], name="app", confirmed=True)
    sign_in(client, "regional@example.org")
    code = code_at(device, clock.now)

    response = client.post(reverse("two_factor_verify"), {"token": f"{code[:3]} {code[3:]}"})

    assert response.status_code == 302


def test_a_right_code_too_soon_after_a_wrong_one_is_told_to_wait_not_that_it_is_wrong(
    client, region, clock
):
    device = TOTPDevice.objects.create(user=region.users["regional"], name="app", confirmed=True)
    sign_in(client, "regional@example.org")
    assert client.post(reverse("two_factor_verify"), {"token": "000000"}).status_code == 400

    too_soon = client.post(reverse("two_factor_verify"), {"token": code_at(device, clock.now)})

    assert too_soon.status_code == 400
    page = too_soon.content.decode()
    assert "After a wrong code, wait 1 second, then enter the current code." in page
    assert "That code is not right." not in page
    clock.now += 1
    right = client.post(reverse("two_factor_verify"), {"token": code_at(device, clock.now)})
    assert right.status_code == 302
