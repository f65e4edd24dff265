from collections import Counter

from django.db import connection

from casework.models import REFERENCE_CODES, ReferenceCounter


def references_allocate(*, territory: str, case_type: str, year: int, count: int = 1) -> list[str]:
    """`count` new references, e.g. `RS-THB-2013-000042`, never derived from the person."""
    first = _counters_advanced(territory, case_type, {year: count})[year]
    return _numbered(_prefix(territory, case_type, year), first, count)


def references_for_years(*, territory: str, case_type: str, years: list[int]) -> list[str]:
    """A new reference for each of `years`, in their order (an import's cases). A writer
    that calls it more than once in a transaction holds `references_held` first."""
    counts = Counter(years)
    if not counts:
        return []
    first = _counters_advanced(territory, case_type, counts)
    blocks = {
        year: iter(_numbered(_prefix(territory, case_type, year), first[year], count))
        for year, count in counts.items()
    }
    return [next(blocks[year]) for year in years]


def references_held(*, territory: str, case_type: str) -> None:
    """Hold a territory's references of a case type for the rest of the transaction. A writer
    that takes them in several statements (an import, a part at a time, each part's years
    in its own order) would otherwise lock year counters in an order another such writer
    could reverse: a deadlock. (SQLite has one writer at a time.)"""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s))",
                [f"references {territory} {case_type}"],
            )


def _prefix(territory: str, case_type: str, year: int) -> str:
    return f"{territory}-{REFERENCE_CODES[case_type]}-{year}"


def _numbered(prefix: str, first: int, count: int) -> list[str]:
    return [f"{prefix}-{n:06d}" for n in range(first, first + count)]


def _counters_advanced(territory: str, case_type: str, counts: dict[int, int]) -> dict[int, int]:
    """Advance each year's counter by its count, all in one statement; returns the first new
    number of each year. The counter rows stay locked for the rest of the transaction, so
    two writers never get the same number."""
    table = ReferenceCounter._meta.db_table
    values = ", ".join(["(%s, %s, %s, %s)"] * len(counts))
    # In the order of the years, as every writer takes them.
    params = [p for year in sorted(counts) for p in (territory, case_type, year, counts[year])]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (territory, case_type, year, last) VALUES {values} "  # noqa: S608
            "ON CONFLICT (territory, case_type, year) "
            f"DO UPDATE SET last = {table}.last + excluded.last RETURNING year, last",
            params,
        )
        return {year: last - counts[year] + 1 for year, last in cursor.fetchall()}
