"""Workbooks: one sheet per table in the report's layout, audited."""

import io

import pytest
from openpyxl import load_workbook

from accounts.territories import KOSOVO_FOOTNOTE
from audit.models import Action, AuditEvent
from reporting.tables import TABLES

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def opened(response):
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    return load_workbook(io.BytesIO(response.content))


def values(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def texts(sheet) -> set[str]:
    return {value for row in values(sheet) for value in row if isinstance(value, str)}


def rows_by_label(sheet) -> dict[str, list]:
    """The first occurrence of each label in column A, with the row's other cells."""
    found = {}
    for row in values(sheet):
        if isinstance(row[0], str):
            found.setdefault(row[0], row[1:])
    return found


def test_a_tables_workbook_is_the_report_layout(published, login):
    book = opened(login("viewer").get("/statistics/thb_victims/xlsx?release=1"))
    assert book.sheetnames == ["thb_victims"]
    sheet = book["thb_victims"]
    assert sheet["A1"].value == "Victims of trafficking"
    rows = rows_by_label(sheet)
    assert rows["Territory"][:2] == [2012, 2013]
    assert rows["Serbia"][:2] == [5, 5]
    assert rows["Albania"][:2] == [0, "c"]
    assert rows["WB6"][:2] == [5, "c"]
    assert "c: confidential" in texts(sheet)
    assert f"* {KOSOVO_FOOTNOTE}" in texts(sheet)
    assert any("Release 1" in text for text in texts(sheet))


def test_a_breakdown_table_has_a_block_per_year(published, login):
    sheet = opened(login("viewer").get("/statistics/thb_victims_exploitation/xlsx")).active
    labels = [row[0] for row in values(sheet)]
    assert "Form of exploitation, 2012" in labels
    assert "Form of exploitation, 2013" in labels


def test_the_report_pack_has_one_sheet_per_table_for_the_period(published, login):
    response = login("viewer").get("/statistics/report-pack.xlsx?release=1&from=2009&to=2013")
    book = opened(response)
    assert book.sheetnames == [table.id for table in TABLES]
    for sheet in book.worksheets:
        assert f"* {KOSOVO_FOOTNOTE}" in texts(sheet), sheet.title
        assert "Years 2009–2013" in texts(sheet)
    assert rows_by_label(book["thb_victims"])["Albania"][:2] == [0, "c"]
    assert "c: confidential" in texts(book["thb_victims"])


def test_the_report_pack_keeps_to_its_period(published, login):
    book = opened(login("viewer").get("/statistics/report-pack.xlsx?from=2013&to=2013"))
    assert rows_by_label(book["thb_victims"])["Territory"] == [2013]


@pytest.mark.parametrize("query", ["from=twenty&to=2013", "from=2014&to=2013", "to=99999"])
def test_a_report_pack_with_a_bad_period_is_refused(published, login, query):
    assert login("viewer").get(f"/statistics/report-pack.xlsx?{query}").status_code == 400


def test_a_national_coordinators_internal_workbook_has_their_territory_only(published, login):
    book = opened(login("national_rs").get("/statistics/thb_victims/xlsx?release=internal"))
    rows = rows_by_label(book.active)
    assert rows["Serbia"][:2] == [5, 5]
    assert "Albania" not in rows and "WB6" not in rows


def test_an_export_is_audited(published, login, region):
    login("national_rs").get("/statistics/thb_victims/xlsx?release=internal")
    event = AuditEvent.objects.get(action=Action.EXPORT)
    assert event.actor == region.users["national_rs"]
    assert event.detail == {
        "format": "xlsx",
        "release": "internal",
        "territories": ["RS"],
        "export": "statistics_table",
        "table": "thb_victims",
    }


def test_a_report_pack_is_audited_with_its_period(published, login, region):
    login("viewer").get("/statistics/report-pack.xlsx?release=1&from=2009&to=2013")
    event = AuditEvent.objects.get(action=Action.EXPORT)
    assert event.actor == region.users["viewer"]
    assert event.detail["export"] == "report_pack"
    assert (event.detail["from"], event.detail["to"], event.detail["release"]) == (2009, 2013, "1")


def test_every_text_cell_is_safe_in_a_spreadsheet(published, login, monkeypatch):
    from reporting.tables import TABLES_BY_ID

    table = TABLES_BY_ID["thb_victims"]
    monkeypatch.setattr(type(table), "title", property(lambda self: "=HYPERLINK(1)"), raising=False)
    sheet = opened(login("viewer").get("/statistics/thb_victims/xlsx")).active
    assert sheet["A1"].value == "'=HYPERLINK(1)"
