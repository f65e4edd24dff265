"""The caseworker's forms: one per case type, turning posted fields into the services' case data.

Case data is what `casework.records` expects (see tests/casework/cases.py): codes, `month` as
the first day of a month, lists for multi-valued codes, and `identity` only when all three
identity fields were given. Identity fields are turned into an `Identity` during cleaning
and never rendered back: their widgets always render empty.
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.access import organisations_acted_for
from accounts.roles import Role
from casework import codes
from casework.countries import CITIZENSHIPS, NEIGHBOURS, PLACES
from casework.models import CaseType, Status
from casework.pseudonyms import IDENTITY_FIELDS, identity_from
from casework.records import FACILITATOR_FIELDS, MIGRANT_FIELDS, TYPE_FIELDS

BLANK = ("", "—")
MONTH_LABELS = {
    CaseType.TRAFFICKING: _("Month identified"),
    CaseType.SMUGGLING: _("Month detected"),
    CaseType.READMISSION: _("Month returned"),
}


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


# Month


class MonthInput(forms.TextInput):
    """`<input type="month">`; browsers without it show a text box that takes YYYY-MM."""

    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__({"placeholder": "YYYY-MM", "pattern": r"\d{4}-\d{2}", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return f"{value:%Y-%m}"
        return super().format_value(value)


class MonthField(forms.Field):
    widget = MonthInput
    default_error_messages = {
        "invalid": _("Give a month, as YYYY-MM."),
        "future": _("The month cannot be in the future."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value.replace(day=1)
        match = re.fullmatch(r"(\d{4})-(\d{1,2})", str(value).strip())
        if not match or not 1 <= int(match[2]) <= 12:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return datetime.date(int(match[1]), int(match[2]), 1)

    def validate(self, value):
        super().validate(value)
        if value and value > this_month():
            raise ValidationError(self.error_messages["future"], code="future")


def this_month() -> datetime.date:
    return timezone.localdate().replace(day=1)


# Identity: taken in, hashed, never rendered back


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


def attach_to(form, field, messages, *, fallback=None) -> None:
    """Messages on `field` of `form` if it has one, else on the (fallback) form as a whole."""
    if field in form.fields:
        form.add_error(field, messages)
    else:
        (fallback or form).add_error(None, messages)


class ServiceErrors:
    """A form mixin: a service's ValidationError goes on the fields its keys name."""

    def attach(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for field, messages in error.message_dict.items():
            attach_to(self, field, messages)


# A person


class PersonMixin(forms.Form):
    """Sex, age (in years, kept only as its band, or the band itself) and citizenship."""

    sex = select(codes.Sex, _("Sex"))
    age_years = forms.IntegerField(
        label=_("Age in years"),
        required=False,
        min_value=0,
        max_value=120,
        help_text=_("Only the age group is kept."),
    )
    age_group = select(
        codes.AgeGroup,
        _("or age group"),
        required=False,
        help_text=_("Used when no age in years is given."),
    )
    citizenship = country(CITIZENSHIPS, _("Citizenship"))

    def clean(self):
        cleaned = super().clean()
        years = cleaned.pop("age_years", None)
        if years is not None:
            cleaned["age_group"] = codes.age_band(years).value
        elif not cleaned.get("age_group") and "age_years" not in self.errors:
            self.add_error("age_group", _("Give an age in years or choose an age group."))
        return cleaned


# The main form of each case type


class CaseForm(forms.Form):
    """What every case form has: the month, and hidden fields that make saving safe.

    `submission_key` (new cases) makes a double submit create one case; `version` (edits)
    makes an edit based on a stale read fail instead of overwriting.
    """

    case_type: str

    month = MonthField(label=_("Month"))

    def __init__(self, *args, user, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].label = MONTH_LABELS[self.case_type]
        self.fields["month"].widget.attrs["max"] = f"{this_month():%Y-%m}"
        if editing:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
            return
        self.fields["month"].initial = this_month()
        self.fields["submission_key"] = forms.UUIDField(widget=forms.HiddenInput, required=False)
        if user.has_role(Role.NATIONAL_COORDINATOR):
            self.fields["organisation"] = forms.ModelChoiceField(
                label=_("Organisation"), queryset=organisations_acted_for(user), empty_label="—"
            )
            self.order_fields(["organisation"])

    def case_data(self) -> dict:
        data = {"month": self.cleaned_data["month"]}
        for name in TYPE_FIELDS[self.case_type]:
            if name in self.cleaned_data:
                data[name] = self.cleaned_data[name]
        if self.cleaned_data.get("identity") is not None:
            data["identity"] = self.cleaned_data["identity"]
        return data


class TraffickingForm(IdentityMixin, PersonMixin, CaseForm):
    case_type = CaseType.TRAFFICKING

    victim_status = select(codes.VictimStatus, _("Victim status"))
    exploitation = checkboxes(codes.Exploitation, _("Forms of exploitation"), required=True)
    country_of_exploitation = country(PLACES, _("Country of exploitation"))
    identified_by = select(codes.IdentifiedBy, _("Identified by"))
    recruitment = select(codes.Recruitment, _("Recruitment"), required=False)
    assistance = checkboxes(codes.Assistance, _("Assistance received"), required=False)


class ReadmissionForm(IdentityMixin, PersonMixin, CaseForm):
    case_type = CaseType.READMISSION

    returning_state = country(PLACES, _("Returning state"))
    returnee_category = select(codes.ReturneeCategory, _("Returnee category"))
    procedure = select(codes.Procedure, _("Procedure"))
    return_type = select(codes.ReturnType, _("Return type"))
    prior_asylum_claim = select(codes.YesNoUnknown, _("Asylum sought in the returning state"))
    reintegration_assistance = select(codes.YesNo, _("Reintegration assistance"))


class SmugglingForm(CaseForm):
    case_type = CaseType.SMUGGLING

    location_type = select(codes.LocationType, _("Location"))
    border_with = country(
        NEIGHBOURS,
        _("Border with"),
        required=False,
    )
    direction = select(codes.Direction, _("Direction"))
    transport = select(codes.Transport, _("Transport"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("location_type") == codes.LocationType.INLAND:
            cleaned["border_with"] = ""
        elif cleaned.get("location_type") and not cleaned.get("border_with"):
            self.add_error("border_with", _("Give the neighbour at this border section."))
        return cleaned


# The repeatable rows of a smuggling incident


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


PERSON_FIELDS = ("sex", "age_years", "age_group", "citizenship")
IDENTITY_HINT = _(
    "Only to find the same person recorded twice. Give all three or none. They are turned "
    "into a code and discarded: never stored, and never shown again, not even on this form."
)
PERSON_LEGENDS = {CaseType.TRAFFICKING: _("Victim"), CaseType.READMISSION: _("Returnee")}

FORMS = {
    CaseType.TRAFFICKING: TraffickingForm,
    CaseType.SMUGGLING: SmugglingForm,
    CaseType.READMISSION: ReadmissionForm,
}


class CaseEntry:
    """A case type's main form and, for smuggling, its migrant and facilitator formsets.

    One object to validate, to turn into case data, and to attach a service's errors to,
    so that the views handle every case type alike.
    """

    def __init__(self, case_type, *, user, data=None, case=None):
        editing = case is not None
        self.case_type = case_type
        self.form = FORMS[case_type](
            data, user=user, editing=editing, initial=initial_from(case) if editing else None
        )
        self.formsets = {}
        if case_type == CaseType.SMUGGLING:
            migrants, facilitators = row_formsets(editing=editing)
            self.formsets = {
                "migrants": migrants(data, prefix="migrants", initial=rows_from(case, "migrants")),
                "facilitators": facilitators(
                    data, prefix="facilitators", initial=rows_from(case, "facilitators")
                ),
            }

    def sections(self) -> list[dict]:
        """The main form's visible fields in fieldsets: the case, the person, the identity."""
        fields = [name for name, field in self.form.fields.items() if not field.widget.is_hidden]
        person = [name for name in PERSON_FIELDS if name in fields]
        identity = [name for name in IDENTITY_FIELDS if name in fields]
        case = [name for name in fields if name not in person and name not in identity]
        sections = [
            {"legend": _("Case"), "names": case},
            {"legend": PERSON_LEGENDS.get(self.case_type), "names": person},
            {"legend": _("Identity (optional)"), "names": identity, "hint": IDENTITY_HINT},
        ]
        return [
            {**section, "fields": [self.form[name] for name in section["names"]]}
            for section in sections
            if section["names"]
        ]

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

    def attach(self, error: ValidationError) -> None:
        """Put a service's ValidationError on the fields it names, the rest on the form.

        The services name a row's field `migrants.2.sex`: the third row that carried data.
        """
        if not hasattr(error, "error_dict"):
            self.form.add_error(None, error.messages)
            return
        for key, messages in error.message_dict.items():
            form, field = self._target(key)
            attach_to(form, field, messages, fallback=self.form)

    def _target(self, key: str):
        name, _dot, rest = key.partition(".")
        if name in self.formsets and rest:
            index, _dot, field = rest.partition(".")
            rows = filled_forms(self.formsets[name])
            if index.isdigit() and int(index) < len(rows):
                return rows[int(index)], field
        return self.form, key


def initial_from(case) -> dict:
    """The form's initial values from a stored case (no identity: none is stored)."""
    record = case.details
    initial = {"month": case.month, "version": case.version}
    for name in TYPE_FIELDS[case.case_type]:
        initial[name] = getattr(record, name)
    return initial


def rows_from(case, name: str) -> list[dict]:
    if case is None:
        return []
    fields = MIGRANT_FIELDS if name == "migrants" else FACILITATOR_FIELDS
    return [{f: getattr(row, f) for f in fields} for row in getattr(case, name)]


# Lists and actions


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
