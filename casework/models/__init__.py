"""Cases: what every case has (`Case`), and the record of each type in a table of its own.

A case's type record shares the case's primary key (`TraffickingVictim`, `SmugglingIncident`
with its migrants and facilitators, `Returnee`): the same shape as multi-table inheritance,
written out so that imports can `bulk_create` (or COPY) both tables.
"""

from casework.models.case import (
    Case,
    CaseType,
    Status,
)
from casework.models.duplicates import DuplicateGroup, DuplicateMember
from casework.models.imports import ImportJob
from casework.models.types import (
    Facilitator,
    Person,
    Returnee,
    SmuggledMigrant,
    SmugglingIncident,
    TraffickingVictim,
)

__all__ = [
    "Case",
    "CaseType",
    "DuplicateGroup",
    "DuplicateMember",
    "Facilitator",
    "ImportJob",
    "Person",
    "Returnee",
    "SmuggledMigrant",
    "SmugglingIncident",
    "Status",
    "TraffickingVictim",
]
