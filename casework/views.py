"""The caseworker's and national coordinator's pages: list, record, read, edit, submit, withdraw.

Thin on purpose: a form parses the input, one selector or service does the work, a template
renders. Reads go through `casework.selectors` (scope lives there), writes through
`casework.services` (the rules live there); refusals map to status codes through
`casework.refusals`: out of scope 404, role lacks the action 403, status or a stale version
409, bad data 400.

The create and edit views handle identity fields: their POST data is kept out of error
reports (`sensitive_post_parameters`) and never rendered back (see `casework.forms`).
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods

from casework import display, selectors, services
from casework.errors import CaseNotFound
from casework.forms import CaseActionForm, CaseEntry, CaseFilterForm
from casework.models import CaseType, Status
from casework.refusals import REFUSALS, page_error, refusal_status
from casework.types import declared
from casework.workflow import EDITABLE, TRANSITIONS

PAGE_SIZE = 50
RETURNED_SHOWN = 20


class Refused(Exception):
    """A service refused for a reason the person can act on: re-render with it."""

    def __init__(self, status: int, error: Exception):
        self.status = status
        self.error = error


def call(service, **kwargs):
    """Run one service; raise 404/403 as Django's exceptions, a 409 or 400 as `Refused`."""
    try:
        return service(**kwargs)
    except REFUSALS as refusal:
        if (error := page_error(refusal)) is not None:
            raise error from None
        raise Refused(refusal_status(refusal), refusal) from None


def case_or_404(request, pk):
    try:
        return selectors.case_get(user=request.user, case_id=pk)
    except CaseNotFound as refusal:
        raise page_error(refusal) from None


def put_on(target, error: Exception) -> None:
    """A refusal's message on the form (or the case entry) that is re-rendered."""
    if isinstance(error, ValidationError):
        target.attach(error)
    else:
        target.add_error(None, str(error.message))


# The list


@login_required
@permission_required("casework.view_case", raise_exception=True)
def case_list(request):
    filters = CaseFilterForm(request.GET)
    chosen = filters.filters()
    cases = selectors.cases_list(user=request.user, **chosen)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    returned = list(selectors.returned_cases(user=request.user)[:RETURNED_SHOWN])
    services.cases_list_record(
        user=request.user, cases=[*page, *returned], listing="case_list", request=request
    )
    return render(
        request,
        "casework/case_list.html",
        {
            "filters": filters,
            "filtering": bool(chosen),
            "page": page,
            "columns": list_columns(page),
            "returned": returned,
        },
    )


def list_columns(page) -> dict[str, bool]:
    """The list's optional columns, shown only when the page has something in them: the
    reason only when one of its cases came back from review."""
    return {"reason": any(case.status == Status.RETURNED for case in page)}


# Recording and editing


@login_required
@permission_required("casework.add_case", raise_exception=True)
def case_new(request):
    return render(request, "casework/case_new.html", {"case_types": CaseType.choices})


@sensitive_variables()
@sensitive_post_parameters()
@login_required
@permission_required("casework.add_case", raise_exception=True)
@require_http_methods(["GET", "POST"])
def case_create(request, case_type):
    if case_type not in CaseType.values:
        raise Http404(_("Unknown case type."))
    if request.method == "GET":
        entry = CaseEntry(case_type, user=request.user)
        entry.form.initial["submission_key"] = uuid.uuid4()
        return render_entry(request, entry)
    entry = CaseEntry(case_type, user=request.user, data=request.POST)
    if not entry.is_valid():
        return render_entry(request, entry, status=400)
    form = entry.form.cleaned_data
    try:
        case = call(
            services.case_create,
            user=request.user,
            case_type=case_type,
            data=entry.case_data(),
            organisation=form.get("organisation"),
            submission_key=form.get("submission_key"),
        )
    except Refused as refused:
        put_on(entry, refused.error)
        return render_entry(request, entry, status=refused.status)
    messages.success(request, _("Case %(reference)s saved.") % {"reference": case.reference})
    # A double submit returns the case the first one created, perhaps already submitted.
    if request.POST.get("action") == "submit" and case.status == Status.DRAFT:
        return submit_after_save(request, case)
    return redirect("casework:detail", pk=case.pk)


@sensitive_variables()
@sensitive_post_parameters()
@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request, pk):
    # Refused in the services' order (404, 403, 409) before the form is even read; the
    # service checks all of it again when saving, against the locked row.
    case = case_or_404(request, pk)
    if not request.user.has_perm("casework.change_case"):
        raise PermissionDenied
    if case.status not in EDITABLE:
        return render_conflict(request, case.pk, _("Only draft and returned cases can be edited."))
    if request.method == "GET":
        # The form shows every field of the case: a view of it, as its detail page is.
        services.case_view_record(user=request.user, case=case, request=request)
        return render_entry(request, CaseEntry(case.case_type, user=request.user, case=case), case)
    entry = CaseEntry(case.case_type, user=request.user, data=request.POST, case=case)
    if not entry.is_valid():
        return render_entry(request, entry, case, status=400)
    try:
        case = call(
            services.case_update,
            user=request.user,
            case_id=case.pk,
            version=entry.form.cleaned_data["version"],
            data=entry.case_data(),
        )
    except Refused as refused:
        put_on(entry, refused.error)
        return render_entry(request, entry, case, status=refused.status, conflict=True)
    messages.success(request, _("Case %(reference)s saved.") % {"reference": case.reference})
    if request.POST.get("action") == "submit":
        return submit_after_save(request, case)
    return redirect("casework:detail", pk=case.pk)


def submit_after_save(request, case):
    """For "Save and submit": the case stays saved either way; a refused submit says why."""
    try:
        call(services.case_submit, user=request.user, case_id=case.pk, version=case.version)
    except (Refused, PermissionDenied) as refused:
        reason = getattr(refused, "error", refused)
        messages.error(request, _("Saved, but not submitted: %(reason)s") % {"reason": reason})
    else:
        messages.success(request, _("Submitted for review."))
    return redirect("casework:detail", pk=case.pk)


def render_entry(request, entry, case=None, *, status=200, conflict=False):
    return render(
        request,
        "casework/case_form.html",
        {
            "entry": entry,
            "case": case,
            "case_type_label": CaseType(entry.case_type).label,
            # After a stale edit, the way forward is the case as it is now.
            "stale": conflict and status == 409,
        },
        status=status,
    )


def render_conflict(request, case_id, message):
    return render(
        request, "casework/conflict.html", {"case_id": case_id, "message": message}, status=409
    )


# Reading


@login_required
def case_detail(request, pk):
    case = case_or_404(request, pk)
    services.case_view_record(user=request.user, case=case, request=request)
    return render(
        request,
        "casework/case_detail.html",
        {
            "case": case,
            # The type's month, named as its form names it ("Month identified").
            "month_label": declared(case.case_type).month.label,
            "rows": display.record_rows(case),
            "persons": display.persons(case),
            "actions": display.offered_actions(request.user, case),
            "withdraw_form": CaseActionForm(needs_reason=True, initial={"version": case.version}),
        },
    )


# Workflow actions

ACTIONS = {"submit": services.case_submit, "withdraw": services.case_withdraw}
DONE = {
    "submit": gettext_lazy("Submitted for review."),
    "withdraw": gettext_lazy("Case withdrawn."),
}


@login_required
@require_http_methods(["GET", "POST"])
def case_action(request, pk, action):
    """Submit or withdraw. GET shows the confirmation (and reason) form on its own page."""
    needs_reason = TRANSITIONS[action].needs_reason
    data = request.POST if request.method == "POST" else None
    form = CaseActionForm(data, needs_reason=needs_reason)
    if request.method == "POST" and form.is_valid():
        reason = {"reason": form.cleaned_data["reason"]} if needs_reason else {}
        try:
            call(
                ACTIONS[action],
                user=request.user,
                case_id=pk,
                version=form.cleaned_data["version"],
                **reason,
            )
        except Refused as refused:
            if refused.status == 409:
                return render_conflict(request, pk, str(refused.error.message))
            put_on(form, refused.error)
            return render_action(request, pk, action, form, status=refused.status)
        messages.success(request, str(DONE[action]))
        return redirect("casework:detail", pk=pk)
    return render_action(request, pk, action, form, status=400 if form.is_bound else 200)


def render_action(request, pk, action, form, *, status):
    case = case_or_404(request, pk)
    if not form.is_bound:
        form.initial["version"] = case.version
    return render(
        request,
        "casework/case_action.html",
        {"case": case, "action": action, "form": form},
        status=status,
    )
