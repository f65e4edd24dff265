"""Country vocabularies: ISO 3166-1 alpha-2 from django-countries, plus the region's codes.

`XK` (Kosovo*) is not yet in ISO 3166-1 but is in common use; `STLS` (stateless) and `UNK`
(unknown) complete a citizenship. Codes are stored; names are translated on display.
"""

from functools import cache

from django.utils.translation import gettext_lazy as _
from django_countries import Countries

STATELESS = "STLS"
UNKNOWN = "UNK"


class CitizenshipCountries(Countries):
    override = {"XK": _("Kosovo*"), STATELESS: _("Stateless"), UNKNOWN: _("Unknown")}


class KnownOrUnknownCountries(Countries):
    """A place (of exploitation, a returning state): a country, or unknown, never stateless."""

    override = {"XK": _("Kosovo*"), UNKNOWN: _("Unknown")}


class PlainCountries(Countries):
    """A neighbour at a border section: always a real country."""

    override = {"XK": _("Kosovo*")}


CITIZENSHIPS = CitizenshipCountries()
PLACES = KnownOrUnknownCountries()
NEIGHBOURS = PlainCountries()


@cache
def codes(vocabulary: Countries) -> frozenset[str]:
    """Every code of a vocabulary, for fast validation of many rows at once."""
    return frozenset(vocabulary.countries)


# For the OpenAPI schema: one named enum per vocabulary (drf-spectacular ENUM_NAME_OVERRIDES
# hashes the (code, name) pairs, so the API's fields and these must list the same pairs).
def citizenship_choices() -> list[tuple[str, str]]:
    return list(CITIZENSHIPS)


def place_choices() -> list[tuple[str, str]]:
    return list(PLACES)


def neighbour_choices() -> list[tuple[str, str]]:
    return list(NEIGHBOURS)
