"""The simple secondary rule the audited release replaced, kept as the red team's target and
as the baseline the benchmark compares suppression counts with (bench/audit.py).

In every group of cells that sums to a published total, one suppressed cell alone would be
the total minus the others, so the smallest other non-zero cell (territory cells before
regional ones) is suppressed too, until no group has exactly one.
"""

from accounts.territories import REGION
from reporting.cells import FLAG_CONFIDENTIAL, CellRow
from reporting.disclosure import groups, is_sensitive


def simple_rule(cells: list[CellRow], *, threshold: int) -> set[tuple]:
    """The keys of the cells the simple rule suppresses; the cells are left as they are."""
    suppressed = {cell.key for cell in cells if is_sensitive(cell.value, threshold)}
    all_groups = groups(cells)
    changed = True
    while changed:
        changed = False
        for group in all_groups:
            hidden = [c for c in group if c.key in suppressed]
            if len(hidden) != 1:
                continue
            candidates = [c for c in group if c.key not in suppressed and c.value > 0]
            if not candidates:
                continue
            victim = min(candidates, key=lambda c: (c.territory == REGION, c.value))
            suppressed.add(victim.key)
            changed = True
    return suppressed


def published_by_simple_rule(cells: list[CellRow], *, threshold: int) -> list[CellRow]:
    """Copies of `cells` as the simple rule published them (one mark, `c`)."""
    suppressed = simple_rule(cells, threshold=threshold)
    return [
        CellRow(*[*c.key, None, FLAG_CONFIDENTIAL])
        if c.key in suppressed
        else CellRow(*c.key, c.value)
        for c in cells
    ]
