"""Writing catalogues: headers, the libraries' top-ups, and Serbian Cyrillic from Latin.

Used by `manage.py catalogues` (docs/translating.md); nothing here runs in production.
"""

from pathlib import Path

import polib
from django.utils.translation import get_language_info, to_locale

from languages.catalogues import PROJECT, TOP_UPS, catalogue_path, translated_languages
from languages.libraries import DOMAINS, LIBRARIES, String, lacking
from languages.transliteration import to_cyrillic

CYRILLIC, LATIN = "sr", "sr-latn"
# Written by transliteration from Serbian Latin, never by hand.
GENERATED = {CYRILLIC: LATIN}
# Montenegrin has no catalogue of its own in any library: its top-ups start from the Serbian
# Latin one, as fuzzy entries a translator reviews (ijekavian, Montenegrin usage).
SEEDED_FROM = {"cnr": "sr-latn"}
# Country names from the Unicode CLDR, in the locale closest to each language's usage.
CLDR_LOCALE = {
    "sq": "sq",
    "bs": "bs",
    "hr": "hr",
    "mk": "mk",
    "cnr": "bs",
    "sr-latn": "sr_Latn",
    "sr": "sr",
}

SLAVIC_PLURALS = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : "
    "n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
)
PLURAL_FORMS = {
    "sq": "nplurals=2; plural=(n != 1);",
    "mk": "nplurals=2; plural=(n % 10 == 1 && n % 100 != 11) ? 0 : 1;",
}


def header(language: str, what: str) -> dict:
    return {
        "Project-Id-Version": "wbcases",
        "Language-Team": get_language_info(language)["name"],
        "Language": to_locale(language),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": PLURAL_FORMS.get(language, SLAVIC_PLURALS),
        "X-Catalogue": what,
    }


def fix_headers(root: Path = PROJECT) -> None:
    """makemessages writes a template's header; ours names the language and its plurals."""
    for language in translated_languages():
        path = catalogue_path(root, language)
        if path.exists():
            catalogue = polib.pofile(str(path), wrapwidth=79)
            catalogue.header = "The project's own strings: docs/translating.md."
            catalogue.metadata = header(language, "project")
            catalogue.metadata_is_fuzzy = False
            catalogue.save()


def write_cyrillic(root: Path, domain: str = "django", wanted=None) -> None:
    """Serbian Cyrillic, entry by entry, from Serbian Latin; fuzzy stays fuzzy. `wanted`, if
    given, keeps only the entries whose key it holds."""
    latin = catalogue_path(root, LATIN, domain)
    if not latin.exists():
        return
    catalogue = polib.pofile(str(latin), wrapwidth=79)
    catalogue.header = "Serbian Cyrillic: generated from sr_Latn by `manage.py catalogues`."
    catalogue.metadata = header(CYRILLIC, catalogue.metadata.get("X-Catalogue", "project"))
    if wanted is not None:
        for entry in [entry for entry in catalogue if _key(entry) not in wanted]:
            catalogue.remove(entry)
    for entry in catalogue:
        entry.msgstr = to_cyrillic(entry.msgstr)
        entry.msgstr_plural = {
            index: to_cyrillic(text) for index, text in entry.msgstr_plural.items()
        }
    path = catalogue_path(root, CYRILLIC, domain)
    path.parent.mkdir(parents=True, exist_ok=True)
    catalogue.save(str(path))


def top_up(language: str, domain: str) -> polib.POFile:
    """The top-up catalogue of `language`: every string users see that no library translates,
    with the translations already written kept."""
    path = catalogue_path(TOP_UPS, language, domain)
    kept = {}
    if path.exists():
        kept = {(entry.msgctxt or "", entry.msgid): entry for entry in polib.pofile(str(path))}
    catalogue = polib.POFile(wrapwidth=79)
    catalogue.header = "Library strings no library translates: docs/translating.md."
    catalogue.metadata = header(language, "libraries")
    seeds = _seeds(language, domain)
    for library, string in lacking(language, domain).values():
        entry = kept.get((string.msgctxt, string.msgid))
        if entry is None:
            entry = polib.POEntry(msgid=string.msgid, msgstr="")
            if string.msgctxt:
                entry.msgctxt = string.msgctxt
            if string.msgid_plural:
                entry.msgid_plural = string.msgid_plural
                entry.msgstr = ""
                entry.msgstr_plural = {index: "" for index in range(_plurals(language))}
            _seed(entry, seeds.get(string.key), language, library.name)
        entry.comment = library.name
        catalogue.append(entry)
    return catalogue


def _key(entry: polib.POEntry):
    return String(entry.msgid, entry.msgid_plural, entry.msgctxt or "").key


def _plurals(language: str) -> int:
    return int(PLURAL_FORMS.get(language, SLAVIC_PLURALS).split(";")[0].split("=")[1])


def _seeds(language: str, domain: str) -> dict:
    """Starting points for new entries: another language's translation, or CLDR's name."""
    seeds = {}
    source = SEEDED_FROM.get(language)
    if source:
        for library in LIBRARIES:
            if library.domain == domain:
                for key, text in library.translations(source).items():
                    seeds.setdefault(key, (text, True))
    if domain == "django":
        seeds.update(_country_names(language))
    return seeds


def _country_names(language: str) -> dict:
    from babel import Locale  # a translator's tool: requirements-dev.txt
    from django_countries.data import COUNTRIES

    territories = Locale.parse(CLDR_LOCALE[language]).territories
    # django-countries' strings are its English names; CLDR knows the same places by code.
    fuzzy = language in SEEDED_FROM
    return {
        str(name): (territories[code], fuzzy)
        for code, name in COUNTRIES.items()
        if code in territories
    }


def _seed(entry: polib.POEntry, seed, language: str, library: str) -> None:
    if seed is None:
        return
    text, fuzzy = seed
    if entry.msgid_plural:
        return  # plural forms differ between languages: written by hand
    entry.msgstr = text
    if fuzzy:
        entry.flags.append("fuzzy")


def write_top_ups() -> list[Path]:
    written = []
    for language in translated_languages():
        if language in GENERATED:
            continue
        for domain in DOMAINS:
            catalogue = top_up(language, domain)
            path = catalogue_path(TOP_UPS, language, domain)
            if not len(catalogue):
                path.unlink(missing_ok=True)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            catalogue.save(str(path))
            written.append(path)
    for domain in DOMAINS:
        write_cyrillic(TOP_UPS, domain, wanted=set(lacking(CYRILLIC, domain)))
    return written
