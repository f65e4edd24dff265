"""The reporting territories of the region, and the footnote Kosovo always carries."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

KOSOVO_FOOTNOTE = _(
    "This designation is without prejudice to positions on status, and is in line with "
    "UNSCR 1244/1999 and the ICJ Opinion on the Kosovo declaration of independence."
)

# The regional total: the sum of the six Western Balkan territories.
REGION = "WB6"


class Territory(models.TextChoices):
    ALBANIA = "AL", _("Albania")
    BOSNIA_AND_HERZEGOVINA = "BA", _("Bosnia and Herzegovina")
    KOSOVO = "XK", _("Kosovo*")
    MONTENEGRO = "ME", _("Montenegro")
    NORTH_MACEDONIA = "MK", _("North Macedonia")
    SERBIA = "RS", _("Serbia")
    # Reported beside WB6, never inside it, and only where the deployment enables it.
    CROATIA = "HR", _("Croatia")


WESTERN_BALKANS = (
    Territory.ALBANIA,
    Territory.BOSNIA_AND_HERZEGOVINA,
    Territory.KOSOVO,
    Territory.MONTENEGRO,
    Territory.NORTH_MACEDONIA,
    Territory.SERBIA,
)


def reporting_territories() -> tuple[Territory, ...]:
    """The territories that report cases in this deployment."""
    if settings.REPORT_CROATIA:
        return (*WESTERN_BALKANS, Territory.CROATIA)
    return WESTERN_BALKANS


def territory_choices() -> list[tuple[str, str]]:
    return [(territory.value, territory.label) for territory in reporting_territories()]


def needs_footnote(code: str) -> bool:
    return code == Territory.KOSOVO
