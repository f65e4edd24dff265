"""Every string a user can see is translated into the seven languages beside English."""

import shutil
import subprocess

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from languages.catalogues import (
    PROJECT,
    TOP_UPS,
    catalogue_path,
    catalogue_problems,
    entry_problems,
    translated_languages,
)
from languages.libraries import DOMAINS, lacking
from languages.transliteration import to_cyrillic

LANGUAGES = translated_languages()
BASE_DIR = settings.BASE_DIR


def test_the_seven_languages_are_the_regions():
    assert LANGUAGES == ["sq", "bs", "hr", "mk", "cnr", "sr-latn", "sr"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_project_string_is_translated_unfuzzy_with_its_placeholders(language):
    problems = catalogue_problems(language, catalogue_path(PROJECT, language))
    assert [str(problem) for problem in problems] == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("domain", DOMAINS)
def test_every_library_string_no_library_translates_is_topped_up(language, domain):
    path = catalogue_path(TOP_UPS, language, domain)
    topped_up = {}
    if path.exists():
        problems = catalogue_problems(language, path)
        assert [str(problem) for problem in problems] == []
        topped_up = {_key(entry) for entry in polib.pofile(str(path))}
    missing = [
        string.msgid
        for _library, string in lacking(language, domain).values()
        if (string.msgctxt, string.msgid) not in topped_up
    ]
    assert missing == []


def test_the_catalogues_hold_every_string_the_code_marks(tmp_path, monkeypatch):
    """makemessages, run afresh on a copy of the sources, finds no msgid the committed
    catalogues lack (makemessages writes beside the sources, hence the copy)."""
    from languages.management.commands.catalogues import IGNORED

    sources = subprocess.run(
        ["git", "ls-files", "*.py", "*.html", "*.txt"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for source in sources:
        (tmp_path / source).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(BASE_DIR / source, tmp_path / source)
    (tmp_path / "locale/xx").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        call_command("makemessages", locale=["xx"], ignore_patterns=IGNORED, verbosity=0)
    marked = {
        _key(entry) for entry in polib.pofile(str(tmp_path / "locale/xx/LC_MESSAGES/django.po"))
    }
    for language in LANGUAGES:
        held = {_key(entry) for entry in polib.pofile(str(catalogue_path(PROJECT, language)))}
        assert sorted(map(str, marked - held)) == [], language


def test_serbian_cyrillic_is_serbian_latin_transliterated():
    latin = polib.pofile(str(catalogue_path(PROJECT, "sr-latn")))
    cyrillic = {_key(entry): entry for entry in polib.pofile(str(catalogue_path(PROJECT, "sr")))}
    for entry in latin:
        assert cyrillic[_key(entry)].msgstr == to_cyrillic(entry.msgstr)


def _key(entry):
    return (entry.msgctxt or "", entry.msgid)


# The checks themselves.


def _entry(**fields):
    return polib.POEntry(**fields)


def test_an_untranslated_a_fuzzy_and_a_lost_placeholder_are_each_a_problem():
    assert entry_problems("sr", _entry(msgid="Case", msgstr=""))[0].what == "untranslated"
    fuzzy = _entry(msgid="Case", msgstr="Случај", flags=["fuzzy"])
    assert entry_problems("sr", fuzzy)[0].what == "fuzzy"
    lost = _entry(msgid="Case %(reference)s", msgstr="Случај %(referenca)s")
    assert "placeholders" in entry_problems("sr", lost)[0].what
    tag = _entry(msgid="<strong>Case</strong>", msgstr="Случај")
    assert "tags" in entry_problems("sr", tag)[0].what
    assert (
        entry_problems("sr", _entry(msgid="Case %(reference)s", msgstr="Случај %(reference)s"))
        == []
    )


def test_a_plural_form_may_leave_the_number_out_but_not_bring_another_placeholder():
    plural = {"msgid": "%(count)d case", "msgid_plural": "%(count)d cases"}
    good = _entry(
        **plural,
        msgstr_plural={0: "jedan slučaj", 1: "%(count)d slučaja", 2: "%(count)d slučajeva"},
    )
    assert entry_problems("bs", good) == []
    short = _entry(**plural, msgstr_plural={0: "%(count)d slučaj", 1: "", 2: "x"})
    assert entry_problems("bs", short)[0].what == "untranslated"
    strange = _entry(**plural, msgstr_plural={0: "%(n)d slučaj", 1: "%(count)d", 2: "%(count)d"})
    assert "placeholders" in entry_problems("bs", strange)[0].what


def test_transliteration_keeps_what_is_not_serbian_text():
    assert to_cyrillic("Ljubav, njiva i džep") == "Љубав, њива и џеп"
    assert to_cyrillic("Nadživeti") == "Надживети"
    kept = 'Preuzmite <a href="/x">CSV</a> za %(count)d slučajeva ({name}), `RS-THB`'
    assert (
        to_cyrillic(kept)
        == 'Преузмите <a href="/x">CSV</a> за %(count)d случајева ({name}), `RS-THB`'
    )


def test_compiled_catalogues_leave_fuzzy_entries_out(tmp_path, settings):
    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    catalogue.append(_entry(msgid="Validate", msgstr="Validiraj"))
    catalogue.append(_entry(msgid="Return", msgstr="Vrati", flags=["fuzzy"]))
    (tmp_path / "bs/LC_MESSAGES").mkdir(parents=True)
    catalogue.save(str(tmp_path / "bs/LC_MESSAGES/django.po"))
    settings.LOCALE_PATHS = [tmp_path]
    call_command("compilemessages", verbosity=0)
    compiled = polib.mofile(str(tmp_path / "bs/LC_MESSAGES/django.mo"))
    assert {entry.msgid: entry.msgstr for entry in compiled} == {"Validate": "Validiraj"}


def test_a_cells_flag_stays_the_code_the_table_shows():
    assert (
        to_cyrillic("Ćelije (c) su poverljive. c: poverljivo")
        == "Ћелије (c) су поверљиве. c: поверљиво"
    )
    assert to_cyrillic('{code_point:X}, base64, IPv4, zaglavlje "Accept"') == (
        '{code_point:X}, base64, IPv4, заглавље "Accept"'
    )
