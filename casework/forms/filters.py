"""The case list's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.models import CaseType, Status


class CaseFilterForm(forms.Form):
    """The list's filters, read from the query string; every field is optional."""

    case_type = forms.ChoiceField(
        label=_("Case type"), choices=[("", _("All types")), *CaseType.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All statuses")), *Status.choices], required=False
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    reference = forms.CharField(label=_("Reference"), required=False, max_length=32)

    def filters(self) -> dict:
        """The valid filters only: a bad year is reported and ignored, not a failed page."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}
