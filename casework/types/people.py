"""The fields every person carries (DOMAIN.md, "A person"), declared once for every type."""

from django.utils.translation import gettext_lazy as _

from casework import codes
from casework.countries import CITIZENSHIPS
from casework.types.declaration import code, country

PERSON = (
    code("sex", codes.Sex, _("Sex")),
    code("age_group", codes.AgeGroup, _("Age group")),
    country("citizenship", CITIZENSHIPS, _("Citizenship")),
)
PERSON_NAMES = frozenset(field.name for field in PERSON)
