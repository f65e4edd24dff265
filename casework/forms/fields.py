"""Fields that offer a vocabulary's codes: a select, a country list, a set of checkboxes."""

import copy

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from casework.countries import in_order
from casework.types import declaration

BLANK = ("", "—")


def code_choices(vocabulary):
    return [BLANK, *vocabulary.choices]


def country_choices(vocabulary, frequent=()):
    """The blank, then the `frequent` countries (in their declared order), then all of them
    by name. A callable: names are translated and sorted in each request's language, not at
    import. The groups only order the list: the codes offered, stored and accepted are the
    vocabulary's, each once (a frequent one also appears under all countries)."""

    def choices():
        countries = in_order(vocabulary)
        if not frequent:
            return [BLANK, *countries]
        names = dict(countries)
        first = [(code, names[code]) for code in frequent]
        return [BLANK, (_("Frequent"), first), (_("All countries"), countries)]

    return choices


def select(vocabulary, *, required=True, help_text=""):
    return forms.ChoiceField(
        choices=code_choices(vocabulary), required=required, help_text=help_text
    )


def country(vocabulary, *, frequent=(), required=True):
    return forms.ChoiceField(choices=country_choices(vocabulary, frequent), required=required)


def checkboxes(vocabulary, *, required):
    return forms.MultipleChoiceField(
        choices=vocabulary.choices,
        required=required,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one.")},
    )


def entered_by(field: declaration.Field) -> forms.Field:
    """The form field a declared field is entered with: its vocabulary and need (its label
    is its model field's, given by `labelled`)."""
    if field.kind == declaration.CODE:
        return select(field.vocabulary, required=field.required)
    if field.kind == declaration.COUNTRY:
        return country(field.vocabulary, frequent=field.frequent, required=field.required)
    if field.kind == declaration.CODES:
        return checkboxes(field.vocabulary, required=field.required)
    if field.kind == declaration.BOOLEAN:
        return forms.BooleanField(required=False)
    raise ValueError(f"No form field enters a {field.kind!r} field ({field.name}).")


def labelled(form_class: type[forms.Form], model: type[models.Model]) -> type[forms.Form]:
    """`form_class` with each field that is stored in a field of `model` labelled by it: the
    form says what the detail page and the admin say (`declaration.label_of`).

    The fields are copied: a mixin's fields (a person's) serve several models.
    """
    stored = {f.name for f in model._meta.get_fields() if f.concrete}
    for name, field in list(form_class.base_fields.items()):
        if name in stored:
            field = copy.deepcopy(field)
            field.label = declaration.label_of(model, name)
            form_class.base_fields[name] = field
    return form_class
