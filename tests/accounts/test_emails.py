"""E-mail addresses are compared without case: stored lower-cased, unique without case,
signed in under any case; look-alike addresses are refused."""

import importlib

import pytest
from django.db import IntegrityError
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from tests.accounts.helpers import ADD_URL, access_data, can_sign_in
from tests.factories import PASSWORD


def lower_case_emails(apps, schema_editor):
    migration = importlib.import_module("accounts.migrations.0004_emails_lower_case")
    return migration.lower_case_emails(apps, schema_editor)


def test_a_user_signs_in_under_any_case_of_their_address(region):
    assert can_sign_in("Caseworker.RS_NGO@Example.ORG", PASSWORD)


def test_addresses_are_stored_lower_cased(db):
    user = User.objects.create_user(email="New.Person@Example.ORG", role=Role.STATISTICS_VIEWER)
    assert user.email == "new.person@example.org"


def test_the_database_refuses_an_address_that_is_not_lower_cased(db):
    with pytest.raises(IntegrityError):
        User.objects.bulk_create([User(email="Loud@Example.org", role=Role.STATISTICS_VIEWER)])


@pytest.mark.parametrize(
    "look_alike",
    [
        "Caseworker.RS_NGO@example.org",
        "CASEWORKER.RS_NGO@EXAMPLE.ORG",
        " caseworker.rs_ngo@example.org ",
        "ｃaseworker.rs_ngo@example.org",  # a full-width letter
        "caseworker.rs_ngo@ｅxample.org",
    ],
)
def test_the_admin_refuses_a_look_alike_of_an_existing_address(client, region, look_alike):
    client.force_login(region.users["administrator"])
    response = client.post(
        ADD_URL,
        {
            "email": look_alike,
            **access_data(Role.STATISTICS_VIEWER),
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["email"]
    assert User.objects.filter(email__iexact="caseworker.rs_ngo@example.org").count() == 1


def test_a_domain_in_another_script_is_kept_in_its_visibly_different_form(client, region):
    client.force_login(region.users["administrator"])
    client.post(ADD_URL, {"email": "person@ехample.org", **access_data(Role.STATISTICS_VIEWER)})
    assert User.objects.filter(email="person@xn--ample-ywe6i.org").exists()


def test_a_local_part_in_another_script_is_refused(client, region):
    client.force_login(region.users["administrator"])
    response = client.post(
        ADD_URL, {"email": "саseworker@example.org", **access_data(Role.STATISTICS_VIEWER)}
    )
    assert response.status_code == 200
    assert not User.objects.filter(email__startswith="с").exists()


def test_failed_sign_ins_under_different_cases_count_towards_one_lockout(client, region, settings):
    variants = ["national.rs@example.org", "National.RS@example.org", "NATIONAL.RS@EXAMPLE.ORG"]
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": variants[n % 3], "password": "wrong password"})
    locked = client.post(
        reverse("login"), {"username": "NaTiOnAl.rs@example.org", "password": PASSWORD}
    )
    assert locked.status_code == 429


class Rows:
    """The users table as the migration reads and writes it (`apps.get_model(...).objects`),
    holding addresses that the database now refuses to hold side by side."""

    def __init__(self, rows: dict[int, str]):
        self.rows, self.updated, self.objects = rows, {}, self

    def get_model(self, app_label, model_name):
        return self

    def order_by(self, *fields):
        return self

    def values_list(self, *fields):
        return sorted(self.rows.items())

    def filter(self, pk):
        self.selected = pk
        return self

    def update(self, email):
        self.updated[self.selected] = email


def test_the_migration_lower_cases_existing_addresses():
    rows = Rows({1: "Mixed@Example.org", 2: "plain@example.org"})
    lower_case_emails(rows, None)
    assert rows.updated == {1: "mixed@example.org"}


def test_the_migration_stops_on_addresses_that_differ_only_in_case_and_names_them():
    rows = Rows({1: "Person@Example.org", 2: "person@example.org", 3: "other@example.org"})
    with pytest.raises(
        RuntimeError, match=r"Person@Example.org \(id 1\), person@example.org \(id 2\)"
    ):
        lower_case_emails(rows, None)
    assert rows.updated == {}
