"""Every page, rendered in each of the seven languages, shows no English string left.

A page's visible texts (its text nodes, and the titles, labels and placeholders a user
reads) are compared with every English msgid of the product's and the libraries'
catalogues. A text that is an English msgid, in a language that translates that msgid into
something else, is English left behind: a string not marked, marked but not translated, or
translated in a catalogue the page does not read.
"""

from html.parser import HTMLParser

import polib
import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise

from accounts.roles import Role
from accounts.territories import Territory
from casework import codes
from casework.imports.services import import_receive
from casework.models import CaseType, Status
from casework.types import declared_types
from languages.catalogues import PROJECT, catalogue_path, translated_languages
from languages.libraries import LIBRARIES
from reporting.tables import TABLES
from tests.casework.cases import record
from tests.reporting.pages.conftest import counted, publish, published  # noqa: F401

LANGUAGES = pytest.mark.parametrize("language", translated_languages())
CASEWORKER, COORDINATOR = "caseworker_rs_ngo", "national_rs"


class Texts(HTMLParser):
    """What a reader of a page sees: text outside scripts and styles, and the attributes
    a browser shows or reads out. A `<code>` is a code (a file's column, a field's name in
    the API), which stays as it is in every language."""

    SHOWN = {"title", "aria-label", "placeholder", "alt"}

    def __init__(self):
        super().__init__()
        self.texts, self._hidden = set(), 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "code"):
            self._hidden += 1
        attributes = dict(attrs)
        for name in self.SHOWN & attributes.keys():
            self._add(attributes[name])
        if tag == "input" and attributes.get("type") in ("submit", "button"):
            self._add(attributes.get("value"))

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self._add(data)

    def _add(self, text):
        text = " ".join((text or "").split())
        if text:
            self.texts.add(text)


def texts_of(html: str) -> set[str]:
    parser = Texts()
    parser.feed(html)
    return parser.texts


def english_msgids() -> set[tuple[str, str]]:
    """Every (context, msgid) a user may be shown: the product's and the libraries'."""
    found = {
        (entry.msgctxt or "", entry.msgid)
        for entry in polib.pofile(str(catalogue_path(PROJECT, "sq")))
    }
    found |= {
        (entry.msgctxt or "", entry.msgid_plural)
        for entry in polib.pofile(str(catalogue_path(PROJECT, "sq")))
        if entry.msgid_plural
    }
    for library in LIBRARIES:
        found |= {
            (string.msgctxt, string.msgid)
            for string in library.strings
            if library.domain == "django"
        }
    return found


ENGLISH = english_msgids()


def unmarked_names() -> set[str]:
    """The names Django makes up for what we did not name (a field without a verbose name
    is called by its attribute, "exploitation category"): never translated."""
    names = set()
    for app in ("accounts", "casework", "reporting", "audit"):
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.get_fields():
                name = getattr(field, "verbose_name", None)
                if name and not isinstance(name, Promise) and not field.auto_created:
                    names |= {name, name.capitalize()}
    return names


UNMARKED = unmarked_names()


def translated_away(language: str) -> set[str]:
    """The English msgids `language` says otherwise: shown as they are, they are English."""
    with translation.override(language):
        return {
            msgid
            for context, msgid in ENGLISH
            if _said(context, msgid).split() != msgid.split()
            # A word or two of letters: not a code, a symbol or a format like "%s".
            and any(character.isalpha() for character in msgid)
            and "%" not in msgid
        }


# The switcher names each language in itself: "English" is English's own name.
OWN_NAMES = {
    info["name_local"]
    for info in map(translation.get_language_info, [*translated_languages(), "en"])
}


def _said(context: str, msgid: str) -> str:
    return translation.pgettext(context, msgid) if context else translation.gettext(msgid)


def english_left(html: str, language: str) -> list[str]:
    return sorted((texts_of(html) & (translated_away(language) | UNMARKED)) - OWN_NAMES)


@pytest.fixture
def pages(region, published):  # noqa: F811
    """Every page of the product, as (who, path): each case type's form, list, detail and
    edit page, an import with errors, the admin's lists and change pages, and every
    statistics table with its charts."""
    caseworker = region.users[CASEWORKER]
    cases = {
        declaration.code: record(caseworker, declaration.code) for declaration in declared_types()
    }
    failed = import_receive(
        user=caseworker,
        case_type="trafficking",
        file_name="cases.csv",
        content=b"month,sex\n2013-13,X\n",
        queue=False,
    )
    as_caseworker = [
        reverse("home"),
        reverse("casework:list"),
        reverse("casework:new"),
        reverse("casework:import"),
        reverse("casework:import-detail", args=[failed.pk]),
        reverse("password_change"),
        reverse("password_change_done"),
        reverse("statistics:index"),
    ]
    for code, case in cases.items():
        as_caseworker += [
            reverse("casework:create", args=[code]),
            reverse("casework:detail", args=[case.pk]),
            reverse("casework:edit", args=[case.pk]),
            reverse("casework:withdraw", args=[case.pk]),
        ]
    for table in TABLES:
        as_caseworker.append(reverse("statistics:table", args=[table.id]))
    as_coordinator = [
        reverse("home"),
        "/admin/",
        "/admin/casework/case/",
        "/admin/casework/importjob/",
        "/admin/casework/duplicategroup/",
        "/admin/reporting/aggregationrun/",
        reverse("two_factor_setup"),
        *(f"/admin/casework/case/{case.pk}/change/" for case in cases.values()),
    ]
    return (
        [
            ("anonymous", reverse("login")),
            ("anonymous", reverse("activate", args=["MQ", "no-such-link"])),
        ]
        + [(CASEWORKER, path) for path in as_caseworker]
        + [(COORDINATOR, path) for path in as_coordinator]
    )


@LANGUAGES
def test_no_page_shows_an_english_string(client, region, pages, language):
    left = {}
    for who, path in pages:
        client.logout()
        if who != "anonymous":
            client.force_login(region.users[who])
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, (who, path, response.status_code)
        if english := english_left(response.content.decode(), language):
            left[path] = english
    assert left == {}


@LANGUAGES
def test_no_chart_shows_an_english_string(client, region, published, language):  # noqa: F811
    client.force_login(region.users[CASEWORKER])
    left = {}
    for table in TABLES:
        page = client.get(
            reverse("statistics:table", args=[table.id]), HTTP_ACCEPT_LANGUAGE=language
        )
        for chart in sorted({src for src in _chart_sources(page.content.decode())}):
            svg = client.get(chart, HTTP_ACCEPT_LANGUAGE=language)
            assert svg.status_code == 200, chart
            if english := english_left(svg.content.decode(), language):
                left[chart] = english
    assert left == {}


def _chart_sources(html: str) -> list[str]:
    class Images(HTMLParser):
        found = []

        def handle_starttag(self, tag, attrs):
            source = dict(attrs).get("src") or ""
            if (tag == "img" and source.endswith(".svg")) or ".svg?" in source:
                self.found.append(source)

    parser = Images()
    parser.found = []
    parser.feed(html)
    return parser.found


VOCABULARIES = [
    Territory,
    Role,
    Status,
    CaseType,
    *(
        value
        for value in vars(codes).values()
        if isinstance(value, type) and hasattr(value, "choices")
    ),
]


@LANGUAGES
@pytest.mark.parametrize("vocabulary", VOCABULARIES, ids=lambda vocabulary: vocabulary.__name__)
def test_every_code_label_is_translated(language, vocabulary):
    """A code's label reads in the language; a label the language writes as English does
    (a code such as "TIR") is said so by its catalogue, where msgstr equals msgid."""
    same = translated_away(language)
    for member in vocabulary:
        english = (
            member.label._proxy____args[0]
            if hasattr(member.label, "_proxy____args")
            else str(member.label)
        )
        with translation.override(language):
            shown = str(member.label)
        assert shown != english or english not in same, (member, shown)
        assert shown != english or _written_as_english(language, english), (member, english)


def _written_as_english(language: str, msgid: str) -> bool:
    for entry in polib.pofile(str(catalogue_path(PROJECT, language))):
        if entry.msgid == msgid:
            return entry.msgstr == msgid
    return False


@LANGUAGES
def test_the_report_pack_is_in_the_requesters_language(client, region, published, language):  # noqa: F811
    import io

    from openpyxl import load_workbook

    client.force_login(region.users[CASEWORKER])
    response = client.get(reverse("statistics:report-pack"), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    book = load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    texts = {
        " ".join(cell.split())
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if isinstance(cell, str)
    }
    assert len(book.worksheets) == len(TABLES)
    assert sorted(texts & (translated_away(language) | UNMARKED)) == []
    with translation.override(language):
        assert str(TABLES[0].title) in texts


@LANGUAGES
def test_the_lockout_page_is_in_the_language(client, region, language, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        locked = client.post(
            reverse("login"),
            {"username": region.users[CASEWORKER].email, "password": "wrong"},
            HTTP_ACCEPT_LANGUAGE=language,
        )
    assert locked.status_code == 429
    with translation.override(language):
        heading = translation.gettext("Sign-in temporarily locked")
    html = locked.content.decode()
    assert heading in html and english_left(html, language) == []


@LANGUAGES
@pytest.mark.urls("tests.config.error_urls")
def test_the_error_pages_are_in_the_language(region, language, settings):
    from django.test import Client

    settings.DEBUG = False
    browser = Client(raise_request_exception=False)
    browser.force_login(region.users[CASEWORKER])
    for path, status in [
        ("/failing/forbidden/", 403),
        ("/no-such/", 404),
        ("/failing/broken/", 500),
    ]:
        response = browser.get(path, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == status
        html = response.content.decode()
        assert f'<html lang="{language}">' in html
        assert english_left(html, language) == [], path
