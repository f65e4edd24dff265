"""The Django admin for coordinators: the review queue, case details, and possible duplicates.

Scope comes only from the choke point (`cases_visible_to`, `duplicates_visible_to`): a record
outside it is absent from every queryset here, so it looks exactly like a missing one. Nothing
is added, deleted or edited through the admin; the workflow goes through the services, and
each action is offered only to those holding its permission (regional coordinators hold none
of them, so for them the cases are read-only).
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db.models import Case as Switch
from django.db.models import Value, When
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.access import cases_visible_to, territories_in_scope
from accounts.territories import Territory
from audit.models import AuditEvent
from casework import selectors, services
from casework.countries import CITIZENSHIPS, NEIGHBOURS, PLACES
from casework.duplicates import duplicate_resolve, duplicates_visible_to
from casework.errors import CaseworkError
from casework.fields import CodeSetField
from casework.models import Case, CaseType, DuplicatePair, Status

FIRST_YEAR = 2009

# Country-coded fields and the vocabulary that names their codes.
COUNTRY_VOCABULARIES = {
    "citizenship": CITIZENSHIPS,
    "country_of_exploitation": PLACES,
    "returning_state": PLACES,
    "border_with": NEIGHBOURS,
}

DETAIL_FIELDS = {
    CaseType.TRAFFICKING: (
        "sex",
        "age_group",
        "citizenship",
        "victim_status",
        "exploitation",
        "exploitation_category",
        "country_of_exploitation",
        "identified_by",
        "recruitment",
        "assistance",
        "scope",
        "is_repeat",
    ),
    CaseType.SMUGGLING: ("location_type", "border_with", "direction", "transport"),
    CaseType.READMISSION: (
        "sex",
        "age_group",
        "citizenship",
        "returning_state",
        "returnee_category",
        "procedure",
        "return_type",
        "prior_asylum_claim",
        "reintegration_assistance",
        "is_repeat",
    ),
}
MIGRANT_FIELDS = (
    "sex",
    "age_group",
    "citizenship",
    "unaccompanied",
    "asylum_requested",
    "is_repeat",
)
FACILITATOR_FIELDS = ("citizenship", "sex")


def _field_label(model, name: str) -> str:
    if name == "is_repeat":
        return _("recorded earlier (repeat)")
    field = model._meta.get_field(name)
    return str(field.verbose_name)


def _value_label(instance, name: str) -> str:
    """A stored code as a person reads it: its label, a country's name, yes or no."""
    field = instance._meta.get_field(name)
    value = getattr(instance, name)
    if isinstance(field, CodeSetField):
        labels = dict(field.vocabulary.choices)
        return ", ".join(str(labels.get(code, code)) for code in value) or "—"
    if name in COUNTRY_VOCABULARIES:
        if not value:
            return "—"
        return f"{value} – {COUNTRY_VOCABULARIES[name].name(value) or value}"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field.choices:
        return str(getattr(instance, f"get_{name}_display")()) or "—"
    return str(value) if value not in (None, "") else "—"


def _record_table(instance, fields) -> str:
    return format_html(
        '<table class="case-details"><tbody>{}</tbody></table>',
        format_html_join(
            "",
            '<tr><th scope="row">{}</th><td>{}</td></tr>',
            ((_field_label(type(instance), f), _value_label(instance, f)) for f in fields),
        ),
    )


def _persons_table(caption: str, model, rows, fields) -> str:
    head = format_html_join(
        "", '<th scope="col">{}</th>', ((_field_label(model, f),) for f in fields)
    )
    body = format_html_join(
        "",
        "<tr>{}</tr>",
        (
            (
                format_html(
                    '<th scope="row">{}</th>{}',
                    number,
                    format_html_join("", "<td>{}</td>", ((_value_label(row, f),) for f in fields)),
                ),
            )
            for number, row in enumerate(rows, start=1)
        ),
    )
    return format_html(
        '<table class="case-persons"><caption>{}</caption>'
        '<thead><tr><th scope="col">#</th>{}</tr></thead><tbody>{}</tbody></table>',
        caption,
        head,
        body,
    )


def _changes_text(changes: dict) -> str:
    if not changes:
        return "—"
    return format_html_join(
        "",
        "<div>{}: {} → {}</div>",
        ((field, _short(old), _short(new)) for field, (old, new) in sorted(changes.items())),
    )


def _short(value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, list | dict):
        text = str(value)
        return text if len(text) <= 120 else text[:117] + "…"
    return str(value)


class YearFilter(admin.SimpleListFilter):
    title = gettext_lazy("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        this_year = timezone.localdate().year
        return [(str(year), str(year)) for year in range(this_year, FIRST_YEAR - 1, -1)]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        try:
            year = int(self.value())
        except (TypeError, ValueError):
            raise IncorrectLookupParameters(self.value()) from None
        return queryset.filter(month__year=year)


class TerritoryFilter(admin.SimpleListFilter):
    """Only the territories the user's scope covers."""

    title = gettext_lazy("territory")
    parameter_name = "territory"

    def lookups(self, request, model_admin):
        labels = dict(Territory.choices)
        return [(code, labels[code]) for code in territories_in_scope(request.user)]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(territory=self.value())
        return queryset


class ReadOnlyAdminMixin:
    """Nothing is added, changed or deleted through the admin: only services write."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "reference",
        "case_type",
        "month_display",
        "organisation",
        "territory",
        "status",
        "updated_at",
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
        "created_at",
        "updated_at",
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
                    "created_at",
                    "updated_at",
                ]
            },
        ),
        (gettext_lazy("Details"), {"fields": ["details_display"]}),
        (gettext_lazy("Audit history"), {"fields": ["history_display"]}),
    ]
    reason_template = "admin/casework/case/reason_action.html"

    # Scope and permissions

    def get_queryset(self, request):
        cases = cases_visible_to(request.user).select_related("organisation")
        ordering = self.get_ordering(request)
        return cases.order_by(*ordering) if ordering else cases

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("casework.view_case")

    def has_validate_permission(self, request):
        return request.user.has_perm("casework.validate_case")

    def has_return_permission(self, request):
        return request.user.has_perm("casework.return_case")

    def has_reopen_permission(self, request):
        return request.user.has_perm("casework.reopen_case")

    # Pages

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "review_counts": selectors.review_queue_counts(user=request.user),
            "submitted_query": f"?status__exact={Status.SUBMITTED}",
        }
        return super().changelist_view(request, extra_context=extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Every view of a case is audited; an out-of-scope id finds nothing and records nothing.
        if request.method == "GET" and self.has_view_permission(request):
            case = self.get_object(request, unquote(object_id))
            if case is not None:
                services.case_view_record(user=request.user, case=case, request=request)
        return super().change_view(request, object_id, form_url, extra_context)

    # Columns and read-only fields

    @admin.display(description=gettext_lazy("month"), ordering="month")
    def month_display(self, case):
        return case.month.strftime("%Y-%m")

    # Plain text, not the admin's usual link: coordinators cannot open users or organisations.
    @admin.display(description=gettext_lazy("organisation"))
    def organisation_display(self, case):
        return str(case.organisation)

    @admin.display(description=gettext_lazy("recorded by"))
    def created_by_display(self, case):
        return str(case.created_by)

    @admin.display(description=gettext_lazy("details"))
    def details_display(self, case):
        record = case.details
        parts = [_record_table(record, DETAIL_FIELDS[case.case_type])]
        if case.case_type == CaseType.SMUGGLING:
            migrants = list(record.migrants.all())
            facilitators = list(record.facilitators.all())
            parts.append(
                _persons_table(_("Migrants"), record.migrants.model, migrants, MIGRANT_FIELDS)
            )
            if facilitators:
                parts.append(
                    _persons_table(
                        _("Facilitators"),
                        record.facilitators.model,
                        facilitators,
                        FACILITATOR_FIELDS,
                    )
                )
            else:
                parts.append(format_html("<p>{}</p>", _("No facilitator recorded.")))
        return format_html_join("", "{}", ((part,) for part in parts))

    @admin.display(description=gettext_lazy("history"))
    def history_display(self, case):
        events = AuditEvent.objects.filter(case=case).select_related("actor").order_by("at", "pk")
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    date_format(timezone.localtime(event.at), "Y-m-d H:i"),
                    event.actor or "—",
                    event.get_action_display(),
                    _changes_text(event.changes),
                    event.reason or "—",
                )
                for event in events
            ),
        )
        return format_html(
            '<table class="case-history"><thead><tr><th scope="col">{}</th>'
            '<th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>'
            '<th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>',
            _("when"),
            _("who"),
            _("what"),
            _("changes"),
            _("reason"),
            rows,
        )

    # Actions: each calls the workflow services, case by case, and reports every refusal.

    @admin.action(description=gettext_lazy("Validate selected cases"), permissions=["validate"])
    def validate_selected(self, request, queryset):
        done, refusals = 0, []
        for case in queryset:
            try:
                services.case_validate(user=request.user, case_id=case.pk)
                done += 1
            except (CaseworkError, ValidationError) as error:
                refusals.append((case, error))
        self._report(
            request,
            done,
            refusals,
            ngettext("Validated %(count)d case.", "Validated %(count)d cases.", done),
        )

    @admin.action(
        description=gettext_lazy("Return selected cases with a reason"), permissions=["return"]
    )
    def return_selected(self, request, queryset):
        return self._with_reason(
            request,
            queryset,
            action="return_selected",
            service=services.case_return,
            title=_("Return cases with a reason"),
            intro=_(
                "These cases go back to their organisation with your reason. "
                "Only submitted cases can be returned."
            ),
            submit_label=_("Return the cases"),
            done_message=lambda n: ngettext(
                "Returned %(count)d case.", "Returned %(count)d cases.", n
            ),
        )

    @admin.action(
        description=gettext_lazy("Reopen selected validated cases with a reason"),
        permissions=["reopen"],
    )
    def reopen_selected(self, request, queryset):
        return self._with_reason(
            request,
            queryset,
            action="reopen_selected",
            service=services.case_reopen,
            title=_("Reopen validated cases with a reason"),
            intro=_(
                "These validated cases go back to their organisation, as returned, with your "
                "reason."
            ),
            submit_label=_("Reopen the cases"),
            done_message=lambda n: ngettext(
                "Reopened %(count)d case.", "Reopened %(count)d cases.", n
            ),
        )

    def _with_reason(
        self, request, queryset, *, action, service, title, intro, submit_label, done_message
    ):
        """First a page asking for the reason; once it is given, the service for each case."""
        cases = list(queryset)
        reason = ""
        error = None
        if request.POST.get("reason_confirmed") == "yes":
            reason = request.POST.get("reason", "").strip()
            if reason:
                done, refusals = 0, []
                for case in cases:
                    try:
                        service(user=request.user, case_id=case.pk, reason=reason)
                        done += 1
                    except (CaseworkError, ValidationError) as refusal:
                        refusals.append((case, refusal))
                self._report(request, done, refusals, done_message(done))
                return None
            error = _("Give a reason.")
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "intro": intro,
            "submit_label": submit_label,
            "opts": self.opts,
            "cases": cases,
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "reason": reason,
            "error": error,
            "changelist_url": reverse("admin:casework_case_changelist"),
            "media": self.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.reason_template, context)

    def _report(self, request, done, refusals, done_message):
        if done:
            self.message_user(request, done_message % {"count": done}, messages.SUCCESS)
        for case, refusal in refusals:
            self.message_user(
                request,
                _("%(reference)s: %(reason)s")
                % {"reference": case.reference, "reason": _refusal_text(refusal)},
                messages.WARNING,
            )


def _refusal_text(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error.message)


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
