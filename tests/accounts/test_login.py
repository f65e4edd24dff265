import pytest
from django.urls import reverse

from tests.factories import PASSWORD


def sign_in(client, email, password, address="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=address
    )


def test_the_login_page_is_served_to_anyone(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b'name="username"' in response.content
    assert b"csrfmiddlewaretoken" in response.content


def test_pages_need_a_signed_in_user(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_user_signs_in_with_email_and_password(client, region):
    response = sign_in(client, "caseworker.rs_ngo@example.org", PASSWORD)
    assert response.status_code == 302
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert b"Atina" in home.content


def test_logins_lock_after_repeated_failures_for_that_username_and_address(
    client, region, settings
):
    email = "national.rs@example.org"
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, email, "wrong password").status_code == 200
    assert sign_in(client, email, "wrong password").status_code == 429
    locked = sign_in(client, email, PASSWORD)
    assert locked.status_code == 429
    assert b"temporarily locked" in locked.content
    assert "_auth_user_id" not in client.session


def test_a_lockout_holds_neither_another_address_nor_another_user(client, region, settings):
    email = "national.rs@example.org"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, email, "wrong password")
    assert sign_in(client, email, PASSWORD, address="10.0.0.2").status_code == 302
    client.logout()
    assert sign_in(client, "regional@example.org", PASSWORD).status_code == 302


def test_a_lockout_ends_after_the_cool_off(client, region, settings):
    import datetime

    from axes.models import AccessAttempt

    email = "national.rs@example.org"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, email, "wrong password")
    assert sign_in(client, email, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC))
    assert sign_in(client, email, PASSWORD).status_code == 302


def test_sessions_expire_after_thirty_idle_minutes(client, region, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    sign_in(client, "caseworker.rs_ngo@example.org", PASSWORD)
    client.get(reverse("home"))
    assert client.session.get_expiry_age() == 30 * 60
    # Idle, not absolute: each request pushes the expiry forward.
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_an_expired_session_sends_the_user_back_to_sign_in(client, region):
    from django.contrib.sessions.models import Session

    sign_in(client, "caseworker.rs_ngo@example.org", PASSWORD)
    Session.objects.update(expire_date="2000-01-01T00:00:00Z")
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("password", ["password123", "qwertyuiop12", "short", "12345678901234"])
def test_weak_passwords_are_refused(region, password):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password(password, region.users["viewer"])


def test_the_language_switcher_changes_the_language(client, region):
    sign_in(client, "caseworker.rs_ngo@example.org", PASSWORD)
    response = client.post(reverse("set_language"), {"language": "sr-latn", "next": "/"})
    assert response.status_code == 302
    page = client.get(reverse("home"))
    assert b'lang="sr-latn"' in page.content


def test_pages_carry_the_session_length_and_a_ping_that_keeps_the_session(client, region):
    client.force_login(region.users["caseworker_rs_ngo"])
    page = client.get(reverse("home")).content.decode()
    assert 'data-session-seconds="1800"' in page
    assert 'id="session-warning"' in page
    assert client.get(reverse("session_ping")).status_code == 204
    client.logout()
    assert client.get(reverse("session_ping")).status_code == 302
