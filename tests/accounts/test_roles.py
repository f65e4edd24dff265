import pytest

from accounts.roles import ROLE_PERMISSIONS, Role

# What ACCESS.md grants each role, as permissions (scope is tested in test_access.py).
EXPECTED = {
    "casework.view_case": {"caseworker", "national_coordinator", "regional_coordinator"},
    "casework.add_case": {"caseworker", "national_coordinator"},
    "casework.change_case": {"caseworker", "national_coordinator"},
    "casework.submit_case": {"caseworker", "national_coordinator"},
    "casework.withdraw_case": {"caseworker", "national_coordinator"},
    "casework.validate_case": {"national_coordinator"},
    "casework.return_case": {"national_coordinator"},
    "casework.reopen_case": {"national_coordinator"},
    "casework.import_cases": {"caseworker", "national_coordinator"},
    "casework.review_duplicates": {"national_coordinator", "regional_coordinator"},
    "casework.view_audit_log": {"national_coordinator", "regional_coordinator"},
    "casework.view_security_events": {"administrator"},
    "reporting.start_aggregation": {"national_coordinator", "regional_coordinator"},
    "reporting.view_internal_cells": {"national_coordinator", "regional_coordinator"},
    "reporting.publish_release": {"regional_coordinator"},
    "accounts.change_user": {"administrator"},
    "accounts.confirm_accessgrant": {"regional_coordinator"},
    "accounts.add_organisation": {"administrator"},
    "django_celery_beat.change_periodictask": {"administrator"},
}


@pytest.mark.parametrize("permission", sorted(EXPECTED))
def test_each_role_holds_exactly_the_permissions_access_grants_it(region, permission):
    holders = {user.role for user in region.users.values() if user.has_perm(permission)}
    assert holders == EXPECTED[permission]


def test_a_role_group_exists_for_every_role_with_its_declared_permissions(db):
    from django.contrib.auth.models import Group

    for role in Role:
        group = Group.objects.get(name=role)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert held == set(ROLE_PERMISSIONS[role])


def test_admin_access_follows_the_role(region):
    staff = {user.role for user in region.users.values() if user.is_staff}
    assert staff == {"national_coordinator", "regional_coordinator", "administrator"}


def test_an_inactive_user_holds_no_permission(region):
    coordinator = region.users["national_rs"]
    coordinator.is_active = False
    coordinator.save()
    assert not coordinator.has_perm("casework.view_case")
    assert not coordinator.is_staff


def test_no_role_is_a_superuser(region):
    assert not any(user.is_superuser for user in region.users.values())


def test_the_database_refuses_a_caseworker_without_organisation(db):
    from django.db import IntegrityError

    from accounts.models import User

    with pytest.raises(IntegrityError):
        User.objects.bulk_create([User(email="x@example.org", role=Role.CASEWORKER)])


def test_the_database_refuses_a_national_coordinator_without_territory(db):
    from django.db import IntegrityError

    from accounts.models import User

    with pytest.raises(IntegrityError):
        User.objects.bulk_create([User(email="y@example.org", role=Role.NATIONAL_COORDINATOR)])


def test_a_permission_check_reads_the_declaration_not_the_database(
    region, django_assert_num_queries
):
    from accounts.models import User

    coordinator = User.objects.get(pk=region.users["national_rs"].pk)  # nothing cached
    with django_assert_num_queries(0):
        assert coordinator.has_perm("casework.validate_case")
        assert not coordinator.has_perm("reporting.publish_release")
        assert coordinator.has_module_perms("casework")


def test_the_async_check_follows_the_role_too(region):
    from asgiref.sync import async_to_sync

    coordinator = region.users["national_rs"]
    assert async_to_sync(coordinator.ahas_perm)("casework.validate_case")
    assert not async_to_sync(coordinator.ahas_perm)("reporting.publish_release")


def test_a_superuser_holds_every_permission(db):
    from accounts.models import User

    superuser = User.objects.create_user(
        email="root@example.org", password="x" * 16, role="administrator", is_superuser=True
    )
    assert superuser.has_perm("casework.validate_case")
    assert "reporting.publish_release" in superuser.get_all_permissions()
