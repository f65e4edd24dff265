"""Dirty partitions: which (territory, year) cells are stale because a case changed."""

from django.db import connection
from django.db.models import Max

from accounts.territories import REGION
from reporting.models import Cell, DirtyPartition


def partition_mark_dirty(*, territory: str, year: int) -> None:
    """Called in the transaction of every change to a case: its cells are stale."""
    DirtyPartition.objects.create(territory=territory, year=year)


def partitions_mark_dirty_for_cases(case_ids_sql: str, params: list) -> None:
    """Mark the partitions of many cases at once, given SQL selecting their ids."""
    year = (
        "CAST(EXTRACT(YEAR FROM month) AS integer)"
        if connection.vendor == "postgresql"
        else "CAST(strftime('%%Y', month) AS integer)"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO reporting_dirtypartition (territory, year, marked_at) "  # noqa: S608
            f"SELECT DISTINCT territory, {year}, CURRENT_TIMESTAMP FROM casework_case "
            f"WHERE id IN ({case_ids_sql})",
            params,
        )


def dirty_partitions(*, territory: str = "") -> tuple[list[tuple[str, int]], int | None]:
    """The dirty partitions (of one territory, or all) and the last mark read."""
    marks = DirtyPartition.objects.all()
    if territory:
        marks = marks.filter(territory=territory)
    last = marks.aggregate(last=Max("pk"))["last"]
    if last is None:
        return [], None
    found = marks.filter(pk__lte=last).values_list("territory", "year").distinct()
    return sorted(set(found)), last


def partitions_clean(*, territory: str = "", up_to: int | None) -> None:
    """Forget the marks a run has read; later marks stay for the next run."""
    if up_to is None:
        return
    marks = DirtyPartition.objects.filter(pk__lte=up_to)
    if territory:
        marks = marks.filter(territory=territory)
    marks.delete()


def any_dirty() -> bool:
    return DirtyPartition.objects.exists()


def territory_partitions(territory: str) -> list[tuple[str, int]]:
    """Every partition of a territory that has cases or cells (a full run of it)."""
    from casework.models import Case

    years = set(
        Case.objects.filter(territory=territory).values_list("month__year", flat=True).distinct()
    )
    years |= set(Cell.objects.filter(territory=territory).values_list("year", flat=True).distinct())
    return [(territory, year) for year in sorted(years)]


def computed_partitions() -> int:
    """How many (territory, year) partitions have cells."""
    return Cell.objects.exclude(territory=REGION).values("territory", "year").distinct().count()
