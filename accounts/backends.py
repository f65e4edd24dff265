from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission


class RoleBackend(ModelBackend):
    """A user's permissions are those of the group named after their role.

    The role field is the single truth: there is no group membership to keep in step with it.
    """

    def _get_group_permissions(self, user_obj):
        return Permission.objects.filter(group__name=user_obj.role)
