"""Confirming a workflow action on a case page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.forms.errors import ServiceErrors


class CaseActionForm(ServiceErrors, forms.Form):
    """Submit or withdraw: the version last seen, and for a withdrawal its reason."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("About the record, not the person."),
    )

    def __init__(self, *args, needs_reason: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_reason:
            del self.fields["reason"]
