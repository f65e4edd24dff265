from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.access import organisations_acted_for
from accounts.models import Organisation
from casework.errors import UNKNOWN_ORGANISATION
from casework.months import MONTH_MESSAGES, month_parsed, month_refusal


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2013-05"})
class MonthField(serializers.Field):
    """A month as `YYYY-MM`, kept as the first day of that month, by the rule of
    `casework.months`."""

    default_error_messages = MONTH_MESSAGES

    def to_internal_value(self, data):
        month = month_parsed(data) if isinstance(data, str) else None
        if month is None:
            self.fail("invalid")
        if code := month_refusal(month):
            self.fail(code)
        return month

    def to_representation(self, value):
        return value.strftime("%Y-%m")


@extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string"}]})
class OrganisationField(serializers.Field):
    """An organisation given as its id or its exact name.

    It is looked for among those the user records for: one outside them is unknown, exactly
    as one that does not exist, also beside other field errors. Roles that record for none
    find any, and are refused by the service for their role (403).
    """

    default_error_messages = {"unknown": UNKNOWN_ORGANISATION}

    def _candidates(self):
        user = getattr(self.context.get("request"), "user", None)
        if user is not None and user.has_perm("casework.add_case"):
            return organisations_acted_for(user)
        return Organisation.objects.all()

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str) or data == "":
            self.fail("unknown")
        if str(data).isdecimal() and str(data).isascii() and int(data) >= 2**63:
            self.fail("unknown")
        candidates = self._candidates()
        found = candidates.filter(
            **(
                {"pk": data}
                if isinstance(data, int) or (str(data).isdecimal() and str(data).isascii())
                else {"name": data}
            )
        ).first()
        if found is None and isinstance(data, str):
            found = candidates.filter(name=data).first()
        if found is None:
            self.fail("unknown")
        return found

    def to_representation(self, value):
        return value.pk


class CodeListField(serializers.ListField):
    """Several codes of one vocabulary; each given once."""

    def __init__(self, *, vocabulary, **kwargs):
        super().__init__(child=serializers.ChoiceField(choices=vocabulary.choices), **kwargs)

    def to_internal_value(self, data):
        codes = super().to_internal_value(data)
        if len(set(codes)) != len(codes):
            raise serializers.ValidationError(_("Give each code once."))
        return codes


class VocabularyField(serializers.ChoiceField):
    """A choice of a fixed vocabulary (a country list holds some 250 codes).

    DRF deep-copies every declared field for every serializer it makes, choices included: for
    the country fields that was a third of a case list's time. A vocabulary never changes, so
    the copy shares it.
    """

    def __deepcopy__(self, memo):
        return self.__class__(*self._args, **self._kwargs)
