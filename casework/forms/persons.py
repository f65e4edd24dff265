"""A person's fields, shared by victims, returnees and smuggled migrants."""

from django import forms
from django.utils.translation import gettext_lazy as _

from casework import codes
from casework.forms.fields import entered_by, select
from casework.types.people import PERSON, PERSON_NAMES

PERSON_FIELDS = {field.name: field for field in PERSON}


class PersonMixin(forms.Form):
    """Sex, age (in years, kept only as its band, or the band itself) and citizenship."""

    # As the person's fields are declared, and labelled by the model they are stored in
    # (`fields.labelled`).
    sex = entered_by(PERSON_FIELDS["sex"])
    age_years = forms.IntegerField(
        label=_("Age in years"),
        required=False,
        min_value=0,
        max_value=120,
        help_text=_("Only the age group is kept."),
    )
    age_group = select(
        codes.AgeGroup,
        required=False,
        help_text=_("Used when no age in years is given."),
    )
    citizenship = entered_by(PERSON_FIELDS["citizenship"])

    def clean(self):
        cleaned = super().clean()
        years = cleaned.pop("age_years", None)
        if years is not None:
            cleaned["age_group"] = codes.age_band(years).value
        elif not cleaned.get("age_group") and "age_years" not in self.errors:
            self.add_error("age_group", _("Give an age in years or choose an age group."))
        return cleaned


def own_fields(fields, *, person: bool) -> tuple:
    """The declared fields a form enters itself: a person's are PersonMixin's."""
    return tuple(f for f in fields if not (person and f.name in PERSON_NAMES))
