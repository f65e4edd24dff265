"""What every admin of the project shares: records are written by services, never here."""


class ReadOnlyAdminMixin:
    """Nothing is added, changed or deleted through the admin: only services write."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
