"""The fields every person carries (DOMAIN.md, "A person"), declared once for every type."""

from casework import codes
from casework.countries import CITIZENSHIPS, FREQUENT_CITIZENSHIPS
from casework.types.declaration import code, country

PERSON = (
    code("sex", codes.Sex),
    code("age_group", codes.AgeGroup),
    country("citizenship", CITIZENSHIPS, frequent=FREQUENT_CITIZENSHIPS),
)
PERSON_NAMES = frozenset(field.name for field in PERSON)
