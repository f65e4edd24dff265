"""Fields that offer a vocabulary's codes: a select, a country list, a set of checkboxes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from casework.types import declaration

BLANK = ("", "—")


def code_choices(vocabulary):
    return [BLANK, *vocabulary.choices]


def country_choices(vocabulary):
    # A callable, so that names are sorted in the language of each request, not of import.
    return lambda: [BLANK, *((code, name) for code, name in vocabulary)]


def select(vocabulary, label, *, required=True, help_text=""):
    return forms.ChoiceField(
        label=label, choices=code_choices(vocabulary), required=required, help_text=help_text
    )


def country(vocabulary, label, *, required=True):
    return forms.ChoiceField(label=label, choices=country_choices(vocabulary), required=required)


def checkboxes(vocabulary, label, *, required):
    return forms.MultipleChoiceField(
        label=label,
        choices=vocabulary.choices,
        required=required,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one.")},
    )


def entered_by(field: declaration.Field) -> forms.Field:
    """The form field a declared field is entered with: its label, vocabulary and need."""
    if field.kind == declaration.CODE:
        return select(field.vocabulary, field.label, required=field.required)
    if field.kind == declaration.COUNTRY:
        return country(field.vocabulary, field.label, required=field.required)
    if field.kind == declaration.CODES:
        return checkboxes(field.vocabulary, field.label, required=field.required)
    if field.kind == declaration.BOOLEAN:
        return forms.BooleanField(label=field.label, required=False)
    raise ValueError(f"No form field enters a {field.kind!r} field ({field.name}).")
