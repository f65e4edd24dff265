"""Runs and releases in the admin: coordinators start runs; regional coordinators see
releases. Both are read-only records; work is started, and failed work retried, through the
services."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import display_for_field, display_for_value, lookup_field
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import Reach, reaches
from accounts.territories import territory_choices
from casework.admin.dates import datetime_field
from casework.admin.readonly import ReadOnlyAdminMixin
from casework.admin.retry import retry_each
from casework.errors import RunNotFound
from casework.refusals import REFUSALS, refusal_text
from reporting.models import AggregationRun, Release
from reporting.releases import release_retry
from reporting.runs import aggregation_retry, aggregation_start, run_get, runs_visible_to

# The list's columns of a run that change while it works: the status endpoint sends them as
# the list shows them, and static/js/runs.js writes them into the run's row.
FOLLOWED = [
    "run_status",
    "progress",
    "cases_read",
    "partitions",
    "started_at_display",
    "finished_at_display",
    "error",
]


class RunStartForm(forms.Form):
    """What the list's "start" form posts. Which territory a person may run is the
    service's rule, not this form's: the territory is passed on as posted."""

    kind = forms.ChoiceField(choices=[("changed", "changed"), ("full", "full")])
    territory = forms.CharField(required=False)


@admin.register(AggregationRun)
class AggregationRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "pk",
        "run_status",
        "progress",
        "territory",
        "full",
        "cases_read",
        "partitions",
        "started_by",
        "started_at_display",
        "finished_at_display",
        "error",
    ]
    # The page of a run, its dates as the list writes them.
    fields = readonly_fields = [
        "status",
        "territory",
        "full",
        "progress",
        "cases_read",
        "partitions",
        "started_by",
        "created_at_display",
        "started_at_display",
        "finished_at_display",
        "error",
        "deliveries",
    ]
    list_filter = ["status", "territory", "full"]
    # Runs are started from the list's own form, not an action: Django shows no action on an
    # empty list, and a national coordinator's list is empty until their first run.
    actions = ["retry_failed"]

    created_at_display = datetime_field(AggregationRun, "created_at")
    started_at_display = datetime_field(AggregationRun, "started_at")
    finished_at_display = datetime_field(AggregationRun, "finished_at")

    def get_queryset(self, request):
        return runs_visible_to(request.user).select_related("started_by")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("reporting.start_aggregation")

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("start/", view(self.start_view), name="reporting_aggregationrun_start"),
            path(
                "<path:object_id>/status/",
                view(self.status_view),
                name="reporting_aggregationrun_status",
            ),
            *super().get_urls(),
        ]

    @admin.display(
        description=AggregationRun._meta.get_field("status").verbose_name, ordering="status"
    )
    def run_status(self, run):
        label = run.get_status_display()
        if run.status not in AggregationRun.active_states:
            return label
        url = reverse("admin:reporting_aggregationrun_status", args=[run.pk])
        return format_html('<span data-run-status="{}" aria-live="polite">{}</span>', url, label)

    def changelist_view(self, request, extra_context=None):
        user = request.user
        context = {
            "start_url": reverse("admin:reporting_aggregationrun_start"),
            # A regional coordinator chooses; a national coordinator's run is their territory's.
            "territory_choices": territory_choices() if reaches(user, Reach.REGION) else None,
            "own_territory": user.get_territory_display() if user.territory else "",
            # Without JavaScript, the list reloads itself while a run works (its <noscript>).
            "runs_active": self.get_queryset(request)
            .filter(status__in=AggregationRun.active_states)
            .exists(),
            **(extra_context or {}),
        }
        return super().changelist_view(request, context)

    @staticmethod
    def _changelist():
        return redirect("admin:reporting_aggregationrun_changelist")

    @method_decorator(require_POST)
    def start_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = RunStartForm(request.POST)
        if not form.is_valid():
            self.message_user(request, _("Choose the kind of run to start."), messages.ERROR)
            return self._changelist()
        try:
            run = aggregation_start(
                user=request.user,
                territory=form.cleaned_data["territory"],
                full=form.cleaned_data["kind"] == "full",
            )
        except REFUSALS as refusal:
            self.message_user(request, refusal_text(refusal), messages.ERROR)
            return self._changelist()
        self.message_user(
            request, _("Run %(id)s started; its progress shows in this list.") % {"id": run.pk}
        )
        return self._changelist()

    @method_decorator(require_GET)
    def status_view(self, request, object_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            run = run_get(user=request.user, run_id=object_id)
        except RunNotFound:
            raise Http404 from None
        cells = {column: self._cell(run, column) for column in FOLLOWED}
        # The status as plain text: its cell keeps the marker runs.js writes into.
        cells["run_status"] = run.get_status_display()
        return JsonResponse(
            {
                "id": run.pk,
                "status": run.status,
                "active": run.status in AggregationRun.active_states,
                "cells": cells,
            }
        )

    def _cell(self, run, column: str) -> str:
        """A column of the run's row as the list writes it (Django's own rule)."""
        field, _attr, value = lookup_field(column, run, self)
        empty = self.get_empty_value_display()
        if field is None:
            return str(display_for_value(value, empty))
        return str(display_for_field(value, field, empty))

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
        "published_at_display",
        "error",
    ]
    actions = ["retry_failed"]
    fields = readonly_fields = [
        "number",
        "status",
        "threshold",
        "rounding_base",
        "published_by",
        "created_at_display",
        "published_at_display",
        "error",
        "deliveries",
        "certificate",
    ]

    created_at_display = datetime_field(Release, "created_at")
    published_at_display = datetime_field(Release, "published_at")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("reporting.publish_release")

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    @admin.action(description=_("Retry the selected releases whose task failed"))
    def retry_failed(self, request, queryset):
        retry_each(
            self, request, queryset, lambda r: release_retry(user=request.user, number=r.number)
        )
