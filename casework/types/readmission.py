"""Readmission: one record per person returned from the EU (DOMAIN.md)."""

from django.utils.translation import gettext_lazy as _

from casework import codes
from casework.countries import FREQUENT_DESTINATIONS, PLACES
from casework.models import CaseType, Returnee
from casework.types.declaration import CaseTypeDeclaration, Demo, Month, code, country
from casework.types.people import PERSON

READMISSION = CaseTypeDeclaration(
    # The code and its label are the case column's choice (`CaseType`).
    code=CaseType.READMISSION.value,
    label=CaseType.READMISSION.label,
    reference_code="RDM",
    model=Returnee,
    relation="returnee",
    month=Month("returned_month", _("Month returned")),
    person=True,
    person_label=_("Returnee"),
    fields=(
        *PERSON,
        country("returning_state", PLACES, frequent=FREQUENT_DESTINATIONS),
        code("returnee_category", codes.ReturneeCategory),
        code("procedure", codes.Procedure),
        code("return_type", codes.ReturnType),
        code("prior_asylum_claim", codes.YesNoUnknown),
        code("reintegration_assistance", codes.YesNo),
    ),
    demo=Demo(share=50, trend=(12, 11, 10, 10, 9)),
)
