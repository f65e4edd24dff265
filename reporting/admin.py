"""Runs and releases in the admin: coordinators start runs; regional coordinators see
releases. Both are read-only records; work is started, and failed work retried, through the
services."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from casework.admin.readonly import ReadOnlyAdminMixin
from casework.admin.retry import retry_each
from casework.refusals import REFUSALS, refusal_text
from reporting.models import AggregationRun, Release
from reporting.releases import release_retry
from reporting.runs import aggregation_retry, aggregation_start, runs_visible_to


@admin.register(AggregationRun)
class AggregationRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "pk",
        "status",
        "progress",
        "territory",
        "full",
        "cases_read",
        "partitions",
        "started_by",
        "started_at",
        "finished_at",
        "error",
    ]
    list_filter = ["status", "territory", "full"]
    actions = ["start_incremental", "start_full", "retry_failed"]
    # The actions that start a new run, and so need no selection.
    start_actions = ("start_incremental", "start_full")

    def get_queryset(self, request):
        return runs_visible_to(request.user).select_related("started_by")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("reporting.start_aggregation")

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def changelist_view(self, request, extra_context=None):
        # The start actions need no selection: they start a new run.
        if request.method == "POST" and request.POST.get("action") in self.start_actions:
            post = request.POST.copy()
            post.setlist("_selected_action", ["0"])
            request.POST = post
        return super().changelist_view(request, extra_context)

    def _start(self, request, full: bool):
        try:
            run = aggregation_start(user=request.user, full=full)
        except REFUSALS as refusal:
            self.message_user(request, refusal_text(refusal), messages.ERROR)
            return
        self.message_user(
            request, _("Run %(id)s started; its progress shows in this list.") % {"id": run.pk}
        )

    @admin.action(description=_("Start an aggregation run (changed partitions)"))
    def start_incremental(self, request, queryset):
        self._start(request, full=False)

    @admin.action(description=_("Start a full aggregation run"))
    def start_full(self, request, queryset):
        self._start(request, full=True)

    @admin.action(description=_("Retry the selected failed runs"))
    def retry_failed(self, request, queryset):
        retry_each(
            self, request, queryset, lambda run: aggregation_retry(user=request.user, run_id=run.pk)
        )


@admin.register(Release)
class ReleaseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "number",
        "status",
        "threshold",
        "rounding_base",
        "published_by",
        "published_at",
        "error",
    ]
    actions = ["retry_failed"]
    readonly_fields = [
        "number",
        "status",
        "threshold",
        "rounding_base",
        "published_by",
        "created_at",
        "published_at",
        "error",
        "deliveries",
        "certificate",
    ]

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("reporting.publish_release")

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    @admin.action(description=_("Retry the selected releases whose task failed"))
    def retry_failed(self, request, queryset):
        retry_each(
            self, request, queryset, lambda r: release_retry(user=request.user, number=r.number)
        )
