"""The libraries whose strings users see, and which of them their catalogues lack.

Django, DRF, django-filter, django-otp, django-axes and django-countries ship catalogues for
some of our languages, not all (DRF only Macedonian, django-otp none, Django's Bosnian is half
done, and no library knows Montenegrin). What a library lacks for a language is written in
`locale_libraries/<language>/`, which Django reads before the libraries' own catalogues.
"""

import gettext
import importlib.util
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import polib
from django.utils.translation import to_locale


@dataclass(frozen=True)
class String:
    """One string of a library, as gettext knows it."""

    msgid: str
    msgid_plural: str = ""
    msgctxt: str = ""

    @property
    def key(self):
        """The key of the string's (first) translation in a compiled catalogue."""
        msgid = f"{self.msgctxt}\x04{self.msgid}" if self.msgctxt else self.msgid
        return (msgid, 0) if self.msgid_plural else msgid


@dataclass(frozen=True)
class Library:
    name: str
    package: str
    domain: str = "django"

    @cached_property
    def root(self) -> Path:
        return Path(importlib.util.find_spec(self.package).origin).parent / "locale"

    def translations(self, language: str) -> dict:
        """What this library's own catalogue says in `language`, by gettext key."""
        path = self.root / to_locale(language) / "LC_MESSAGES" / f"{self.domain}.mo"
        return {key: text for key, text in _compiled(path).items() if text} if path.exists() else {}

    def translates(self, language: str) -> set:
        return set(self.translations(language))

    @cached_property
    def strings(self) -> tuple[String, ...]:
        """Every string of the library: its English catalogue's where it ships one, else every
        string any of its catalogues holds (DRF ships its English catalogue compiled only)."""
        english = self.root / "en" / "LC_MESSAGES"
        sources = [english / f"{self.domain}.po"]
        if not sources[0].exists():
            sources = sorted(self.root.glob(f"*/LC_MESSAGES/{self.domain}.po"))
        found = {}
        for path in sources:
            for entry in polib.pofile(str(path)):
                if entry.msgid and not entry.obsolete:
                    string = String(entry.msgid, entry.msgid_plural, entry.msgctxt or "")
                    found.setdefault(string.key, string)
        if not sources:
            for key, text in _compiled(english / f"{self.domain}.mo").items():
                if isinstance(key, str) and key:
                    context, _, msgid = key.rpartition("\x04")
                    found[key] = String(msgid, msgctxt=context)
                elif isinstance(key, tuple) and key[1] == 1:
                    context, _, msgid = key[0].rpartition("\x04")
                    found[(key[0], 0)] = String(msgid, text, context)
        return tuple(found.values())

    def lacks(self, language: str) -> list[String]:
        translated = self.translates(language)
        return [string for string in self.strings if string.key not in translated]


# What a user meets: pages and the admin (Django, its admin, auth and content types), the API
# (DRF and django-filter), the second factor (django-otp), lockouts (django-axes), and every
# country list (django-countries).
LIBRARIES = (
    Library("Django", "django.conf"),
    Library("Django admin", "django.contrib.admin"),
    Library("Django admin (JavaScript)", "django.contrib.admin", domain="djangojs"),
    Library("Django auth", "django.contrib.auth"),
    Library("Django content types", "django.contrib.contenttypes"),
    Library("Django REST framework", "rest_framework"),
    Library("django-filter", "django_filters"),
    Library("django-otp", "django_otp"),
    Library("django-axes", "axes"),
    Library("django-countries", "django_countries"),
)
DOMAINS = sorted({library.domain for library in LIBRARIES})


def lacking(language: str, domain: str = "django") -> dict[object, tuple[Library, String]]:
    """Every string users may see in `language` that no library translates, by key (one entry
    per string, naming the first library that has it)."""
    found = {}
    for library in LIBRARIES:
        if library.domain == domain:
            for string in library.lacks(language):
                found.setdefault(string.key, (library, string))
    # A string one library lacks but another translates (admin's "Delete" in Django's own
    # catalogue) is translated: Django merges every library's catalogue into one.
    translated = set().union(
        *(library.translates(language) for library in LIBRARIES if library.domain == domain)
    )
    # A catalogue holds a msgid once: where one library has a string in the singular and
    # another as a plural ("Please correct the error below."), the plural is kept.
    plurals = {key[0] for key in found if isinstance(key, tuple)}
    return {
        key: value
        for key, value in found.items()
        if key not in translated and (isinstance(key, tuple) or key not in plurals)
    }


@cache
def _compiled(path: Path) -> dict:
    with path.open("rb") as file:
        return gettext.GNUTranslations(file)._catalog
