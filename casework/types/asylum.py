"""Asylum: one record per applicant, kept as the procedure goes on (DOMAIN.md).

Each stage has its month: the registration's is the case's, the others are the record's and
empty until the stage is reached. The rules are DOMAIN.md's, in the order they are applied:
the lodging is filled in first where the territory registers applications directly.
"""

from django.utils.translation import gettext_lazy as _

from casework import codes
from casework.models import CaseType
from casework.models.types import AsylumApplicant
from casework.types.declaration import (
    CaseTypeDeclaration,
    Demo,
    Derivation,
    GivenWhen,
    Month,
    NotBefore,
    SameUnlessTerritory,
    boolean,
    code,
    derived,
    month,
)
from casework.types.people import PERSON

ASYLUM = CaseTypeDeclaration(
    # The code and its label are the case column's choice (`CaseType`).
    code=CaseType.ASYLUM.value,
    label=CaseType.ASYLUM.label,
    reference_code="ASY",
    model=AsylumApplicant,
    relation="applicant",
    month=Month("registered_month", _("Month registered")),
    person=True,
    person_label=_("Applicant"),
    fields=(
        *PERSON,
        boolean("unaccompanied"),
        code("accommodation", codes.Accommodation),
        month("lodged_month"),
        code("decision", codes.AsylumDecision, required=False),
        month("decision_month"),
        code("appeal", codes.AsylumAppeal, required=False),
        month("appeal_month"),
        # Derived from the latest stage given.
        derived("stage", codes.AsylumStage),
    ),
    rules=(
        SameUnlessTerritory(
            "lodged_month",
            "registered_month",
            codes.INTENTION_STAGE_TERRITORIES,
            message=_(
                "Here applications are registered directly: give the month registered, or "
                "leave it empty."
            ),
        ),
        NotBefore(
            "lodged_month",
            "registered_month",
            _("An application is not lodged before it is registered."),
        ),
        GivenWhen(
            "decision",
            "lodged_month",
            forbidden=_("A decision needs an application lodged: give the month lodged."),
        ),
        GivenWhen(
            "decision_month",
            "decision",
            missing=_("Give the month of the decision."),
            forbidden=_("A month decided needs a decision."),
        ),
        NotBefore(
            "decision_month",
            "lodged_month",
            _("A decision is not taken before the application is lodged."),
        ),
        GivenWhen(
            "appeal",
            "decision",
            among=codes.APPEALABLE,
            forbidden=_("An appeal follows only a rejection or a discontinued procedure."),
        ),
        GivenWhen(
            "appeal_month",
            "appeal",
            among=codes.APPEAL_OUTCOMES,
            missing=_("Give the month of the appeal's outcome."),
            forbidden=_("Only an appeal with an outcome has a month."),
        ),
        NotBefore(
            "appeal_month",
            "decision_month",
            _("An appeal's outcome is not before the decision appealed."),
        ),
    ),
    derivations=(
        Derivation(
            "stage",
            codes.asylum_stage,
            ("lodged_month", "decision", "appeal"),
            by_keyword=True,
        ),
    ),
    demo=Demo(share=15, trend=(3, 5, 8, 10, 24)),
)
