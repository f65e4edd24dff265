"""Dirty partitions: which cells are stale because a case changed.

A partition is the cases of one type, territory and month. A month, not a year: one year of
one territory can hold tens of thousands of cases, one month a few thousand, and a run
recomputes a dirty partition from the case tables. A type, since no table counts cases of
two types: a changed trafficking case leaves the smuggling and readmission tables be.
"""

import datetime
from typing import NamedTuple

from django.db import connection
from django.db.models import Max

from reporting.models import DirtyPartition, MonthlyCell


class Partition(NamedTuple):
    territory: str
    month: datetime.date  # the first day, as `Case.month`
    case_type: str


def partition_mark_dirty(*, case) -> None:
    """Called in the transaction of every change to a case (and before a change of its
    month, for the month it leaves): its cells are stale."""
    DirtyPartition.objects.create(
        territory=case.territory, month=case.month, case_type=case.case_type
    )


def partitions_mark_dirty_for_cases(case_ids_sql: str, params: list) -> None:
    """Mark the partitions of many cases at once, given SQL selecting their ids."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO reporting_dirtypartition (territory, month, case_type, marked_at) "  # noqa: S608
            "SELECT DISTINCT territory, month, case_type, CURRENT_TIMESTAMP FROM casework_case "
            f"WHERE id IN ({case_ids_sql})",
            params,
        )


def dirty_partitions(*, territory: str = "") -> tuple[list[Partition], int | None]:
    """The dirty partitions (of one territory, or all) and the last mark read."""
    marks = DirtyPartition.objects.all()
    if territory:
        marks = marks.filter(territory=territory)
    last = marks.aggregate(last=Max("pk"))["last"]
    if last is None:
        return [], None
    found = marks.filter(pk__lte=last).values_list("territory", "month", "case_type")
    return sorted({Partition(*partition) for partition in found.distinct()}), last


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


def territory_partitions(territory: str) -> list[Partition]:
    """Every partition of a territory that has cases or cells (a full run of it)."""
    from casework.models import Case

    found = set()
    for stored in (Case.objects, MonthlyCell.objects):
        of_territory = stored.filter(territory=territory).order_by()
        found |= set(of_territory.values_list("month", "case_type").distinct())
    return [Partition(territory, month, case_type) for month, case_type in sorted(found)]


def computed_partitions() -> int:
    """How many partitions have cells."""
    return MonthlyCell.objects.values("territory", "month", "case_type").distinct().count()
