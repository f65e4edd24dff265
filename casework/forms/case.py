"""What every case form has: the month, and hidden fields that make saving safe."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.access import organisations_acted_for
from accounts.roles import Role
from casework.forms.month import MonthField, this_month
from casework.types import declared


class CaseForm(forms.Form):
    """The base of each case type's main form.

    `submission_key` (new cases) makes a double submit create one case; `version` (edits)
    makes an edit based on a stale read fail instead of overwriting.
    """

    case_type: str

    month = MonthField(label=_("Month"))

    def __init__(self, *args, user, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].label = declared(self.case_type).month.label
        self.fields["month"].widget.attrs["max"] = f"{this_month():%Y-%m}"
        if editing:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
            return
        self.fields["month"].initial = this_month()
        self.fields["submission_key"] = forms.UUIDField(widget=forms.HiddenInput, required=False)
        if user.has_role(Role.NATIONAL_COORDINATOR):
            self.fields["organisation"] = forms.ModelChoiceField(
                label=_("Organisation"), queryset=organisations_acted_for(user), empty_label="—"
            )
            self.order_fields(["organisation"])

    def clean(self):
        cleaned = super().clean()
        # The services check the type's rules too (casework.records); here they are reported
        # with the form's other errors, at once. A field the rule forbids may linger hidden
        # from an earlier choice: it is cleared, not refused. A field that already failed (a
        # code not in its list) is not also called missing: one problem, said once.
        for rule in declared(self.case_type).rules:
            for field, message in rule.errors(cleaned, clearing=True).items():
                if field not in self.errors:
                    self.add_error(field, message)
        return cleaned

    def case_data(self) -> dict:
        data = {"month": self.cleaned_data["month"]}
        for name in declared(self.case_type).field_names:
            if name in self.cleaned_data:
                data[name] = self.cleaned_data[name]
        if self.cleaned_data.get("identity") is not None:
            data["identity"] = self.cleaned_data["identity"]
        return data
