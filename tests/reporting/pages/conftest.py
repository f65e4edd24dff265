"""A small counted and published data set, and clients signed in as the region's people."""

from html.parser import HTMLParser

import pytest

from reporting.models import Release
from reporting.releases import release_start
from tests.reporting.helpers import month, run, validated


@pytest.fixture
def login(client, region):
    """A test client signed in as one of the region's people, by key ("viewer")."""

    def sign_in(key: str):
        client.force_login(region.users[key])
        return client

    return sign_in


@pytest.fixture
def counted(region):
    """Serbia: five victims in 2012 and five in 2013; Albania: one victim in 2013 (a cell
    below the threshold); one readmission (from Germany) and one smuggling case in Serbia."""
    for _ in range(5):
        validated(region, month=month(2012, 5))
    for _ in range(5):
        validated(region, month=month(2013, 5))
    validated(
        region, caseworker="caseworker_al_ngo", citizenship="AL", country_of_exploitation="IT"
    )
    validated(region, "readmission", returning_state="DE")
    validated(region, "smuggling")
    run(full=True)


@pytest.fixture
def publish(region, django_capture_on_commit_callbacks):
    """Publish a release as the regional coordinator (the task runs on commit)."""

    def published(**policy) -> Release:
        with django_capture_on_commit_callbacks(execute=True):
            release = release_start(user=region.users["regional"], **policy)
        release.refresh_from_db()
        assert release.status == Release.State.PUBLISHED
        return release

    return published


@pytest.fixture
def published(counted, publish) -> Release:
    """Release 1 (k = 5): Serbia 2012 is 5; Albania 2013 (1) is confidential, and so is WB6
    2013 (6): Serbia's coordinator knows Serbia's 5, and WB6 less Serbia would be Albania."""
    return publish()


class Tables(HTMLParser):
    """Every <table> of a page as {caption: [[cell text, ...], ...]}, header row first."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._rows = self._row = self._text = None
        self._caption = ""
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._rows, self._caption = [], ""
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr" and self._rows is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._text = []

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._text is not None:
            self._row.append(" ".join("".join(self._text).split()))
            self._text = None
        elif tag == "tr" and self._row is not None:
            self._rows.append(self._row)
            self._row = None
        elif tag == "table" and self._rows is not None:
            self.tables[" ".join(self._caption.split())] = self._rows
            self._rows = None

    def handle_data(self, data):
        if self._in_caption:
            self._caption += data
        elif self._text is not None:
            self._text.append(data)


def html_tables(response) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed(response.content.decode())
    return parser.tables


def grid_of(rows: list[list[str]]) -> dict[tuple[str, str], str]:
    """A parsed table as {(row label, column label): text}."""
    header, *body = rows
    return {
        (row[0], column): text
        for row in body
        for column, text in zip(header[1:], row[1:], strict=True)
    }
