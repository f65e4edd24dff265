"""Workbooks of the report's tables (openpyxl): one sheet per table, in the report's layout.

A sheet holds the table's title, what it counts and which cells it shows (a release, or
internal counts), then territories as rows × years as columns of the total; for a table with
a breakdown, one block per year of its categories × territories; then the legend
(`c`: confidential, `r`: rounded) and, where Kosovo* appears, its footnote.

Confidential cells are written as the text `c`, rounded values as numbers shown with an `r`.
Every text written passes `spreadsheet_safe`.
"""

import io

from django.utils import formats
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from accounts.territories import KOSOVO_FOOTNOTE
from reporting.pages import layout
from reporting.pages.source import Source
from reporting.spreadsheets import spreadsheet_safe
from reporting.tables import Table

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROUNDED_FORMAT = '#,##0" r"'
# Excel refuses sheet titles over 31 characters.
SHEET_TITLE_LENGTH = 31

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
MUTED = Font(italic=True, color="5A6776")
RIGHT = Alignment(horizontal="right")


def source_label(source: Source) -> str:
    if source.release is None:
        return _("Internal counts: raw, not for publication")
    release = source.release
    published = (
        formats.date_format(release.published_at, "DATE_FORMAT") if release.published_at else ""
    )
    label = _("Release %(number)s, published %(date)s") % {
        "number": release.number,
        "date": published,
    }
    return f"{label} ({policy_label(source)})"


def policy_label(source: Source) -> str:
    release = source.release
    if release is None:
        return ""
    if release.rounding_base > 1:
        return _(
            "cells below %(k)s and cells that would reveal them confidential, "
            "values rounded to base %(base)s"
        ) % {
            "k": release.threshold,
            "base": release.rounding_base,
        }
    return _("cells below %(k)s and cells that would reveal them confidential") % {
        "k": release.threshold
    }


def period_label(first: int | None, last: int | None) -> str:
    if first is None and last is None:
        return ""
    return _("Years %(first)s–%(last)s") % {"first": first or "…", "last": last or "…"}


class Sheet:
    """Writes rows top to bottom; every text cell passes `spreadsheet_safe`."""

    def __init__(self, worksheet):
        self.ws = worksheet
        self.row = 1

    def put(self, column: int, value, *, font=None, number_format=None, alignment=None):
        cell = self.ws.cell(row=self.row, column=column, value=spreadsheet_safe(value))
        if font is not None:
            cell.font = font
        if number_format is not None:
            cell.number_format = number_format
        if alignment is not None:
            cell.alignment = alignment
        return cell

    def line(self, *values, font=None):
        for column, value in enumerate(values, start=1):
            self.put(column, value, font=font)
        self.row += 1

    def skip(self, rows: int = 1):
        self.row += rows

    def grid(self, grid: layout.Grid):
        """The grid with its header row; WB6 and total rows in bold."""
        # Years stay numbers; territories and categories are their labels.
        headers = (key if isinstance(key, int) else label for key, label in grid.columns)
        self.line(grid.corner, *headers, font=BOLD)
        for row in grid.rows:
            strong = BOLD if row.region or row.total else None
            self.put(1, row.label, font=strong)
            for column, cell in enumerate(row.cells, start=2):
                self.value(column, cell, font=strong)
            self.row += 1

    def value(self, column: int, cell: layout.Shown, *, font=None):
        if cell.confidential or cell.value is None:
            self.put(column, cell.text, font=font, alignment=RIGHT)
        else:
            self.put(
                column,
                cell.value,
                font=font,
                number_format=ROUNDED_FORMAT if cell.rounded else "#,##0",
            )


def write_table(
    workbook: Workbook,
    table: Table,
    source: Source,
    *,
    first: int | None = None,
    last: int | None = None,
) -> None:
    """One sheet: the table in the report's layout, for the years from `first` to `last`."""
    cells = source.cells(table, first=first, last=last)
    totals = layout.totals(cells, source.territories)
    sheet = Sheet(workbook.create_sheet(table.id[:SHEET_TITLE_LENGTH]))
    sheet.put(1, str(table.title), font=TITLE)
    sheet.skip()
    sheet.line(
        _("Counts: %(unit)s") % {"unit": table.unit.label}, period_label(first, last), font=MUTED
    )
    sheet.line(source_label(source), font=MUTED)
    sheet.skip()
    footnote, confidential, rounded = totals.footnote, totals.confidential, totals.rounded
    if not totals:
        sheet.line(_("No counts for these years."))
    sheet.grid(totals)
    for year in layout.years_of(cells) if layout.has_breakdown(table) else []:
        block = layout.breakdown(table, cells, year, source.territories)
        if not block:
            continue
        sheet.skip()
        sheet.line(f"{layout.breakdown_label(table)}, {year}", font=BOLD)
        sheet.grid(block)
        footnote |= block.footnote
        confidential |= block.confidential
        rounded |= block.rounded
    sheet.skip()
    if confidential:
        sheet.line(_("c: confidential"))
    if rounded:
        sheet.line(_("r: rounded to a multiple of %(base)s") % {"base": source.rounding_base})
    if footnote:
        sheet.line(f"* {KOSOVO_FOOTNOTE}")
    sheet.ws.column_dimensions["A"].width = 36
    for column in range(2, sheet.ws.max_column + 1):
        sheet.ws.column_dimensions[get_column_letter(column)].width = 11
    sheet.ws.freeze_panes = "B7"


def workbook(
    tables: list[Table], source: Source, *, first: int | None = None, last: int | None = None
) -> bytes:
    """The workbook of `tables` (one sheet each) as .xlsx bytes."""
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        write_table(book, table, source, first=first, last=last)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
