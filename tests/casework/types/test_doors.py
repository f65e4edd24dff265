"""Every declared type is reachable through each door made from its declaration: the web
form (and its rows), the API's input and output serializers, and the API's filter set."""

import dataclasses

import pytest

from casework import types
from casework.api.filters import CaseFilterSet, filterset_for
from casework.api.serializers import CaseFields, input_serializer, output_serializer
from casework.forms import CaseEntry
from casework.forms.persons import PersonMixin
from casework.forms.rows import row_form
from casework.forms.types import case_form
from casework.models import Case, Returnee
from casework.pseudonyms import IDENTITY_FIELDS
from casework.types import declared_types
from casework.types.declaration import boolean, label_of
from tests.casework.pages.posts import as_post
from tests.casework.types.test_every_type_is_reachable import recorded

TYPES = pytest.mark.parametrize("declaration", declared_types(), ids=str)
ROW_SETS = pytest.mark.parametrize(
    "declaration, rows",
    [(declaration, rows) for declaration in declared_types() for rows in declaration.rows],
    ids=lambda value: getattr(value, "name", str(value)),
)
# What a form has beside the declared fields: the month, an age in years (kept as its band),
# and the identity, which becomes a pseudonym.
FORM_OWN = {"month", "age_years", *IDENTITY_FIELDS}


def entered(names, *, besides) -> list[str]:
    return [name for name in names if name not in besides]


@TYPES
def test_every_declared_type_has_a_form_carrying_its_entered_fields_in_order(declaration):
    form = case_form(declaration.code)
    assert entered(form.base_fields, besides=FORM_OWN) == list(declaration.field_names)
    for field in declaration.entered_fields:
        assert form.base_fields[field.name].label == label_of(declaration.model, field.name)
        if field.name not in PersonMixin.base_fields:
            assert form.base_fields[field.name].required == field.required


@ROW_SETS
def test_every_row_set_has_a_row_form_carrying_its_fields_in_order(declaration, rows):
    form = row_form(declaration.code, rows.name)
    assert entered(form.base_fields, besides=FORM_OWN) == list(rows.field_names)


@TYPES
@pytest.mark.parametrize("update", [False, True], ids=["create", "update"])
def test_every_declared_type_has_an_input_serializer_carrying_its_entered_fields_and_rows(
    declaration, update
):
    fields = input_serializer(declaration.code, update=update)().fields
    besides = {declaration.month.name, "external_id", "organisation", "version", *IDENTITY_FIELDS}
    assert entered(fields, besides=besides) == [
        *declaration.field_names,
        *(rows.name for rows in declaration.rows),
    ]
    for rows in declaration.rows:
        row_fields = fields[rows.name].child.fields
        assert entered(row_fields, besides=IDENTITY_FIELDS) == list(rows.field_names)


@TYPES
def test_every_declared_type_has_an_output_serializer_carrying_its_entered_fields_and_rows(
    declaration,
):
    serializer = output_serializer(declaration.code)()
    shown = [name for name, field in serializer.fields.items() if not field.write_only]
    assert entered(shown, besides={*CaseFields().fields, declaration.month.name}) == [
        *declaration.field_names,
        *(rows.name for rows in declaration.rows),
    ]


@TYPES
def test_every_declared_type_has_a_filter_set_with_a_filter_per_declared_field(declaration):
    """Derived fields too: the statistics count by them, so the API finds cases by them."""
    filters = filterset_for(declaration.code).base_filters
    own = set(filters) - set(CaseFilterSet.base_filters)
    assert own == {field.name for field in declaration.fields}


def test_an_inland_detection_on_the_form_drops_a_border_left_from_an_earlier_choice(region):
    entry = CaseEntry(
        "smuggling",
        user=region.users["caseworker_rs_police"],
        data=as_post("smuggling", location_type="inland", border_with="MK"),
    )
    assert entry.is_valid(), entry.form.errors
    assert entry.case_data()["border_with"] == ""


def test_a_border_section_on_the_form_asks_for_its_neighbour(region):
    entry = CaseEntry(
        "smuggling",
        user=region.users["caseworker_rs_police"],
        data=as_post("smuggling", location_type="green_border", border_with=""),
    )
    assert not entry.is_valid()
    assert entry.form.errors["border_with"] == ["Give the neighbour at this border section."]


def test_a_yes_no_field_of_a_record_is_found_by_a_yes_no_filter(region, monkeypatch):
    # No type has one on its record today; asylum and irregular entry will (`unaccompanied`).
    readmission = types.declared("readmission")
    flagged = dataclasses.replace(readmission, fields=(*readmission.fields, boolean("is_repeat")))
    repeat = recorded(region, readmission)
    recorded(region, readmission)  # a first-time returnee, not found
    Returnee.objects.filter(pk=repeat.pk).update(is_repeat=True)
    monkeypatch.setitem(types.CASE_TYPES, "readmission", flagged)

    found = filterset_for("readmission")({"is_repeat": "true"}, queryset=Case.objects.all()).qs

    assert list(found) == [repeat]
