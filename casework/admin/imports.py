"""Imports in the admin: read-only records of who sent which file; a failed one is retried."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from casework.admin.dates import datetime_field
from casework.admin.readonly import ReadOnlyAdminMixin
from casework.admin.retry import retry_each
from casework.imports.services import import_retry, imports_visible_to
from casework.models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "pk",
        "file_name",
        "case_type",
        "organisation",
        "status",
        "progress",
        "rows",
        "created",
        "deliveries",
        "created_at_display",
        "finished_at_display",
    ]
    list_filter = ["status", "case_type"]
    fields = readonly_fields = [
        "file_name",
        "case_type",
        "organisation",
        "created_by",
        "status",
        "progress",
        "rows",
        "created",
        "errors",
        "deliveries",
        "created_at_display",
        "finished_at_display",
    ]
    actions = ["retry_failed"]

    created_at_display = datetime_field(ImportJob, "created_at")
    finished_at_display = datetime_field(ImportJob, "finished_at")

    def get_queryset(self, request):
        return imports_visible_to(request.user)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("casework.import_cases")

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    @admin.action(description=_("Retry the selected imports that failed while they ran"))
    def retry_failed(self, request, queryset):
        retry_each(
            self, request, queryset, lambda job: import_retry(user=request.user, import_id=job.pk)
        )
