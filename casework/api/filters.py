"""One FilterSet per case type: the common filters of API.md and one per declared field."""

import django_filters
from django.db.models import ExpressionWrapper, F, IntegerField

from accounts.territories import Territory
from casework.models import Case, Status
from casework.types import declaration, declared


class CaseFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Status.choices)
    year = django_filters.NumberFilter(field_name="month__year", min_value=1900, max_value=2100)
    territory = django_filters.ChoiceFilter(choices=Territory.choices)
    organisation = django_filters.NumberFilter(
        field_name="organisation_id", min_value=1, max_value=2**63 - 1
    )
    reference = django_filters.CharFilter(method="_reference")
    external_id = django_filters.CharFilter()

    class Meta:
        model = Case
        fields = []

    def _reference(self, queryset, name, value):
        # References are upper case (RS-THB-2013-000042): the value, given in any case (and
        # stripped by the form), is made so and found by the unique index. A case-blind
        # match read every case in scope: 260 ms a request at 1,000,000 cases.
        return queryset.filter(reference=value.upper())

    def get_form_class(self):
        # The form depends on the class alone: made once a class, not on every request
        # (which built a form class and each filter's form field anew: 0.4 ms of a list
        # page's 8). Django copies a form's fields for each form made from it.
        form_class = type(self).__dict__.get("_form_class")
        if form_class is None:
            form_class = type(self)._form_class = super().get_form_class()
        return form_class


def _has_code(vocabulary, relation: str, field: str):
    bits = {code: 1 << i for i, code in enumerate(vocabulary.values)}

    def method(queryset, name, value):
        masked = ExpressionWrapper(
            F(f"{relation}__{field}").bitand(bits[value]), output_field=IntegerField()
        )
        return queryset.alias(**{f"{field}_bit": masked}).filter(**{f"{field}_bit__gt": 0})

    return django_filters.ChoiceFilter(choices=vocabulary.choices, method=method)


def _filter(field: declaration.Field, relation: str) -> django_filters.Filter:
    """The filter of a declared field: a code, a country code, one code of a set, or a yes/no."""
    if field.kind == declaration.CODE:
        return django_filters.ChoiceFilter(
            field_name=f"{relation}__{field.name}", choices=field.vocabulary.choices
        )
    if field.kind == declaration.COUNTRY:
        return django_filters.CharFilter(field_name=f"{relation}__{field.name}", max_length=4)
    if field.kind == declaration.CODES:
        return _has_code(field.vocabulary, relation, field.name)
    if field.kind == declaration.BOOLEAN:
        return django_filters.BooleanFilter(field_name=f"{relation}__{field.name}")
    raise ValueError(f"No filter for a {field.kind!r} field ({field.name}).")


# The order filters are made in, and a bad query's errors listed in: codes, countries, sets
# of codes, yes/no; in each, the entered fields, then the derived ones.
KIND_ORDER = {
    declaration.CODE: 0,
    declaration.COUNTRY: 1,
    declaration.CODES: 2,
    declaration.BOOLEAN: 3,
}


def _made_first(field: declaration.Field) -> tuple:
    return KIND_ORDER.get(field.kind, len(KIND_ORDER)), not field.entered


def filterset_for(case_type: str) -> type[CaseFilterSet]:
    """The filter set of a case type: the common filters and one per declared field of its
    record, derived fields included (statistics count by them, so the API finds by them)."""
    declared_type = declared(case_type)
    filters = {
        field.name: _filter(field, declared_type.relation)
        for field in sorted(declared_type.fields, key=_made_first)
    }
    return type(f"{declared_type.code.title()}FilterSet", (CaseFilterSet,), filters)
