"""The repeatable rows of a smuggling incident: its migrants and its facilitators."""

from django import forms
from django.utils.translation import gettext_lazy as _

from casework import codes
from casework.countries import CITIZENSHIPS
from casework.forms.fields import country, select
from casework.forms.identity import IdentityMixin
from casework.forms.persons import PersonMixin
from casework.pseudonyms import IDENTITY_FIELDS
from casework.records import FACILITATOR_FIELDS, MIGRANT_FIELDS


class RowFields:
    """A row's fields for the template: its own, and its identity fields (folded away)."""

    def main_fields(self):
        return [f for f in self.visible_fields() if f.name not in IDENTITY_FIELDS]

    def identity_fields(self):
        return [f for f in self.visible_fields() if f.name in IDENTITY_FIELDS]

    def identity_errors(self) -> bool:
        # Unfolds the identity fields when one of them needs correcting.
        return any(name in self.errors for name in IDENTITY_FIELDS)


class MigrantForm(RowFields, IdentityMixin, PersonMixin):
    unaccompanied = forms.BooleanField(label=_("Unaccompanied minor"), required=False)
    asylum_requested = forms.BooleanField(label=_("Asylum requested"), required=False)

    def row(self) -> dict:
        row = {name: self.cleaned_data[name] for name in MIGRANT_FIELDS}
        if self.cleaned_data.get("identity") is not None:
            row["identity"] = self.cleaned_data["identity"]
        return row


class FacilitatorForm(RowFields, forms.Form):
    citizenship = country(CITIZENSHIPS, _("Citizenship"))
    sex = select(codes.Sex, _("Sex"))

    def row(self) -> dict:
        return {name: self.cleaned_data[name] for name in FACILITATOR_FIELDS}


class RowFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this row")


class MigrantFormSet(RowFormSet):
    default_error_messages = {"too_few_forms": _("Record at least one migrant.")}


def row_formsets(*, editing: bool):
    """The migrant and facilitator formset classes, with their blank rows.

    Enough blank rows to record a typical incident without JavaScript, few enough that the
    page (each row has a country list) stays light; "add" (static/js/app.js) gives more.
    """
    extra = 1 if editing else 2
    migrants = forms.formset_factory(
        MigrantForm,
        formset=MigrantFormSet,
        extra=extra,
        min_num=1,
        validate_min=True,
        can_delete=True,
        can_delete_extra=False,
    )
    facilitators = forms.formset_factory(
        FacilitatorForm,
        formset=RowFormSet,
        extra=1,
        can_delete=True,
        can_delete_extra=False,
    )
    return migrants, facilitators


def filled_forms(formset) -> list:
    """The rows that carry data: blank extra rows and rows marked for removal are left out."""
    return [
        form
        for form in formset.forms
        if not (form.empty_permitted and not form.has_changed())
        and not (formset.can_delete and formset._should_delete_form(form))
    ]
