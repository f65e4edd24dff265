"""Trafficking in human beings: one record per victim (DOMAIN.md)."""

from django.utils.translation import gettext_lazy as _

from casework import codes
from casework.countries import FREQUENT_DESTINATIONS, PLACES
from casework.models import CaseType, TraffickingVictim
from casework.types.declaration import (
    CaseTypeDeclaration,
    Demo,
    Derivation,
    Month,
    code,
    code_set,
    country,
    derived,
)
from casework.types.people import PERSON

TRAFFICKING = CaseTypeDeclaration(
    # The code and its label are the case column's choice (`CaseType`).
    code=CaseType.TRAFFICKING.value,
    label=CaseType.TRAFFICKING.label,
    reference_code="THB",
    model=TraffickingVictim,
    relation="victim",
    month=Month("identified_month", _("Month identified")),
    person=True,
    person_label=_("Victim"),
    fields=(
        *PERSON,
        code("victim_status", codes.VictimStatus),
        code_set("exploitation", codes.Exploitation),
        # Derived from the forms of exploitation (`multiple` when several), by the record.
        derived("exploitation_category", codes.ExploitationCategory),
        country("country_of_exploitation", PLACES, frequent=FREQUENT_DESTINATIONS),
        code("identified_by", codes.IdentifiedBy),
        code("recruitment", codes.Recruitment, required=False),
        code_set("assistance", codes.Assistance, required=False),
        # Derived from citizenship and country of exploitation.
        derived("scope", codes.Scope),
    ),
    demo=Demo(share=15, trend=(10, 10, 9, 9, 10)),
    derivations=(
        Derivation("exploitation_category", codes.exploitation_category, ("exploitation",)),
        Derivation(
            "scope",
            codes.trafficking_scope,
            ("citizenship", "country_of_exploitation"),
            by_keyword=True,
        ),
    ),
)
