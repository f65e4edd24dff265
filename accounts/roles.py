"""The five roles, and the permissions each holds, declared once.

Each role is a Django group of the same name carrying these permissions; `sync_role_groups`
makes the groups match this declaration after every migration. *Scope* (which organisation
or territory a permission applies to) is not a permission: how far each role's scope reaches
is the role ladder at the end of this module, and `accounts.access` turns it into querysets.
"""

from enum import IntEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    NATIONAL_COORDINATOR = "national_coordinator", _("National coordinator")
    REGIONAL_COORDINATOR = "regional_coordinator", _("Regional coordinator")
    STATISTICS_VIEWER = "statistics_viewer", _("Statistics viewer")
    ADMINISTRATOR = "administrator", _("Administrator")


CASE_READ = ("casework.view_case",)
CASE_WRITE = ("casework.add_case", "casework.change_case", "casework.submit_case")
CASE_REVIEW = ("casework.validate_case", "casework.return_case", "casework.reopen_case")
STATISTICS_RUNS = ("reporting.start_aggregation", "reporting.view_internal_cells")

ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.CASEWORKER: (
        *CASE_READ,
        *CASE_WRITE,
        "casework.withdraw_case",
        "casework.import_cases",
    ),
    Role.NATIONAL_COORDINATOR: (
        *CASE_READ,
        *CASE_WRITE,
        *CASE_REVIEW,
        "casework.withdraw_case",
        "casework.import_cases",
        "casework.review_duplicates",
        "casework.view_audit_log",
        *STATISTICS_RUNS,
    ),
    Role.REGIONAL_COORDINATOR: (
        *CASE_READ,
        "casework.review_duplicates",
        "casework.view_audit_log",
        *STATISTICS_RUNS,
        "reporting.publish_release",
        "accounts.view_accessgrant",
        "accounts.confirm_accessgrant",
    ),
    Role.STATISTICS_VIEWER: (),
    Role.ADMINISTRATOR: (
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_organisation",
        "accounts.add_organisation",
        "accounts.change_organisation",
        "accounts.view_accessgrant",
        "casework.view_security_events",
        "django_celery_beat.view_periodictask",
        "django_celery_beat.add_periodictask",
        "django_celery_beat.change_periodictask",
        "django_celery_beat.delete_periodictask",
        "django_celery_beat.view_crontabschedule",
        "django_celery_beat.add_crontabschedule",
        "django_celery_beat.change_crontabschedule",
        "django_celery_beat.view_intervalschedule",
        "django_celery_beat.add_intervalschedule",
        "django_celery_beat.change_intervalschedule",
    ),
}

# Roles whose holders read case records: granting one takes a regional coordinator's
# confirmation (accounts.grants).
CASE_READING_ROLES = frozenset(
    {Role.CASEWORKER, Role.NATIONAL_COORDINATOR, Role.REGIONAL_COORDINATOR}
)

# Roles that may enter the Django admin (each sees only what its permissions and scope allow).
ADMIN_ROLES = frozenset({Role.NATIONAL_COORDINATOR, Role.REGIONAL_COORDINATOR, Role.ADMINISTRATOR})

# Roles that must pass a second factor (TOTP) before they act.
SECOND_FACTOR_ROLES = ADMIN_ROLES


class Reach(IntEnum):
    """How far a scope reaches, narrowest first: the rungs of the role ladder."""

    NOTHING = 0  # no case record at all
    ORGANISATION = 1  # the cases of one's own organisation
    TERRITORY = 2  # the cases of one's own territory
    REGION = 3  # the cases of every territory


# The role ladder (ACCESS.md, "sees case records"), declared once: every scope (cases,
# imports, runs, internal cells, audit) reads it through `reach_of`, never the role itself.
ROLE_REACH: dict[str, Reach] = {
    Role.CASEWORKER: Reach.ORGANISATION,
    Role.NATIONAL_COORDINATOR: Reach.TERRITORY,
    Role.REGIONAL_COORDINATOR: Reach.REGION,
    Role.STATISTICS_VIEWER: Reach.NOTHING,
    Role.ADMINISTRATOR: Reach.NOTHING,
}


def reach_of(user) -> Reach:
    """How far `user`'s scope reaches. An anonymous or deactivated user's reaches nothing,
    whatever their role, as `User.has_role` has it."""
    if not user.is_authenticated or not user.is_active:
        return Reach.NOTHING
    return ROLE_REACH.get(user.role, Reach.NOTHING)


def reaches(user, reach: Reach) -> bool:
    """Whether `user`'s scope reaches at least as far as `reach`."""
    return reach_of(user) >= reach
