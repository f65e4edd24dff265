"""What an import stages between receipt and load: in the database, since the load may run
on another host, and compact.

A file that holds no identity column is staged as rows of text (CSV, compressed), and
checked by the load: only its header's columns, so that nothing else it held is kept (a
workbook's other sheets, cells beyond the header); a CSV file that holds nothing else is
staged as it came. A file that does hold identity columns is checked at receipt, so that
its identity becomes pseudonyms before anything is stored, and its checked cases are staged.

A checked column of few distinct values (codes, months, booleans) is staged as those values
and, for each case, the number of its value in one byte: 100,000 codes become 100,000
bytes, which cost next to nothing to write and read, where a JSON list of them costs a
parse of each. Other columns (row numbers, external ids, a smuggling incident's persons)
are staged as JSON lists.
"""

import base64
import csv
import gzip
import io
import json
from collections.abc import Iterable

from casework.imports.checking import Checked

MAX_DISTINCT = 256  # a value's number fits in a byte


# The first byte says what follows.
_FILE, _CHECKED = b"F", b"C"


def _packed(kind: bytes, content: bytes) -> bytes:
    return kind + gzip.compress(content, compresslevel=1)  # fast: the file is written once


def stage_file(content: bytes) -> bytes:
    """A CSV file as it came: for one that holds nothing beyond its header's columns."""
    return _packed(_FILE, content)


def stage_rows(header: list[str], rows: Iterable[list[str]]) -> bytes:
    width = len(header)
    rows = list(rows)
    if max(map(len, rows), default=0) > width:
        rows = [_within(row, width) for row in rows]
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return _packed(_FILE, text.getvalue().encode())


def _within(row: list[str], width: int) -> list[str]:
    """A row cut to the header's width. One that held something beyond it keeps a mark in
    its place (not what it held), so that the load refuses it as it would the file."""
    if len(row) <= width:
        return row
    return row[:width] + (["?"] if any(cell.strip() for cell in row[width:]) else [])


def stage(checked: Checked) -> bytes:
    columns = {name: _pack(values) for name, values in checked.items()}
    return _packed(_CHECKED, json.dumps(columns, separators=(",", ":")).encode())


def unstage(staged: bytes) -> Checked | bytes:
    """The checked cases, or the file's rows as CSV (bytes)."""
    staged = bytes(staged)
    kind, content = staged[:1], gzip.decompress(staged[1:])
    if kind == _FILE:
        return content
    columns = json.loads(content)
    return {name: _unpack(column) for name, column in columns.items()}


def _pack(values: list) -> list | dict:
    # Lists of codes are told apart as tuples (JSON gives them back as lists). A column holds
    # one type and None, so True and 1, which are equal keys, never meet.
    keys = values
    if list in set(map(type, values)):
        keys = [tuple(v) if isinstance(v, list) else v for v in values]
    try:
        distinct = list(dict.fromkeys(keys))
    except TypeError:  # dicts
        return values
    if len(distinct) > MAX_DISTINCT:
        return values
    number = {value: i for i, value in enumerate(distinct)}
    numbers = bytes(map(number.__getitem__, keys))
    return {"distinct": distinct, "numbers": base64.b64encode(numbers).decode()}


def _unpack(column: list | dict) -> list:
    if isinstance(column, list):
        return column
    return list(map(column["distinct"].__getitem__, base64.b64decode(column["numbers"])))
