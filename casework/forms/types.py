"""The main form of each case type, made from its declaration (`casework.types`)."""

import functools

from django import forms

from casework.forms.case import CaseForm
from casework.forms.fields import entered_by, labelled
from casework.forms.identity import IdentityMixin
from casework.forms.persons import PersonMixin, own_fields
from casework.types import declared


@functools.cache  # a class per type, made once
def case_form(case_type: str) -> type[CaseForm]:
    """The main form of `case_type`: a person's fields and identity if the record is one,
    then each entered field of the record, in the declared order.

    A smuggling incident's migrants and facilitators are rows (see `rows`).
    """
    declaration = declared(case_type)
    bases = (IdentityMixin, PersonMixin, CaseForm) if declaration.person else (CaseForm,)
    fields: dict[str, forms.Field] = {
        field.name: entered_by(field)
        for field in own_fields(declaration.entered_fields, person=declaration.person)
    }
    form = type(
        f"{declaration.code.title()}Form",
        bases,
        {"__module__": __name__, "case_type": declaration.code, **fields},
    )
    return labelled(form, declaration.model)
