from django.urls import reverse

from audit.models import Action, AuditEvent
from tests.factories import PASSWORD

NEW_PASSWORD = "another long and uncommon passphrase"


def change(client, old, new=NEW_PASSWORD):
    data = {"old_password": old, "new_password1": new, "new_password2": new}
    return client.post(reverse("password_change"), data, REMOTE_ADDR="10.2.2.2")


def test_the_password_form_locks_after_repeated_wrong_current_passwords(client, region, settings):
    user = region.users["caseworker_rs_ngo"]
    client.force_login(user)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert change(client, "a wrong guess").status_code == 200
    assert change(client, "a wrong guess").status_code == 429
    locked = change(client, PASSWORD)
    assert locked.status_code == 429
    assert b"Too many wrong passwords" in locked.content
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_lock_of_the_password_form_holds_no_other_user(client, region, settings):
    client.force_login(region.users["caseworker_rs_ngo"])
    for _ in range(settings.AXES_FAILURE_LIMIT):
        change(client, "a wrong guess")
    client.force_login(region.users["caseworker_al_ngo"])
    assert change(client, PASSWORD).status_code == 302


def test_password_changes_and_refusals_are_audited_without_the_passwords(client, region, settings):
    user = region.users["caseworker_rs_ngo"]
    client.force_login(user)
    change(client, "a wrong guess")
    change(client, PASSWORD, new="short")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        change(client, "a wrong guess")
    events = AuditEvent.objects.filter(actor=user).exclude(action=Action.LOGIN).order_by("pk")
    assert [(e.action, e.detail.get("fields")) for e in events] == [
        (Action.PASSWORD_CHANGE_FAILED, ["old_password"]),
        (Action.PASSWORD_CHANGE_FAILED, ["new_password2"]),
        *[(Action.PASSWORD_CHANGE_FAILED, ["old_password"])] * (settings.AXES_FAILURE_LIMIT - 1),
        (Action.LOCKOUT, None),
    ]
    assert {e.ip_address for e in events} == {"10.2.2.2"}
    written = repr(list(AuditEvent.objects.values()))
    assert "a wrong guess" not in written
    assert "short" not in written


def test_a_successful_change_is_audited_and_forgives_earlier_wrong_guesses(
    client, region, settings
):
    user = region.users["caseworker_rs_ngo"]
    client.force_login(user)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        change(client, "a wrong guess")
    assert change(client, PASSWORD).status_code == 302
    assert AuditEvent.objects.filter(actor=user, action=Action.PASSWORD_CHANGED).count() == 1
    assert change(client, "a wrong guess", new=PASSWORD + "!").status_code == 200
    assert not AuditEvent.objects.filter(actor=user, action=Action.LOCKOUT).exists()
    assert NEW_PASSWORD not in repr(list(AuditEvent.objects.values()))


def test_the_admins_password_form_is_the_sites_rate_limited_one(client, region):
    # Django's own admin form would take unlimited guesses of the current password.
    client.force_login(region.users["regional"])
    response = client.get("/admin/password_change/")
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change")
    assert client.post("/admin/password_change/", {"old_password": "x"}).status_code == 302
    region.users["regional"].refresh_from_db()
    assert region.users["regional"].check_password(PASSWORD)
