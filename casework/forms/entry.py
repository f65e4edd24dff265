"""A case type's forms taken as one: what the recording and editing pages work with."""

from django.utils.translation import gettext_lazy as _

from casework.forms.errors import ServiceErrors
from casework.forms.rows import filled_forms, row_formset
from casework.forms.types import case_form
from casework.pseudonyms import IDENTITY_FIELDS
from casework.records import case_data
from casework.types import declared

# The main form's person fields, as entered (an age in years, or its band).
PERSON_FIELDS = ("sex", "age_years", "age_group", "citizenship")
IDENTITY_HINT = _(
    "Only to find the same person recorded twice. Give all three or none. They are turned "
    "into a code and discarded: never stored, and never shown again, not even on this form."
)


class CaseEntry(ServiceErrors):
    """A case type's main form and a formset for each of its row sets (for smuggling, its
    migrants and facilitators).

    One object to validate, to turn into case data, and to attach a service's errors to,
    so that the views handle every case type alike. An edit starts from the stored case.
    """

    def __init__(self, case_type, *, user, data=None, case=None):
        editing = case is not None
        stored = case_data(case) if editing else {}
        self.case_type = case_type
        declaration = declared(case_type)
        self.form = case_form(declaration.code)(
            data,
            user=user,
            editing=editing,
            initial={**stored, "version": case.version} if editing else None,
        )
        self.formsets = {
            rows.name: row_formset(declaration.code, rows.name, editing=editing)(
                data, prefix=rows.name, initial=stored.get(rows.name, [])
            )
            for rows in declaration.rows
        }

    def sections(self) -> list[dict]:
        """The main form's visible fields in fieldsets: the case, the person, the identity."""
        fields = [name for name, field in self.form.fields.items() if not field.widget.is_hidden]
        person = [name for name in PERSON_FIELDS if name in fields]
        identity = [name for name in IDENTITY_FIELDS if name in fields]
        case = [name for name in fields if name not in person and name not in identity]
        sections = [
            {"legend": _("Case"), "names": case},
            {"legend": declared(self.case_type).person_label or None, "names": person},
            {"legend": _("Identity (optional)"), "names": identity, "hint": IDENTITY_HINT},
        ]
        return [
            {**section, "fields": [self.form[name] for name in section["names"]]}
            for section in sections
            if section["names"]
        ]

    @property
    def forms(self) -> list:
        """The main form, then each row set's formset: what the error summary lists."""
        return [self.form, *self.formsets.values()]

    def is_valid(self) -> bool:
        valid = self.form.is_valid()
        return all([valid, *(formset.is_valid() for formset in self.formsets.values())])

    def case_data(self) -> dict:
        data = self.form.case_data()
        for name, formset in self.formsets.items():
            data[name] = [form.row() for form in filled_forms(formset)]
        return data

    def add_error(self, field, message) -> None:
        self.form.add_error(field, message)

    def error_target(self, key: str):
        """The form and field a service's error key names; the rest go on the main form.

        The services name a row's field `migrants.2.sex`: the third row that carried data.
        """
        name, _dot, rest = key.partition(".")
        if name in self.formsets and rest:
            index, _dot, field = rest.partition(".")
            rows = filled_forms(self.formsets[name])
            if index.isascii() and index.isdigit() and int(index) < len(rows):
                return rows[int(index)], field
        return self.form, key
