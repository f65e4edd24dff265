"""The progress of a long job, seen by others while the job's transaction is still open."""

from contextlib import contextmanager

from django.db import connection


@contextmanager
def progress_writer(model, pk: int, *, live: bool = True):
    """Yields a `write(percent)` that sets the job's `progress` through a connection of its
    own, or None where progress only shows at the end: on SQLite (one writer at a time) and
    for a job that is not `live` (over sooner than a connection opens). The job's own
    transaction must not lock its row: the write would wait for it."""
    if connection.vendor != "postgresql" or not live:
        yield None
        return
    import psycopg

    table = model._meta.db_table
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as side:

        def write(percent: int) -> None:
            side.execute(
                f"UPDATE {table} SET progress = %s WHERE id = %s",  # noqa: S608
                [percent, pk],
            )

        yield write
