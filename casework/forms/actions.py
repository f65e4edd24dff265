"""Confirming a workflow action on a case page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.forms.errors import ServiceErrors


class CaseActionForm(ServiceErrors, forms.Form):
    """Submit or withdraw: the version last seen, and for a withdrawal its reason.

    A withdrawal is decided on the case as shown, so it needs the version (a stale one is
    refused); a submit may go without.
    """

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        min_value=1,
        error_messages={"required": _("Open the case again: this page did not say its version.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("About the record, not the person."),
    )

    def __init__(self, *args, needs_reason: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if needs_reason:
            self.fields["version"].required = True
        else:
            del self.fields["reason"]
