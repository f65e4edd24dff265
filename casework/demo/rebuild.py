"""Filling empty tables the way PostgreSQL's manual advises ("Populating a Database"): drop
the foreign keys, unique constraints and indexes, load, then build them again in one pass
each. (Primary keys stay: other tables' keys point at them.)

Checking a million foreign keys one row at a time, and growing indexes a row at a time, costs
more than writing the rows; rebuilding them afterwards checks the same rules in bulk. It all
happens in the loading transaction: if a rebuilt key or index finds a violation, nothing is
kept. Only for tables filled from empty, with nobody else using them (the locks are
exclusive until commit): seed_demo, never an import into a live database.
"""

from contextlib import contextmanager

from django.db import connection


@contextmanager
def keys_and_indexes_rebuilt(models):
    if connection.vendor != "postgresql":
        yield
        return
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        _check_pending_keys(cursor)
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype IN ('u', 'f') AND conrelid::regclass::text = ANY(%s) "
            "ORDER BY contype DESC",  # unique first: rebuilt in this order, keys last
            [tables],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u'))",
            [tables],
        )
        indexes = cursor.fetchall()
        for table, name, _ in reversed(constraints):  # a unique constraint may be a key's target
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    with connection.cursor() as cursor:
        _check_pending_keys(cursor)
        for _, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in constraints:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


def _check_pending_keys(cursor) -> None:
    """Check now the foreign keys deferred so far in the transaction: PostgreSQL alters no
    table with checks pending. They go back to being deferred, as Django declares them."""
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
