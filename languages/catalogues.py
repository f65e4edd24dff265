"""Where the catalogues are, and what makes one complete (docs/translating.md).

`locale/` holds the project's own strings, written by makemessages; `locale_libraries/` holds
the libraries' strings that their own catalogues lack for one of our languages. English is the
source language: it has no catalogue.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import polib
from django.conf import settings
from django.utils.translation import to_locale

from languages.placeholders import PLACEHOLDER

PROJECT, TOP_UPS = (Path(path) for path in settings.LOCALE_PATHS)


def translated_languages() -> list[str]:
    """The seven languages beside English, as Django codes (`sr-latn`, `cnr`)."""
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def catalogue_path(root: Path, language: str, domain: str = "django") -> Path:
    return root / to_locale(language) / "LC_MESSAGES" / f"{domain}.po"


def catalogues(root: Path, domain: str = "django"):
    for language in translated_languages():
        path = catalogue_path(root, language, domain)
        if path.exists():
            yield language, path


# What must survive translation besides placeholders (languages/placeholders.py): HTML tags.
TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)[^>]*>")
# A plural form may leave the number out ("one case", "jedan predmet"), nothing else.
COUNTS = {"%(count)s", "%(count)d", "%d", "%s", "{count}", "{0}"}


@dataclass(frozen=True)
class Problem:
    language: str
    msgid: str
    what: str

    def __str__(self):
        return f"{self.language}: {self.what}: {self.msgid[:70]!r}"


def _marks(text: str) -> tuple[list[str], list[str]]:
    return sorted(PLACEHOLDER.findall(text)), sorted(TAG.findall(text))


def entry_problems(language: str, entry: polib.POEntry) -> list[Problem]:
    """What is wrong with one entry: untranslated, fuzzy, or a placeholder or tag lost."""

    def problem(what):
        return Problem(language, entry.msgid, what)

    if entry.fuzzy:
        return [problem("fuzzy")]
    if entry.msgid_plural:
        forms = [entry.msgstr_plural.get(index, "") for index in sorted(entry.msgstr_plural)]
        if not forms or not all(forms):
            return [problem("untranslated")]
        sources = [entry.msgid] + [entry.msgid_plural] * (len(forms) - 1)
    else:
        if not entry.msgstr:
            return [problem("untranslated")]
        forms, sources = [entry.msgstr], [entry.msgid]
    problems = []
    for source, form in zip(sources, forms, strict=True):
        (wanted, tags), (given, given_tags) = _marks(source), _marks(form)
        if entry.msgid_plural:
            # Any form may name the number or not; none may bring a placeholder of its own.
            allowed = set(_marks(entry.msgid)[0]) | set(_marks(entry.msgid_plural)[0])
            if not set(given) <= allowed or set(wanted) - COUNTS - set(given):
                problems.append(problem(f"placeholders {wanted} became {given}"))
        elif wanted != given:
            problems.append(problem(f"placeholders {wanted} became {given}"))
        if tags != given_tags:
            problems.append(problem(f"tags {tags} became {given_tags}"))
    return problems


def catalogue_problems(language: str, path: Path) -> list[Problem]:
    problems = []
    for entry in polib.pofile(str(path)):
        if not entry.obsolete:
            problems.extend(entry_problems(language, entry))
    return problems
