"""Smuggling of migrants: one record per detection incident, with its persons (DOMAIN.md)."""

from django.utils.translation import gettext_lazy as _

from casework import codes
from casework.countries import (
    CITIZENSHIPS,
    FREQUENT_CITIZENSHIPS,
    FREQUENT_NEIGHBOURS,
    NEIGHBOURS,
)
from casework.models import CaseType, Facilitator, SmuggledMigrant, SmugglingIncident
from casework.types.declaration import (
    CaseTypeDeclaration,
    Demo,
    GivenUnless,
    Month,
    Rows,
    Sequences,
    boolean,
    code,
    country,
)
from casework.types.people import PERSON

SMUGGLING = CaseTypeDeclaration(
    # The code and its label are the case column's choice (`CaseType`).
    code=CaseType.SMUGGLING.value,
    label=CaseType.SMUGGLING.label,
    reference_code="SOM",
    model=SmugglingIncident,
    relation="incident",
    month=Month("detected_month", _("Month detected")),
    person=False,
    fields=(
        code("location_type", codes.LocationType),
        country("border_with", NEIGHBOURS, frequent=FREQUENT_NEIGHBOURS, required=False),
        code("direction", codes.Direction),
        code("transport", codes.Transport),
    ),
    rules=(
        # As `SmugglingIncident`'s constraint holds it.
        GivenUnless(
            "border_with",
            "location_type",
            codes.LocationType.INLAND,
            missing=_("Give the neighbour at this border section."),
            forbidden=_("An inland detection has no border."),
        ),
    ),
    rows=(
        Rows(
            "migrants",
            SmuggledMigrant,
            (
                *PERSON,
                boolean("unaccompanied"),
                boolean("asylum_requested"),
            ),
            _("Migrants"),
            person=True,
            at_least_one=True,
            missing=_("An incident has at least one migrant."),
            singular="migrant",
            too_few=_("Record at least one migrant."),
        ),
        Rows(
            "facilitators",
            Facilitator,
            (
                country("citizenship", CITIZENSHIPS, frequent=FREQUENT_CITIZENSHIPS),
                code("sex", codes.Sex),
            ),
            _("Facilitators"),
            person=False,
            none_recorded=_("No facilitator recorded."),
            sequences=Sequences(
                ("facilitator_citizenships", "facilitator_sexes"),
                uneven=_("Give as many facilitator sexes as citizenships."),
            ),
            singular="facilitator",
        ),
    ),
    demo=Demo(share=35, trend=(4, 6, 9, 13, 24)),
)
