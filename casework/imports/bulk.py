"""Writing many rows at once: COPY on PostgreSQL, `bulk_create` in batches elsewhere."""

import datetime
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


def _copy(table: str, columns: list[str], rows) -> None:
    """COPY in text format, written in large chunks: far fewer calls than a row at a time."""
    # The raw psycopg cursor's errors are turned into Django's, as for any other query.
    with connection.cursor() as cursor, connection.wrap_database_errors:
        names = ", ".join(columns)
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            chunk = []
            for row in rows:
                chunk.append("\t".join(map(_text, row)))
                if len(chunk) == BATCH:
                    copy.write(("\n".join(chunk) + "\n").encode())
                    chunk = []
            if chunk:
                copy.write(("\n".join(chunk) + "\n").encode())


def insert_rows(model, columns: list[str], rows: list[tuple]) -> list:
    """Insert rows of `columns` (field names; a relation takes an id; JSON as dicts)."""
    fields = [model._meta.get_field(name) for name in columns]
    if connection.vendor == "postgresql":
        _copy(model._meta.db_table, [field.column for field in fields], rows)
        return []
    names = [field.attname for field in fields]
    return model.objects.bulk_create(
        [model(**dict(zip(names, row, strict=True))) for row in rows], batch_size=BATCH
    )
