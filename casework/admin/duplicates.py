"""Possible duplicates: the persons recorded under one pseudonym, reviewed as a group.

A coordinator sees a group holding two or more cases in their scope, sees only those cases'
persons, and resolves them together (`casework.duplicates.duplicate_resolve`).
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from casework.admin.dates import datetime_field
from casework.admin.readonly import ReadOnlyAdminMixin
from casework.duplicates import (
    duplicate_resolve,
    duplicates_visible_to,
    group_members_seen,
    members_visible_to,
)
from casework.models import DuplicateGroup, DuplicateMember
from casework.refusals import REFUSALS, refusal_text
from casework.selectors import cases_visible_to
from casework.services import cases_list_record

SHOWN_MEMBERS = 200  # persons listed on a group's page; the rest are counted


class AwaitingDecisionFilter(admin.SimpleListFilter):
    title = gettext_lazy("decision")
    parameter_name = "awaiting"

    def lookups(self, request, model_admin):
        return [("yes", _("awaiting a decision")), ("no", _("decided"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(undecided__gt=0)
        if self.value() == "no":
            return queryset.filter(undecided=0)
        return queryset


@admin.register(DuplicateGroup)
class DuplicateGroupAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "earliest_reference",
        "earliest_organisation",
        "seen_display",
        "undecided_display",
        "created_at_display",
    ]
    list_filter = [AwaitingDecisionFilter]
    actions = ["mark_same", "mark_not_same"]
    readonly_fields = ["seen_display", "undecided_display", "created_at_display", "members_table"]
    fields = readonly_fields

    created_at_display = datetime_field(DuplicateGroup, "created_at")

    def get_queryset(self, request):
        earliest = (
            members_visible_to(request.user)
            .filter(group=OuterRef("pk"))
            .order_by("case_id", "migrant_id")
        )
        return duplicates_visible_to(request.user).annotate(
            earliest_case=Subquery(earliest.values("case_id")[:1]),
            earliest_ref=Subquery(earliest.values("case__reference")[:1]),
            earliest_org=Subquery(earliest.values("case__organisation__name")[:1]),
        )

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("casework.review_duplicates")

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context=extra_context)
        listed = getattr(response, "context_data", None) or {}
        if "cl" in listed:  # rendered, by GET or by a POST (an action, a search)
            # Each group's earliest case is shown (reference, organisation): it was read.
            ids = [group.earliest_case for group in listed["cl"].result_list]
            self._record(
                request, cases_visible_to(request.user).filter(pk__in=ids), "admin_duplicates"
            )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # A group's page lists its persons' cases; an out-of-scope group finds nothing and
        # records nothing.
        if request.method == "GET" and self.has_view_permission(request):
            group = self.get_object(request, unquote(object_id))
            if group is not None:
                members = group_members_seen(user=request.user, group=group)[:SHOWN_MEMBERS]
                self._record(request, [member.case for member in members], "admin_duplicate")
        return super().change_view(request, object_id, form_url, extra_context)

    def _record(self, request, cases, listing: str) -> None:
        cases_list_record(user=request.user, cases=cases, listing=listing, request=request)

    def has_review_permission(self, request):
        return request.user.has_perm("casework.review_duplicates")

    @staticmethod
    def _case_link(case_id, reference):
        url = reverse("admin:casework_case_change", args=[case_id])
        return format_html('<a href="{}">{}</a>', url, reference)

    @admin.display(description=gettext_lazy("earliest case"), ordering="earliest_ref")
    def earliest_reference(self, group):
        return self._case_link(group.earliest_case, group.earliest_ref)

    @admin.display(description=gettext_lazy("its organisation"))
    def earliest_organisation(self, group):
        return group.earliest_org

    @admin.display(description=gettext_lazy("persons"), ordering="seen")
    def seen_display(self, group):
        return group.seen

    @admin.display(description=gettext_lazy("awaiting a decision"), ordering="undecided")
    def undecided_display(self, group):
        return group.undecided

    @admin.display(description=gettext_lazy("persons recorded under this pseudonym"))
    def members_table(self, group):
        members = group_members_seen(user=group.viewer, group=group)
        shown = list(members[:SHOWN_MEMBERS])
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    self._case_link(member.case_id, member.case.reference),
                    member.case.organisation,
                    member.case.get_case_type_display(),
                    member.get_decision_display(),
                    str(member.decided_by) if member.decided_by_id else "—",
                )
                for member in shown
            ),
        )
        more = group.seen - len(shown)
        return format_html(
            '<table class="duplicate-members"><thead><tr><th scope="col">{}</th>'
            '<th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>'
            '<th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>{}',
            _("case"),
            _("organisation"),
            _("case type"),
            _("decision"),
            _("decided by"),
            rows,
            format_html(
                "<p>{}</p>",
                ngettext("and %(count)d more", "and %(count)d more", more) % {"count": more},
            )
            if more > 0
            else "",
        )

    def get_object(self, request, object_id, from_field=None):
        group = super().get_object(request, object_id, from_field)
        if group is not None:  # its page lists only the persons this user may see
            group.viewer = request.user
        return group

    @admin.action(description=gettext_lazy("Same person"), permissions=["review"])
    def mark_same(self, request, queryset):
        self._resolve(request, queryset, DuplicateMember.Decision.SAME)

    @admin.action(description=gettext_lazy("Not the same person"), permissions=["review"])
    def mark_not_same(self, request, queryset):
        self._resolve(request, queryset, DuplicateMember.Decision.NOT_SAME)

    def _resolve(self, request, queryset, decision):
        done = 0
        for group in queryset:
            try:
                duplicate_resolve(user=request.user, group_id=group.pk, decision=decision)
                done += 1
            except REFUSALS as refusal:
                self.message_user(
                    request,
                    _("%(group)s: %(reason)s") % {"group": group, "reason": refusal_text(refusal)},
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
                % {"count": done, "decision": DuplicateMember.Decision(decision).label},
                messages.SUCCESS,
            )
