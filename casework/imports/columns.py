"""The columns of a case file, per case type, declared from the domain's vocabularies.

Headers are the field names of the domain. Each column has a kind that says how a cell is
read and checked; the same declaration makes the downloadable templates.
"""

from dataclasses import dataclass

from casework import codes
from casework.countries import CITIZENSHIPS, NEIGHBOURS, PLACES
from casework.countries import codes as country_codes
from casework.models import CaseType
from casework.pseudonyms import IDENTITY_FIELDS
from casework.types import declared


@dataclass(frozen=True)
class Column:
    name: str
    # code, country: one code; codes: a set of codes; sequence: codes in order, repeats allowed;
    # month, boolean, text, identity.
    kind: str
    allowed: frozenset[str] = frozenset()
    required: bool = True
    # Columns of an incident repeat on each of its rows and must agree (smuggling files).
    incident: bool = False


def code(name, vocabulary, **kw):
    return Column(name, "code", frozenset(vocabulary.values), **kw)


def country(name, vocabulary, **kw):
    return Column(name, "country", country_codes(vocabulary), **kw)


def person() -> list[Column]:
    return [
        code("sex", codes.Sex),
        code("age_group", codes.AgeGroup),
        country("citizenship", CITIZENSHIPS),
    ]


IDENTITY = [Column(name, "identity", required=False) for name in IDENTITY_FIELDS]
EXTERNAL_ID = Column("external_id", "text", required=False)


def columns_for(case_type: str) -> list[Column]:
    month = Column(declared(case_type).month.name, "month")
    if case_type == CaseType.TRAFFICKING:
        return [
            EXTERNAL_ID,
            month,
            *person(),
            code("victim_status", codes.VictimStatus),
            Column("exploitation", "codes", frozenset(codes.Exploitation.values)),
            country("country_of_exploitation", PLACES),
            code("identified_by", codes.IdentifiedBy),
            code("recruitment", codes.Recruitment, required=False),
            Column("assistance", "codes", frozenset(codes.Assistance.values), required=False),
            *IDENTITY,
        ]
    if case_type == CaseType.SMUGGLING:
        incident = {"incident": True}
        return [
            Column("incident_ref", "text", **incident),
            Column("external_id", "text", required=False, **incident),
            Column(month.name, "month", **incident),
            code("location_type", codes.LocationType, **incident),
            country("border_with", NEIGHBOURS, required=False, **incident),
            code("direction", codes.Direction, **incident),
            code("transport", codes.Transport, **incident),
            Column(
                "facilitator_citizenships",
                "sequence",
                country_codes(CITIZENSHIPS),
                required=False,
                **incident,
            ),
            Column(
                "facilitator_sexes",
                "sequence",
                frozenset(codes.Sex.values),
                required=False,
                **incident,
            ),
            *person(),
            Column("unaccompanied", "boolean", required=False),
            Column("asylum_requested", "boolean", required=False),
            *IDENTITY,
        ]
    return [
        EXTERNAL_ID,
        month,
        *person(),
        country("returning_state", PLACES),
        code("returnee_category", codes.ReturneeCategory),
        code("procedure", codes.Procedure),
        code("return_type", codes.ReturnType),
        code("prior_asylum_claim", codes.YesNoUnknown),
        code("reintegration_assistance", codes.YesNo),
        *IDENTITY,
    ]


def template_csv(case_type: str) -> str:
    """The header row of a case type's file, as a downloadable template."""
    return ",".join(column.name for column in columns_for(case_type)) + "\r\n"
