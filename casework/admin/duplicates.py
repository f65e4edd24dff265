"""Possible duplicates: pairs of cases whose persons share a pseudonym, for review."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from casework.admin.readonly import ReadOnlyAdminMixin
from casework.duplicates import duplicate_resolve, duplicates_visible_to
from casework.errors import CaseworkError
from casework.models import DuplicatePair
from casework.services import cases_list_record


@admin.register(DuplicatePair)
class DuplicatePairAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "earlier_reference",
        "earlier_organisation",
        "later_reference",
        "later_organisation",
        "decision",
        "created_at",
    ]
    list_filter = ["decision"]
    actions = ["mark_same", "mark_not_same"]
    readonly_fields = [
        "earlier_reference",
        "earlier_organisation",
        "later_reference",
        "later_organisation",
        "decision",
        "decided_by_display",
        "created_at",
        "decided_at",
    ]
    fields = readonly_fields

    def get_queryset(self, request):
        return duplicates_visible_to(request.user)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("casework.review_duplicates")

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context=extra_context)
        listed = getattr(response, "context_data", None) or {}
        if request.method == "GET" and "cl" in listed:
            # Both cases of each pair are shown (reference, organisation): both were read.
            self._record(request, listed["cl"].result_list, "admin_duplicates")
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # A pair's page shows its two cases; an out-of-scope pair finds nothing, records nothing.
        if request.method == "GET" and self.has_view_permission(request):
            pair = self.get_object(request, unquote(object_id))
            if pair is not None:
                self._record(request, [pair], "admin_duplicate")
        return super().change_view(request, object_id, form_url, extra_context)

    def _record(self, request, pairs, listing: str) -> None:
        cases_list_record(
            user=request.user,
            cases=[case for pair in pairs for case in (pair.earlier, pair.later)],
            listing=listing,
            request=request,
        )

    def has_review_permission(self, request):
        return request.user.has_perm("casework.review_duplicates")

    def _case_link(self, case):
        url = reverse("admin:casework_case_change", args=[case.pk])
        return format_html('<a href="{}">{}</a>', url, case.reference)

    @admin.display(description=gettext_lazy("earlier case"), ordering="earlier__reference")
    def earlier_reference(self, pair):
        return self._case_link(pair.earlier)

    @admin.display(description=gettext_lazy("its organisation"))
    def earlier_organisation(self, pair):
        return pair.earlier.organisation

    @admin.display(description=gettext_lazy("later case"), ordering="later__reference")
    def later_reference(self, pair):
        return self._case_link(pair.later)

    @admin.display(description=gettext_lazy("its organisation"))
    def later_organisation(self, pair):
        return pair.later.organisation

    @admin.display(description=gettext_lazy("decided by"))
    def decided_by_display(self, pair):
        return str(pair.decided_by) if pair.decided_by_id else "—"

    @admin.action(description=gettext_lazy("Same person"), permissions=["review"])
    def mark_same(self, request, queryset):
        self._resolve(request, queryset, DuplicatePair.Decision.SAME)

    @admin.action(description=gettext_lazy("Not the same person"), permissions=["review"])
    def mark_not_same(self, request, queryset):
        self._resolve(request, queryset, DuplicatePair.Decision.NOT_SAME)

    def _resolve(self, request, queryset, decision):
        done = 0
        for pair in queryset:
            try:
                duplicate_resolve(user=request.user, pair_id=pair.pk, decision=decision)
                done += 1
            except CaseworkError as error:
                self.message_user(
                    request,
                    _("%(pair)s: %(reason)s") % {"pair": pair, "reason": error.message},
                    messages.WARNING,
                )
        if done:
            self.message_user(
                request,
                ngettext(
                    "Resolved %(count)d possible duplicate as “%(decision)s”.",
                    "Resolved %(count)d possible duplicates as “%(decision)s”.",
                    done,
                )
                % {"count": done, "decision": DuplicatePair.Decision(decision).label},
                messages.SUCCESS,
            )
