"""Country vocabularies: ISO 3166-1 alpha-2 from django-countries, plus the region's codes.

`XK` (Kosovo*) is not yet in ISO 3166-1 but is in common use; `STLS` (stateless) and `UNK`
(unknown) complete a citizenship. Codes are stored; names are translated on display.
"""

import unicodedata
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

# The countries a caseworker picks most, offered first in a country list (DOMAIN.md: the six
# territories, the EU states that return and receive, the origins of extra-regional
# migrants). Each country field of a type declares which list it offers (`casework.types`);
# they change neither the codes stored nor those accepted.
TERRITORIES = ("AL", "BA", "XK", "ME", "MK", "RS")
# Readmission's returning states, and the usual destinations of exploitation abroad.
EU_STATES = ("DE", "AT", "FR", "SE", "CH", "IT", "HU", "BE", "NL", "LU")
# The region's EU and Schengen neighbours, at its outer borders.
EU_NEIGHBOURS = ("HR", "HU", "RO", "BG", "GR")
# Where extra-regional migrants mostly come from.
EXTRA_REGIONAL_ORIGINS = ("SY", "AF", "PK", "DZ", "ER", "SO")

FREQUENT_CITIZENSHIPS = (*TERRITORIES, *EXTRA_REGIONAL_ORIGINS)
# Where a victim was exploited; the state that returned a person.
FREQUENT_DESTINATIONS = (*TERRITORIES, *EU_STATES)
FREQUENT_NEIGHBOURS = (*TERRITORIES, *EU_NEIGHBOURS)

# Serbian and Macedonian Cyrillic in their alphabets' order (Unicode's puts Ђ Ј Љ Њ Ћ Џ after
# Я). Ѓ and Ќ are letters of their own here, not Г and К with an accent.
CYRILLIC = "абвгдђѓежзѕијклљмнњопрстћќуфхцчџш"


def collation_key(name: str) -> tuple:
    """A sort key that orders country names as the region's languages do, in Latin and in
    Cyrillic script.

    django-countries sorts by the ASCII letters of a name when no collation library is
    installed: a Cyrillic name has none, so a Serbian or Macedonian list came out in no
    order. Here each letter sorts by its base letter, then its accent (Č after C, Ë after E,
    Đ after D), Cyrillic by the alphabet above; punctuation is ignored.
    """
    key = []
    for char in name.casefold():
        if char in CYRILLIC:
            key.append((0x400 + CYRILLIC.index(char), ""))
        elif char == "đ":
            key.append((ord("d"), "\uffff"))
        elif char.isalnum() or char == " ":
            base, *accents = unicodedata.normalize("NFD", char)
            key.append((ord(base), "".join(accents)))
    return tuple(key)


def in_order(vocabulary: Countries) -> list[tuple[str, str]]:
    """(code, name) of every country of a vocabulary, by name in the active language."""
    return sorted(vocabulary, key=lambda item: collation_key(str(item[1])))


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
