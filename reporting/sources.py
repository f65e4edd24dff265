"""Where each unit's rows live: the SQL an aggregation run and its benchmark read."""

from django.db import connection

from reporting.tables import FACILITATORS, INCIDENTS, MIGRANTS, RETURNEES, VICTIMS

MINOR_BANDS = ("'0-8'", "'9-17'")

AGE_CLASS = (
    "CASE WHEN p.age_group IN ({minors}) THEN 'minor' "
    "WHEN p.age_group = 'unknown' THEN 'unknown' ELSE 'adult' END"
).format(minors=", ".join(MINOR_BANDS))

# Per unit: the rows it counts (FROM ... WHERE) and the dimensions its tables break down by.
SOURCES = {
    VICTIMS: (
        "casework_case c JOIN casework_traffickingvictim p ON p.case_id = c.id",
        "NOT p.is_repeat",
        {
            "sex": "p.sex",
            "age": AGE_CLASS,
            "citizenship": "p.citizenship",
            "exploitation": "p.exploitation_category",
            "scope": "p.scope",
            "identified_by": "p.identified_by",
            "victim_status": "p.victim_status",
        },
    ),
    INCIDENTS: ("casework_case c JOIN casework_smugglingincident p ON p.case_id = c.id", "", {}),
    MIGRANTS: (
        "casework_case c JOIN casework_smugglingincident i ON i.case_id = c.id "
        "JOIN casework_smuggledmigrant p ON p.incident_id = c.id",
        "NOT p.is_repeat",
        {
            "sex": "p.sex",
            "age": AGE_CLASS,
            "citizenship": "p.citizenship",
            "border_with": "i.border_with",
            "location_type": "i.location_type",
            "unaccompanied_minor": f"CASE WHEN p.unaccompanied AND p.age_group IN "
            f"({', '.join(MINOR_BANDS)}) THEN 1 ELSE 0 END",
        },
    ),
    FACILITATORS: (
        "casework_case c JOIN casework_facilitator p ON p.incident_id = c.id",
        "",
        {"citizenship": "p.citizenship"},
    ),
    RETURNEES: (
        "casework_case c JOIN casework_returnee p ON p.case_id = c.id",
        "NOT p.is_repeat",
        {
            "sex": "p.sex",
            "age": AGE_CLASS,
            "returning_state": "p.returning_state",
            "returnee_category": "p.returnee_category",
            "prior_asylum_claim": "p.prior_asylum_claim",
            "return_type": "p.return_type",
        },
    ),
}
# Units whose rows are cases, for the run's count of cases read.
CASE_UNITS = (VICTIMS, INCIDENTS, RETURNEES)


def year_of(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {column}) AS integer)"
    return f"CAST(strftime('%%Y', {column}) AS integer)"
