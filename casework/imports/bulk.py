"""Writing many rows at once: COPY on PostgreSQL, `bulk_create` in batches elsewhere."""

from django.db import connection

BATCH = 5_000


def _copy(table: str, columns: list[str], rows) -> None:
    with connection.cursor() as cursor:
        names = ", ".join(columns)
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def insert_rows(model, columns: list[str], rows: list[tuple]) -> list:
    """Insert rows of `columns` (field names; a relation takes an id)."""
    fields = [model._meta.get_field(name) for name in columns]
    if connection.vendor == "postgresql":
        _copy(model._meta.db_table, [field.column for field in fields], rows)
        return []
    names = [field.attname for field in fields]
    return model.objects.bulk_create(
        [model(**dict(zip(names, row, strict=True))) for row in rows], batch_size=BATCH
    )


def json_value(value):
    if connection.vendor == "postgresql":
        from psycopg.types.json import Jsonb

        return Jsonb(value)
    return value
