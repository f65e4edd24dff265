"""The case admin's review actions: validate, return and reopen the selected cases.

Validation moves the whole selection in one statement (`cases_validate`); return and reopen
call the workflow service case by case, after asking for the reason on a page of their own.
Each reports every refusal beside the number done.

Return and reopen act on the cases as that page showed them: it carries each case's
version, and a case changed since (or a post without its version) is refused and left as it
is. Validation needs no version: it only moves a submitted case, and the list it is chosen
from shows each case's status.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from casework import services
from casework.formulas import FORMULA_REFUSED, starts_a_formula
from casework.refusals import REFUSALS, refusal_text


class ReviewActions:
    """A mixin for the case admin; each action is offered only with its permission."""

    def has_validate_permission(self, request):
        return request.user.has_perm("casework.validate_case")

    def has_return_permission(self, request):
        return request.user.has_perm("casework.return_case")

    def has_reopen_permission(self, request):
        return request.user.has_perm("casework.reopen_case")

    @admin.action(description=gettext_lazy("Validate selected cases"), permissions=["validate"])
    def validate_selected(self, request, queryset):
        """All the selection at once (`cases_validate`): one statement however many are
        chosen; each case it left is reported with the reason `case_validate` would give."""
        selected = queryset.order_by()
        try:
            validated = set(
                services.cases_validate(user=request.user, among=Q(pk__in=selected.values("pk")))
            )
        except REFUSALS as refusal:
            self.message_user(request, refusal_text(refusal), messages.WARNING)
            return
        refusals = [
            (case, services.transition_refusal("validate", case))
            for case in queryset.select_related(None).only("pk", "reference", "status")
            if case.pk not in validated
        ]
        self._report(
            request,
            len(validated),
            refusals,
            lambda n: ngettext("Validated %(count)d case.", "Validated %(count)d cases.", n),
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
            if starts_a_formula(reason):
                error = FORMULA_REFUSED
            elif reason:
                seen = _seen_versions(request.POST)
                self._each(
                    request,
                    cases,
                    lambda case: service(
                        user=request.user, case_id=case.pk, reason=reason, version=seen.get(case.pk)
                    ),
                    done_message,
                )
                return None
            else:
                error = _("Give a reason.")
        return reason_page(
            self,
            request,
            cases=cases,
            title=title,
            intro=intro,
            submit_label=submit_label,
            reason=reason,
            error=error,
            back_url=reverse("admin:casework_case_changelist"),
            action=action,
        )

    def _each(self, request, cases, call, done_message) -> None:
        """`call` each case in turn; one refused does not stop the others."""
        done, refusals = 0, []
        for case in cases:
            try:
                call(case)
                done += 1
            except REFUSALS as refusal:
                refusals.append((case, refusal))
        self._report(request, done, refusals, done_message)

    def _report(self, request, done, refusals, done_message) -> None:
        """How many were done, then each refused case with its reason."""
        if done:
            self.message_user(request, done_message(done) % {"count": done}, messages.SUCCESS)
        for case, refusal in refusals:
            self.message_user(
                request,
                _("%(reference)s: %(reason)s")
                % {"reference": case.reference, "reason": refusal_text(refusal)},
                messages.WARNING,
            )


SEEN_VERSION = "version-"
REASON_TEMPLATE = "admin/casework/case/reason_action.html"


def reason_page(
    model_admin, request, *, cases, title, intro, submit_label, reason, error, back_url, action=None
):
    """The page asking for the reason of a decision on `cases`, carrying each one's version as
    it shows it. With `action`, it posts back to the changelist as that bulk action; without,
    to the address it was reached at (a case page's button)."""
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "intro": intro,
        "submit_label": submit_label,
        "opts": model_admin.opts,
        "cases": cases,
        "action": action,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "seen_version": SEEN_VERSION,
        "reason": reason,
        "error": error,
        "back_url": back_url,
        "media": model_admin.media,
    }
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, REASON_TEMPLATE, context)


def _seen_versions(post) -> dict[int, int]:
    """Each case's version as the reason page showed it, by case id; malformed ones are
    left out, so that their cases are refused as given without a version."""
    seen = {}
    for name, value in post.items():
        pk = name.removeprefix(SEEN_VERSION)
        if pk != name and pk.isdecimal() and value.isdecimal() and len(pk + value) < 28:
            seen[int(pk)] = int(value)
    return seen
