from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from accounts.roles import ROLE_PERMISSIONS


def sync_role_groups(*, using: str = "default", **kwargs) -> None:
    """Make each role's group hold exactly the permissions `ROLE_PERMISSIONS` declares.

    Runs after every migration, so a permission added to the declaration reaches the
    database with the next deployment. A declared permission that does not exist is a
    mistake in the declaration, and fails loudly.
    """
    # Django creates each app's permissions on that app's own post_migrate signal; those
    # of apps after this one would not exist yet, so create them all first (idempotent).
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    for role, names in ROLE_PERMISSIONS.items():
        wanted = Q(pk__in=[])
        for name in names:
            app_label, codename = name.split(".")
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        permissions = list(
            Permission.objects.using(using).filter(wanted).select_related("content_type")
        )
        found = {f"{p.content_type.app_label}.{p.codename}" for p in permissions}
        if unknown := set(names) - found:
            raise LookupError(f"Role {role} declares unknown permissions: {sorted(unknown)}")
        group, _ = Group.objects.using(using).get_or_create(name=role)
        group.permissions.set(permissions)
