"""Keyed pseudonyms of a person's identity fields, which are then discarded.

`Јована Петровић`, `Jovana Petrović` and `JOVANA PETROVIC` normalise alike, so one person
recorded by two institutions in two scripts gets one pseudonym. The key (`PSEUDONYM_KEY`) is
held outside the database: without it a pseudonym cannot be recomputed from a guessed name.
"""

import datetime
import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

IDENTITY_FIELDS = ("given_names", "family_name", "date_of_birth")

# Serbian and Macedonian Cyrillic to Latin, into the Latin letters the normalisation keeps
# (č, ć, š, ž lose their marks afterwards; đ becomes dj).
_CYRILLIC = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "ђ": "dj",
    "ѓ": "gj",
    "е": "e",
    "ж": "z",
    "з": "z",
    "ѕ": "dz",
    "и": "i",
    "ј": "j",
    "к": "k",
    "л": "l",
    "љ": "lj",
    "м": "m",
    "н": "n",
    "њ": "nj",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "ћ": "c",
    "ќ": "kj",
    "у": "u",
    "ф": "f",
    "х": "h",
    "ц": "c",
    "ч": "c",
    "џ": "dz",
    "ш": "s",
}
_LATIN_EXTRA = {"đ": "dj", "ß": "ss", "æ": "ae", "ø": "o", "ł": "l"}
# Digits are kept: "Given1" and "Given2" are two people, not one. A name without digits
# normalises as it always has, so the pseudonyms stored before still match.
_NOT_LETTERS = re.compile(r"[^a-z0-9]+")


def normalise(text: str) -> str:
    """Case-fold, transliterate, drop diacritics and everything but letters, digits and
    single spaces."""
    text = text.casefold()
    text = "".join(_CYRILLIC.get(ch, _LATIN_EXTRA.get(ch, ch)) for ch in text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(part for part in _NOT_LETTERS.split(text) if part)


@dataclass(frozen=True, repr=False)
class Identity:
    given_names: str
    family_name: str
    date_of_birth: datetime.date

    def __repr__(self):  # never shows the identity, in a traceback or a log
        return "Identity(<withheld>)"

    def message(self) -> bytes:
        return "|".join(
            (
                normalise(self.given_names),
                normalise(self.family_name),
                self.date_of_birth.isoformat(),
            )
        ).encode()


def identity_from(data: dict) -> Identity | None:
    """Take the identity fields out of `data` (removing them); all three or none."""
    values = {name: data.pop(name, None) for name in IDENTITY_FIELDS}
    given = [name for name, value in values.items() if value not in (None, "")]
    if not given:
        return None
    if len(given) != len(IDENTITY_FIELDS):
        missing = sorted(set(IDENTITY_FIELDS) - set(given))
        raise ValidationError(
            {name: _("Give all three identity fields, or none.") for name in missing}
        )
    birth = values["date_of_birth"]
    if isinstance(birth, str):
        try:
            birth = datetime.date.fromisoformat(birth)
        except ValueError:
            raise ValidationError({"date_of_birth": _("Enter a date as YYYY-MM-DD.")}) from None
    if not normalise(values["given_names"]) or not normalise(values["family_name"]):
        raise ValidationError({"family_name": _("A name needs at least one letter.")})
    return Identity(values["given_names"], values["family_name"], birth)


def held_keys() -> dict[int, str]:
    """Every key still held, by version: the current one and those kept after a rotation."""
    keys = {int(version): key for version, key in settings.PSEUDONYM_OLD_KEYS.items()}
    keys[settings.PSEUDONYM_KEY_VERSION] = settings.PSEUDONYM_KEY
    return keys


def pseudonym(identity: Identity, key: str) -> str:
    return hmac.new(key.encode(), identity.message(), hashlib.sha256).hexdigest()


def current_pseudonym(identity: Identity) -> tuple[str, int]:
    """The pseudonym to store, and the version of the key it was made with."""
    return pseudonym(identity, settings.PSEUDONYM_KEY), settings.PSEUDONYM_KEY_VERSION


def all_pseudonyms(identity: Identity) -> set[str]:
    """The person's pseudonym under every held key: matches survive a key rotation."""
    return {pseudonym(identity, key) for key in held_keys().values()}
