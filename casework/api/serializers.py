"""Case serializers: one input and one output shape per case type, from the domain's codes.

Identity fields are write-only and become a pseudonym in `to_service_data`; they are never
echoed back. The month keeps its domain name per type (`identified_month`, ...).
"""

import functools

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from casework import codes
from casework.api.fields import CodeListField, MonthField, OrganisationField, VocabularyField
from casework.countries import CITIZENSHIPS, NEIGHBOURS, PLACES
from casework.models import Case, CaseType, Status
from casework.pseudonyms import IDENTITY_FIELDS, identity_from
from casework.records import case_data
from casework.types import declared


def _country(vocabulary, **kwargs):
    return VocabularyField(choices=list(vocabulary), **kwargs)


class IdentityFields(serializers.Serializer):
    """Optional identity fields: all three or none; hashed, then discarded."""

    given_names = serializers.CharField(write_only=True, required=False, max_length=200)
    family_name = serializers.CharField(write_only=True, required=False, max_length=200)
    date_of_birth = serializers.DateField(write_only=True, required=False)

    def take_identity(self, attrs: dict) -> dict:
        try:
            identity = identity_from(attrs)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from None
        if identity is not None:
            attrs["identity"] = identity
        return attrs


class PersonFields(IdentityFields):
    sex = serializers.ChoiceField(choices=codes.Sex.choices)
    age_group = serializers.ChoiceField(choices=codes.AgeGroup.choices)
    citizenship = _country(CITIZENSHIPS)


class MigrantSerializer(PersonFields):
    unaccompanied = serializers.BooleanField(default=False)
    asylum_requested = serializers.BooleanField(default=False)

    def validate(self, attrs):
        return self.take_identity(attrs)


class FacilitatorSerializer(serializers.Serializer):
    citizenship = _country(CITIZENSHIPS)
    sex = serializers.ChoiceField(choices=codes.Sex.choices)


class TraffickingFields(PersonFields):
    identified_month = MonthField()
    victim_status = serializers.ChoiceField(choices=codes.VictimStatus.choices)
    exploitation = CodeListField(vocabulary=codes.Exploitation, min_length=1)
    country_of_exploitation = _country(PLACES)
    identified_by = serializers.ChoiceField(choices=codes.IdentifiedBy.choices)
    recruitment = serializers.ChoiceField(
        choices=codes.Recruitment.choices, required=False, allow_blank=True, default=""
    )
    assistance = CodeListField(vocabulary=codes.Assistance, required=False, default=list)


class SmugglingFields(serializers.Serializer):
    detected_month = MonthField()
    location_type = serializers.ChoiceField(choices=codes.LocationType.choices)
    border_with = _country(NEIGHBOURS, required=False, allow_blank=True, default="")
    direction = serializers.ChoiceField(choices=codes.Direction.choices)
    transport = serializers.ChoiceField(choices=codes.Transport.choices)
    migrants = MigrantSerializer(many=True, allow_empty=False)
    facilitators = FacilitatorSerializer(many=True, required=False, default=list)


class ReadmissionFields(PersonFields):
    returned_month = MonthField()
    returning_state = _country(PLACES)
    returnee_category = serializers.ChoiceField(choices=codes.ReturneeCategory.choices)
    procedure = serializers.ChoiceField(choices=codes.Procedure.choices)
    return_type = serializers.ChoiceField(choices=codes.ReturnType.choices)
    prior_asylum_claim = serializers.ChoiceField(choices=codes.YesNoUnknown.choices)
    reintegration_assistance = serializers.ChoiceField(choices=codes.YesNo.choices)


TYPE_SERIALIZERS = {
    CaseType.TRAFFICKING: TraffickingFields,
    CaseType.SMUGGLING: SmugglingFields,
    CaseType.READMISSION: ReadmissionFields,
}


def _to_service_data(case_type: str, attrs: dict, serializer) -> dict:
    """Validated input as case data: the month under `month`, identity as a pseudonym."""
    data = dict(attrs)
    month_field = declared(case_type).month.name
    if month_field in data:
        data["month"] = data.pop(month_field)
    if case_type != CaseType.SMUGGLING:
        data = serializer.take_identity(data)
    data.pop("organisation", None)
    data.pop("version", None)
    for migrant in data.get("migrants", []):
        for name in IDENTITY_FIELDS:
            migrant.pop(name, None)
    return data


@functools.cache  # a class per type, made once, not per request
def input_serializer(case_type: str, *, update: bool = False) -> type[serializers.Serializer]:
    """The input serializer of a case type: for a create, or for a PATCH (with `version`)."""
    base = TYPE_SERIALIZERS[case_type]

    class Input(base):
        external_id = serializers.CharField(
            required=False, allow_blank=True, allow_null=True, max_length=100
        )
        if update:
            version = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
        else:
            organisation = OrganisationField(required=False)

        def to_service_data(self) -> dict:
            return _to_service_data(case_type, self.validated_data, self)

    Input.__name__ = f"{case_type.title()}{'Update' if update else 'Create'}Input"
    return Input


class CaseFields(serializers.Serializer):
    """What every case shows, beside its type's fields."""

    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    status = serializers.ChoiceField(choices=Status.choices, read_only=True)
    status_reason = serializers.CharField(read_only=True)
    external_id = serializers.CharField(read_only=True, allow_null=True)
    organisation = serializers.IntegerField(read_only=True)
    organisation_name = serializers.CharField(read_only=True)
    territory = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)


@functools.cache  # a class per type, made once, not per request
def output_serializer(case_type: str) -> type[serializers.Serializer]:
    """The output serializer of a case type: the case's fields and its type record's."""

    class Output(CaseFields, TYPE_SERIALIZERS[case_type]):
        def to_representation(self, case: Case):
            data = case_data(case)
            data[declared(case_type).month.name] = data.pop("month")
            flat = {
                "id": case.pk,
                "reference": case.reference,
                "version": case.version,
                "status": case.status,
                "status_reason": case.status_reason,
                "organisation": case.organisation_id,
                "organisation_name": case.organisation.name,
                "territory": case.territory,
                "created_at": case.created_at,
                "updated_at": case.updated_at,
                **data,
            }
            # Every readable field's value is at hand by its name: each field formats its own
            # (None stays None, as in DRF) without DRF looking each value up through the
            # field's source, a fifth of the time a list page spends serializing.
            return {
                field.field_name: None
                if (value := flat[field.field_name]) is None
                else field.to_representation(value)
                for field in self._readable_fields
            }

    Output.__name__ = f"{case_type.title()}Case"
    return Output
