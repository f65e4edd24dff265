from django.contrib.auth.backends import ModelBackend

from accounts.roles import ROLE_PERMISSIONS


class RoleBackend(ModelBackend):
    """A user's permissions are those their role declares (`accounts.roles`), and no others.

    The role field is the single truth: there is no group membership to keep in step with it,
    and no permission of a user's own. The role groups mirror the declaration (made so by
    `sync_role_groups` after every migration, and not edited by hand), so the declaration is
    read rather than the database: two queries fewer on every request that checks a
    permission, which is every API request. (A superuser, which no role is, holds every
    permission, as Django has it.)
    """

    def get_user_permissions(self, user_obj, obj=None):
        if user_obj.is_superuser:
            return super().get_user_permissions(user_obj, obj)
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        if user_obj.is_superuser:
            return super().get_group_permissions(user_obj, obj)
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        return set(ROLE_PERMISSIONS.get(user_obj.role, ()))

    # Django's async checks would otherwise query groups and users' own permissions.
    async def aget_user_permissions(self, user_obj, obj=None):
        if user_obj.is_superuser:
            return await super().aget_user_permissions(user_obj, obj)
        return self.get_user_permissions(user_obj, obj)  # no database work

    async def aget_group_permissions(self, user_obj, obj=None):
        if user_obj.is_superuser:
            return await super().aget_group_permissions(user_obj, obj)
        return self.get_group_permissions(user_obj, obj)  # no database work
