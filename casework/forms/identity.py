"""Identity fields: taken in, turned into an `Identity` while cleaning, never rendered back."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from casework.pseudonyms import IDENTITY_FIELDS, identity_from


class NeverEchoed:
    """A widget mixin that renders no value: a re-rendered form must not echo a name."""

    def format_value(self, value):
        return None


class IdentityTextInput(NeverEchoed, forms.TextInput):
    pass


class IdentityDateInput(NeverEchoed, forms.DateInput):
    input_type = "date"


NO_AUTOFILL = {"autocomplete": "off", "spellcheck": "false"}


class IdentityMixin(forms.Form):
    """Optional identity fields, cleaned into `cleaned_data["identity"]` (or left out)."""

    given_names = forms.CharField(
        label=_("Given names"),
        required=False,
        max_length=200,
        widget=IdentityTextInput(NO_AUTOFILL),
    )
    family_name = forms.CharField(
        label=_("Family name"),
        required=False,
        max_length=200,
        widget=IdentityTextInput(NO_AUTOFILL),
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=IdentityDateInput(NO_AUTOFILL, format="%Y-%m-%d"),
    )

    def clean(self):
        cleaned = super().clean()
        # identity_from pops the three fields out of cleaned_data, so only the Identity remains.
        raw = {name: cleaned.pop(name, None) for name in IDENTITY_FIELDS}
        if any(name in self.errors for name in IDENTITY_FIELDS):
            return cleaned
        try:
            identity = identity_from(raw)
        except ValidationError as error:
            self.add_error(None, error)
        else:
            if identity is not None:
                cleaned["identity"] = identity
        return cleaned
