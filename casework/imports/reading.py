"""Reading a file into a header and rows of text cells, refusing what is not a case file.

Refusals here concern the whole file (`row: null`): encoding, format, size, bombs.
"""

import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from operator import methodcaller

from django.utils.translation import gettext as _

from casework.types import declared_types

# The columns of every declared month (their spreadsheet dates are cut to the month).
MONTH_COLUMNS = frozenset(month.name for t in declared_types() for month in t.months)

# An XLSX is a zip of XML files: refuse archives that inflate beyond these.
XLSX_MAX_INFLATED = 200 * 1024 * 1024
XLSX_MAX_RATIO = 100


class FileRefused(Exception):
    def __init__(self, message: str, field: str | None = None):
        self.message, self.field = message, field
        super().__init__(message)


def read_table(name: str, content: bytes) -> tuple[list[str], Iterator[list[str]]]:
    """The header and the rows of a CSV or XLSX file, every cell as text."""
    if _is_xlsx(content):
        return _read_xlsx(content)
    if name.lower().endswith((".xlsx", ".xlsm", ".xls")):
        raise FileRefused(_("This is not an XLSX file."))
    return read_csv(content)


def holds_only_header_columns(content: bytes, width: int) -> bool:
    """Whether a file (read by `read_table` already) surely holds nothing beyond its header's
    `width` columns: a CSV none of whose records has more cells. Never a workbook: it has
    other sheets."""
    if _is_xlsx(content):
        return False
    text = content.decode("utf-8-sig")
    if '"' in text:
        # A quoted cell may hold delimiters and line breaks: a line break in it carries the
        # record's further cells onto a line of their own. Only the parser sees records.
        _header, rows = read_csv(content)
        return all(len(row) <= width for row in rows)
    # Unquoted, a line is a record or holds several (split at a lone \r): counting a line's
    # delimiters never counts fewer than its record's cells, at a third of a parse's cost.
    lines = text.split("\n")
    return max(map(methodcaller("count", _delimiter(lines[0])), lines)) < width


def _is_xlsx(content: bytes) -> bool:
    return content[:4] == b"PK\x03\x04"  # a zip archive


def _delimiter(first_line: str) -> str:
    return ";" if first_line.count(";") > first_line.count(",") else ","


def read_csv(content: bytes):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileRefused(
            _("The file is not UTF-8 text (byte %(at)d). Save it as CSV UTF-8.")
            % {"at": error.start}
        ) from None
    if "\x00" in text:
        raise FileRefused(_("The file is not a CSV text file."))
    delimiter = _delimiter(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise FileRefused(_("The file is not valid CSV: %s") % error) from None
    if not header:
        raise FileRefused(_("The file is empty."))

    def rows():
        try:
            yield from reader
        except csv.Error as error:
            raise FileRefused(_("The file is not valid CSV: %s") % error) from None

    return [cell.strip() for cell in header], rows()


def _check_zip(content: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise FileRefused(_("This is not an XLSX file.")) from None
    inflated = sum(info.file_size for info in archive.infolist())
    deflated = sum(info.compress_size for info in archive.infolist()) or 1
    if inflated > XLSX_MAX_INFLATED or inflated / deflated > XLSX_MAX_RATIO:
        raise FileRefused(_("The XLSX file inflates to an unsafe size (a zip bomb?)."))


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        # A spreadsheet turned the cell into a date: it reads as one (a month column's is
        # cut to its month: see `_read_xlsx`).
        return value.strftime("%Y-%m-%d")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(content: bytes):
    _check_zip(content)
    import openpyxl  # with defusedxml installed, openpyxl parses XML defused

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise FileRefused(_("The XLSX file cannot be read: %s") % type(error).__name__) from None
    rows = _undamaged(workbook.worksheets[0].iter_rows(values_only=True))
    header = next(rows, None)
    if not header:
        raise FileRefused(_("The file is empty."))
    header = [_cell_text(cell) for cell in header]
    while header and header[-1] == "":
        header.pop()

    # A month column takes YYYY-MM: a date a spreadsheet made of its cell is cut to its month.
    months = [i for i, name in enumerate(header) if name in MONTH_COLUMNS]

    def cells():
        for row in rows:
            texts = [_cell_text(cell) for cell in row]
            for i in months:
                if i < len(row) and isinstance(row[i], datetime.date):
                    texts[i] = row[i].strftime("%Y-%m")
            yield texts

    return header, cells()


def _undamaged(rows: Iterator[tuple]) -> Iterator[tuple]:
    """A sheet's rows, read in read-only mode, which parses as it goes: damage anywhere in
    the sheet shows only when its row is reached."""
    try:
        yield from rows
    except Exception as error:  # openpyxl and the XML parser raise many kinds
        raise FileRefused(_("The XLSX file cannot be read: %s") % type(error).__name__) from None
