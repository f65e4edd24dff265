"""The case admin: the review queue, and each case's details and audit history."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db.models import Case as Switch
from django.db.models import Value, When
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

from casework import selectors, services
from casework.admin.actions import ReviewActions
from casework.admin.dates import datetime_field
from casework.admin.details import case_details
from casework.admin.filters import TerritoryFilter, YearFilter
from casework.admin.history import case_history
from casework.admin.readonly import ReadOnlyAdminMixin
from casework.admin.workflow import CaseWorkflow
from casework.models import Case, Status


@admin.register(Case)
class CaseAdmin(CaseWorkflow, ReviewActions, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "reference",
        "case_type",
        "month_display",
        "organisation",
        "territory",
        "status",
        "updated_at_display",
    ]
    list_filter = [
        TerritoryFilter,
        "status",
        YearFilter,
        "case_type",
        ("organisation", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["reference"]
    # The review queue: submitted cases first, the longest waiting first.
    ordering = [
        Switch(When(status=Status.SUBMITTED, then=Value(0)), default=Value(1)).asc(),
        "updated_at",
        "pk",
    ]
    actions = ["validate_selected", "return_selected", "reopen_selected"]
    readonly_fields = [
        "reference",
        "case_type",
        "month_display",
        "organisation_display",
        "territory",
        "external_id",
        "status",
        "status_reason",
        "version",
        "created_by_display",
        "created_at_display",
        "updated_at_display",
        "details_display",
        "history_display",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "reference",
                    "case_type",
                    "month_display",
                    "organisation_display",
                    "territory",
                    "external_id",
                ]
            },
        ),
        (
            gettext_lazy("Review"),
            {
                "fields": [
                    "status",
                    "status_reason",
                    "version",
                    "created_by_display",
                    "created_at_display",
                    "updated_at_display",
                ]
            },
        ),
        (gettext_lazy("Details"), {"fields": ["details_display"]}),
        (gettext_lazy("Audit history"), {"fields": ["history_display"]}),
    ]

    def get_queryset(self, request):
        cases = selectors.cases_list(user=request.user)
        ordering = self.get_ordering(request)
        return cases.order_by(*ordering) if ordering else cases

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("casework.view_case")

    # Pages

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "review_counts": selectors.review_queue_counts(user=request.user),
            "submitted_query": f"?status__exact={Status.SUBMITTED}",
        }
        response = super().changelist_view(request, extra_context=extra_context)
        listed = getattr(response, "context_data", None) or {}
        if "cl" in listed:  # rendered, by GET or by a POST (an action, a search)
            # The page of cases the list shows, read once here and again from its cache.
            services.cases_list_record(
                user=request.user,
                cases=listed["cl"].result_list,
                listing="admin_cases",
                request=request,
            )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Every view of a case is audited; an out-of-scope id finds nothing and records nothing.
        if request.method == "GET" and self.has_view_permission(request):
            case = self.get_object(request, unquote(object_id))
            if case is not None:
                services.case_view_record(user=request.user, case=case, request=request)
                extra_context = {
                    **(extra_context or {}),
                    **self.workflow_context(request, case),
                }
        return super().change_view(request, object_id, form_url, extra_context)

    # Columns and read-only fields

    @admin.display(description=gettext_lazy("month"), ordering="month")
    def month_display(self, case):
        return date_format(case.month, "YEAR_MONTH_FORMAT")

    # Plain text, not the admin's usual link: coordinators cannot open users or organisations.
    @admin.display(description=gettext_lazy("organisation"))
    def organisation_display(self, case):
        return str(case.organisation)

    @admin.display(description=gettext_lazy("recorded by"))
    def created_by_display(self, case):
        return str(case.created_by)

    created_at_display = datetime_field(Case, "created_at")
    updated_at_display = datetime_field(Case, "updated_at")

    @admin.display(description=gettext_lazy("details"))
    def details_display(self, case):
        return case_details(case)

    @admin.display(description=gettext_lazy("history"))
    def history_display(self, case):
        return case_history(case)
