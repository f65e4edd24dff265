"""The audit log in the Django admin: read-only, and scoped by role.

National coordinators read their territory's events, regional coordinators every event but
the security ones, administrators only the security events (sign-ins, failures, lockouts).
Nobody else reads it, and nobody adds, changes or deletes an event.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy

from audit.models import AuditEvent
from audit.selectors import audit_events_visible_to
from casework.admin.dates import datetime_field
from casework.admin.readonly import ReadOnlyAdminMixin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "at_display",
        "actor",
        "attempted_username",
        "action",
        "case",
        "territory",
        "ip_address",
    ]
    list_filter = ["action", "territory"]
    date_hierarchy = "at"
    search_fields = ["case__reference", "actor__email", "attempted_username"]
    list_select_related = ["actor", "case"]
    fields = [
        "at_display",
        "actor_display",
        "attempted_username",
        "action",
        "case",
        "territory",
        "changes",
        "reason",
        "detail",
        "ip_address",
    ]
    readonly_fields = fields

    at_display = datetime_field(AuditEvent, "at")

    # Plain text, not the admin's usual link: coordinators cannot open users.
    @admin.display(description=gettext_lazy("who"))
    def actor_display(self, event):
        return str(event.actor) if event.actor_id else "—"

    def get_queryset(self, request):
        events = audit_events_visible_to(request.user)
        ordering = self.get_ordering(request)
        return events.order_by(*ordering) if ordering else events

    def has_view_permission(self, request, obj=None):
        user = request.user
        return user.has_perm("casework.view_audit_log") or user.has_perm(
            "casework.view_security_events"
        )

    def has_module_permission(self, request):
        # The permissions live in the casework app, so the audit app needs saying so.
        return self.has_view_permission(request)
