"""Writing many rows at once, given as columns: COPY on PostgreSQL, `bulk_create` elsewhere.

A column is a list (one value a row) or a single value that every row shares. Working a
column at a time lets each distinct value be formatted once, and the rows be joined in C.
"""

import datetime
import itertools
import json

from django.db import connection

BATCH = 5_000
# COPY's text format: these characters are escaped in a value, and NULL is \N.
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _text(value) -> str:
    if type(value) is str:  # the common case first
        return value.translate(_ESCAPES)
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict | list):
        value = json.dumps(value, separators=(",", ":"))
    return str(value).translate(_ESCAPES)


def _texts(values: list) -> list[str]:
    """A column in COPY's text form, with as little work a value as the column allows."""
    types = set(map(type, values))
    if types <= {str, type(None)}:
        text = "".join(filter(None, values))
        if any(special in text for special in "\\\t\n\r"):
            return list(map(_text, values))
        if types == {str}:
            return values  # codes, references: nothing to escape
        return ["\\N" if value is None else value for value in values]
    if types == {int}:
        return list(map(str, values))
    try:
        # A few distinct values (codes and None, say), each formatted once. (A column holds
        # one type and None: True and 1, which are equal to a set, never share one.)
        formatted = {value: _text(value) for value in set(values)}
    except TypeError:  # lists and dicts cannot be set members
        return list(map(_text, values))
    return list(map(formatted.__getitem__, values))


def _rows(columns: dict) -> int:
    counts = {len(values) for values in columns.values() if isinstance(values, list)}
    if len(counts) != 1:
        raise ValueError(f"Columns of different lengths: {sorted(counts)}")
    return counts.pop()


def _copy(table: str, columns: dict[str, object], count: int) -> None:
    """COPY the rows a batch at a time, each formatted just before it is sent: PostgreSQL
    stores one batch while Python formats the next."""
    shared = {
        name: _text(values) for name, values in columns.items() if not isinstance(values, list)
    }
    # The raw psycopg cursor's errors are turned into Django's, as for any other query.
    with connection.cursor() as cursor, connection.wrap_database_errors:
        names = ", ".join(columns)
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for start in range(0, count, BATCH):
                size = min(BATCH, count - start)
                texts = [
                    itertools.repeat(shared[name], size)
                    if name in shared
                    else _texts(values[start : start + size])
                    for name, values in columns.items()
                ]
                lines = map("\t".join, zip(*texts, strict=True))
                copy.write(("\n".join(lines) + "\n").encode())


def insert_columns(model, columns: dict[str, object]) -> list:
    """Insert rows given as columns of field names (a relation takes an id). Returns the
    created objects where the rows went in through the ORM (not on PostgreSQL)."""
    count = _rows(columns)
    if not count:
        return []
    fields = {name: model._meta.get_field(name) for name in columns}
    if connection.vendor == "postgresql":
        _copy(model._meta.db_table, {fields[n].column: v for n, v in columns.items()}, count)
        return []
    names = [field.attname for field in fields.values()]
    per_row = [v if isinstance(v, list) else itertools.repeat(v, count) for v in columns.values()]
    return model.objects.bulk_create(
        [model(**dict(zip(names, row, strict=True))) for row in zip(*per_row, strict=True)],
        batch_size=BATCH,
    )
