"""An administrator manages accounts without ever holding one's credentials: no password is
set or seen in the admin, an activation link goes to the person, the address stays put."""

from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from tests.accounts.helpers import (
    ADD_URL,
    NEW_PASSWORD,
    access_data,
    activate,
    activation_link,
    can_sign_in,
    change_url,
)
from tests.factories import PASSWORD

ADMIN_PASSWORD = "a password the administrator picked 1"


def as_administrator(client, region):
    client.force_login(region.users["administrator"])
    return client


def test_an_administrator_creating_an_account_sets_no_password_and_the_person_gets_a_link(
    client, region
):
    as_administrator(client, region)
    response = client.post(
        ADD_URL,
        {
            "email": "new.person@example.org",
            **access_data(Role.STATISTICS_VIEWER),
            "password1": ADMIN_PASSWORD,
            "password2": ADMIN_PASSWORD,
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    user = User.objects.get(email="new.person@example.org")
    assert not user.has_usable_password()
    assert not can_sign_in(user.email, ADMIN_PASSWORD)

    [message] = mail.outbox
    assert message.to == ["new.person@example.org"]
    assert "/accounts/activate/" in message.body
    page = client.get(change_url(user)).content.decode()
    assert "activation sent at" in page.lower()
    assert "/accounts/activate/" not in page
    assert 'name="password' not in page


def test_the_admin_has_no_page_that_sets_a_password(client, region):
    viewer = region.users["viewer"]
    as_administrator(client, region)
    url = f"/admin/accounts/user/{viewer.pk}/password/"
    client.post(
        url, {"password1": ADMIN_PASSWORD, "password2": ADMIN_PASSWORD, "usable_password": "true"}
    )
    viewer.refresh_from_db()
    assert not viewer.check_password(ADMIN_PASSWORD)
    assert viewer.check_password(PASSWORD)


def test_an_administrator_cannot_sign_in_as_an_account_to_enrol_its_second_factor(
    client, region, settings
):
    """The attack found: set the password, sign in as the account, set up its TOTP."""
    coordinator = region.users["national_rs"]
    as_administrator(client, region)
    client.post(
        f"/admin/accounts/user/{coordinator.pk}/password/",
        {"password1": ADMIN_PASSWORD, "password2": ADMIN_PASSWORD, "usable_password": "true"},
    )
    client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "send_activation", "_selected_action": [coordinator.pk]},
    )
    assert client.get("/admin/otp_totp/totpdevice/add/").status_code == 403
    settings.SECOND_FACTOR_REQUIRED = True
    attacker = Client()
    for password in (ADMIN_PASSWORD, PASSWORD):
        attacker.post(reverse("login"), {"username": coordinator.email, "password": password})
    setup = attacker.get(reverse("two_factor_setup"))
    assert setup.status_code == 302
    assert setup["Location"].startswith(reverse("login"))
    assert not coordinator.totpdevice_set.exists()


def test_an_account_case_reading_role_given_in_the_admin_waits_for_a_regional_coordinator(
    client, region
):
    viewer = region.users["viewer"]
    atina = region.organisations["rs_ngo"]
    as_administrator(client, region)
    response = client.post(
        change_url(viewer),
        {"email": viewer.email, "is_active": "on", **access_data(Role.CASEWORKER, atina)},
    )
    assert response.status_code == 302
    viewer.refresh_from_db()
    assert viewer.role == Role.STATISTICS_VIEWER
    assert viewer.organisation is None
    assert not viewer.has_perm("casework.view_case")
    page = client.get(change_url(viewer)).content.decode()
    assert "Caseworker (Atina (RS))" in page  # shown as awaiting confirmation


def test_the_admin_cannot_change_an_accounts_address(client, region):
    caseworker = region.users["caseworker_rs_ngo"]
    as_administrator(client, region)
    client.post(
        change_url(caseworker),
        {
            "email": "someone.else@example.org",
            "is_active": "on",
            **access_data(Role.CASEWORKER, caseworker.organisation),
        },
    )
    caseworker.refresh_from_db()
    assert caseworker.email == "caseworker.rs_ngo@example.org"
    assert caseworker.role == Role.CASEWORKER  # an unchanged access is no new grant


def test_an_activation_link_sent_from_the_admin_lets_the_person_in_and_cuts_the_old_password(
    client, region
):
    caseworker = region.users["caseworker_rs_ngo"]
    as_administrator(client, region)
    client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "send_activation", "_selected_action": [caseworker.pk]},
    )
    assert not can_sign_in(caseworker.email, PASSWORD)
    person = Client()
    activate(person, activation_link(caseworker.email))
    assert person.get(reverse("home")).status_code == 200
    assert can_sign_in(caseworker.email, NEW_PASSWORD)


def test_the_user_list_shows_pending_access_without_a_query_per_user(
    client, region, django_assert_max_num_queries
):
    as_administrator(client, region)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200


def test_a_link_that_cannot_be_mailed_is_reported_and_changes_nothing(client, region, settings):
    settings.EMAIL_BACKEND = "tests.accounts.test_activation.FailingBackend"
    caseworker = region.users["caseworker_rs_ngo"]
    as_administrator(client, region)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "send_activation", "_selected_action": [caseworker.pk]},
        follow=True,
    )
    assert "No activation link could be sent" in response.content.decode()
    caseworker.refresh_from_db()
    assert caseworker.check_password(PASSWORD)
    assert caseworker.activation_sent_at is None


def test_an_organisation_holding_cases_keeps_its_name_in_the_admin(client, region):
    # The name is what a regional coordinator reads when confirming access to its cases:
    # renamed for a confirmation and back after it, it would make the confirmation a formality.
    from tests.casework.cases import record

    organisation = region.organisations["rs_ngo"]
    record(region.users["caseworker_rs_ngo"])
    as_administrator(client, region)
    url = reverse("admin:accounts_organisation_change", args=[organisation.pk])
    response = client.post(
        url, {"name": "Training sandbox", "territory": "RS", "kind": organisation.kind}
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Atina"


def test_an_account_whose_link_cannot_be_mailed_is_not_made_and_the_admin_says_so(
    client, region, settings
):
    settings.EMAIL_BACKEND = "tests.accounts.test_activation.FailingBackend"
    as_administrator(client, region)
    response = client.post(
        ADD_URL,
        {"email": "new.person@example.org", **access_data(Role.STATISTICS_VIEWER)},
        follow=True,
    )
    assert response.status_code == 200
    assert "No activation link could be sent" in response.content.decode()
    assert not User.objects.filter(email="new.person@example.org").exists()
