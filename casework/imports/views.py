"""The import pages: upload a file, follow it, download a template per case type."""

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from accounts.access import organisations_acted_for
from accounts.roles import Reach, reach_of
from casework.errors import ImportNotFound
from casework.imports.columns import template_csv
from casework.imports.services import FileTooLarge, import_get, import_receive
from casework.models import ImportJob
from casework.refusals import REFUSALS, page_error, refusal_status, refusal_text
from casework.types import UndeclaredCaseType, declared, declared_types


def _case_types() -> list[tuple[str, str]]:
    return [(declaration.code, declaration.label) for declaration in declared_types()]


class UploadForm(forms.Form):
    case_type = forms.ChoiceField(label=_("Case type"), choices=_case_types)
    organisation = forms.ModelChoiceField(
        label=_("For organisation"), queryset=None, required=False
    )
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if reach_of(user) is Reach.TERRITORY:  # acts for any organisation of the territory
            self.fields["organisation"].queryset = organisations_acted_for(user)
            self.fields["organisation"].required = True
        else:
            del self.fields["organisation"]


@login_required
@permission_required("casework.import_cases", raise_exception=True)
def import_upload(request):
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = import_receive(
                user=request.user,
                case_type=form.cleaned_data["case_type"],
                file_name=upload.name,
                content=upload.read(),
                organisation=form.cleaned_data.get("organisation"),
            )
            return redirect("casework:import-detail", pk=job.pk)
        except REFUSALS as refusal:
            if (error := page_error(refusal)) is not None:
                raise error from None
            status = refusal_status(refusal)
            if isinstance(refusal, ValidationError):
                form.add_error(None, refusal)
            else:
                field = "file" if isinstance(refusal, FileTooLarge) else None
                form.add_error(field, refusal_text(refusal))
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "casework/import_upload.html",
        {"form": form, "case_types": _case_types()},
        status=status,
    )


@login_required
def import_detail(request, pk):
    try:
        job = import_get(user=request.user, import_id=pk)
    except ImportNotFound as refusal:
        raise page_error(refusal) from None
    running = job.status in (ImportJob.State.QUEUED, ImportJob.State.RUNNING)
    return render(request, "casework/import_detail.html", {"job": job, "running": running})


@login_required
def import_template(request, case_type):
    try:
        declared(case_type)
    except UndeclaredCaseType:
        raise Http404 from None
    response = HttpResponse(template_csv(case_type), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{case_type}-cases-template.csv"'
    return response
