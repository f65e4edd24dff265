"""The repeatable rows of a type record (a smuggling incident's migrants, its facilitators),
made from their declaration (`casework.types`, `Rows`)."""

import functools

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.forms.fields import entered_by, labelled
from casework.forms.identity import IdentityMixin
from casework.forms.persons import PersonMixin, own_fields
from casework.pseudonyms import IDENTITY_FIELDS
from casework.types import declared
from casework.types.declaration import Rows


class RowFields:
    """A row's fields for the template: its own, and its identity fields (folded away)."""

    def main_fields(self):
        return [f for f in self.visible_fields() if f.name not in IDENTITY_FIELDS]

    def identity_fields(self):
        return [f for f in self.visible_fields() if f.name in IDENTITY_FIELDS]

    def identity_errors(self) -> bool:
        # Unfolds the identity fields when one of them needs correcting.
        return any(name in self.errors for name in IDENTITY_FIELDS)


class RowForm(RowFields, forms.Form):
    rows: Rows

    def row(self) -> dict:
        row = {name: self.cleaned_data[name] for name in self.rows.field_names}
        if self.cleaned_data.get("identity") is not None:
            row["identity"] = self.cleaned_data["identity"]
        return row


class RowFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this row")


def _rows(case_type: str, name: str) -> Rows:
    return declared(case_type).rows_named(name)


@functools.cache  # a class per row set, made once
def row_form(case_type: str, name: str) -> type[RowForm]:
    """The form of one row: a person's fields and identity if the row is one, then its own."""
    rows = _rows(case_type, name)
    bases = (RowForm, IdentityMixin, PersonMixin) if rows.person else (RowForm,)
    fields = {f.name: entered_by(f) for f in own_fields(rows.fields, person=rows.person)}
    form = type(
        f"{rows.singular.title()}Form",
        bases,
        {"__module__": __name__, "rows": rows, **fields},
    )
    return labelled(form, rows.model)


@functools.cache  # a class per row set, new or edited, made once
def row_formset(case_type: str, name: str, *, editing: bool) -> type[RowFormSet]:
    """The formset class of a row set, with its blank rows.

    Enough blank rows to record a typical incident without JavaScript (a second one where a
    row is needed), few enough that the page (each row has a country list) stays light;
    "add" (static/js/app.js) gives more.
    """
    rows = _rows(case_type, name)
    formset = RowFormSet
    if rows.at_least_one:
        formset = type(
            f"{rows.singular.title()}FormSet",
            (RowFormSet,),
            {"default_error_messages": {"too_few_forms": rows.too_few}},
        )
    return forms.formset_factory(
        row_form(case_type, name),
        formset=formset,
        extra=1 if editing or not rows.at_least_one else 2,
        can_delete=True,
        can_delete_extra=False,
        **({"min_num": 1, "validate_min": True} if rows.at_least_one else {}),
    )


def filled_forms(formset) -> list:
    """The rows that carry data: blank extra rows and rows marked for removal are left out."""
    return [
        form
        for form in formset.forms
        if not (form.empty_permitted and not form.has_changed())
        and not (formset.can_delete and formset._should_delete_form(form))
    ]
