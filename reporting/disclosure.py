"""Disclosure control of a release: primary suppression, a secondary rule, rounding.

Sensitive cells (0 < value < k) are suppressed. Every suppressed cell, sensitive or
withheld to protect another, carries the one mark `c`. The secondary rule here is the
simple one (a later issue audits releases against an attacker's linear program): in every
group of cells that sums to a published total, one suppressed cell alone would be the total
minus the others, so the smallest other non-zero cell is suppressed too, until no group has
exactly one.
"""

from collections import defaultdict

from accounts.territories import REGION, WESTERN_BALKANS
from reporting.cells import FLAG_CONFIDENTIAL, FLAG_ROUNDED, CellRow
from reporting.tables import TOTAL


def groups(cells: list[CellRow]) -> list[list[CellRow]]:
    """Groups of cells whose parts sum to a total that is published with them (total last)."""
    by_key = {cell.key: cell for cell in cells}
    found = []
    partitions = defaultdict(list)
    for cell in cells:
        partitions[(cell.table, cell.territory, cell.year)].append(cell)
    for members in partitions.values():
        # Categories to their total row; sexes to their total and ages to theirs.
        for axis in ("category", "sex", "age"):
            lines = defaultdict(list)
            for cell in members:
                others = tuple(getattr(cell, a) for a in ("category", "sex", "age") if a != axis)
                lines[others].append(cell)
            for line in lines.values():
                total = [c for c in line if getattr(c, axis) == TOTAL]
                parts = [c for c in line if getattr(c, axis) != TOTAL]
                if total and parts:
                    found.append([*parts, total[0]])
    # Territories to the region.
    regional = defaultdict(list)
    for cell in cells:
        if cell.territory in {t.value for t in WESTERN_BALKANS}:
            regional[(cell.table, cell.year, cell.sex, cell.age, cell.category)].append(cell)
    for (table, year, sex, age, category), parts in regional.items():
        total = by_key.get((table, REGION, year, sex, age, parts[0].breakdown, category))
        if total is not None:
            found.append([*parts, total])
    return found


def suppress(cells: list[CellRow], *, threshold: int) -> None:
    """Mark sensitive cells and enough others that no group reveals one by subtraction."""
    for cell in cells:
        if 0 < cell.value < threshold:
            cell.flag = FLAG_CONFIDENTIAL
    all_groups = groups(cells)
    changed = True
    while changed:
        changed = False
        for group in all_groups:
            hidden = [c for c in group if c.flag == FLAG_CONFIDENTIAL]
            if len(hidden) != 1:
                continue
            candidates = [c for c in group if c.flag != FLAG_CONFIDENTIAL and c.value > 0]
            if not candidates:
                continue
            # Territory cells before regional ones, the smallest first.
            victim = min(candidates, key=lambda c: (c.territory == REGION, c.value))
            victim.flag = FLAG_CONFIDENTIAL
            changed = True


def round_to(value: int, base: int) -> int:
    return int((value + base / 2) // base * base)


def apply_policy(cells: list[CellRow], *, threshold: int, rounding_base: int) -> None:
    """Suppress, then round what is published (totals from raw counts, not summed)."""
    suppress(cells, threshold=threshold)
    for cell in cells:
        if cell.flag == FLAG_CONFIDENTIAL:
            cell.value = None
        elif rounding_base > 1 and cell.value:
            cell.value = round_to(cell.value, rounding_base)
            cell.flag = FLAG_ROUNDED
