"""The red team's attacker, written apart from `reporting.attacker`: one dense linear program
over everything an attacker reads, solved with HiGHS. It checks the auditor from outside."""

import math
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog

from reporting.cells import CellRow
from reporting.disclosure import groups


@dataclass
class Published:
    """A release as the attacker reads it, and the truth (for insiders)."""

    cells: list[CellRow]
    raw: dict[tuple, int]
    rounding_base: int = 1
    # Marks telling more than "suppressed" (the old `<5`): key -> (lo, hi).
    marks: dict[tuple, tuple[float, float]] = field(default_factory=dict)


def largest(
    releases: list[Published],
    target: tuple,
    *,
    insider: str | None = None,
    unchanged: set[tuple] = frozenset(),
    smallest: bool = False,
) -> float:
    """The largest (or smallest) value of `target` in the last release that the attacker
    cannot rule out. `unchanged` cells are known to hold the same value in every release;
    an `insider` knows every raw cell of their territory."""
    index = {}
    for r, release in enumerate(releases):
        for cell in release.cells:
            index[(r, cell.key)] = len(index)
    rows, constants = [], []

    def equation(terms: dict[int, float], constant: float = 0.0) -> None:
        row = np.zeros(len(index))
        for column, coefficient in terms.items():
            row[column] += coefficient
        rows.append(row)
        constants.append(constant)

    bounds = []
    for r, release in enumerate(releases):
        for group in groups(release.cells):
            terms = {index[(r, part.key)]: 1.0 for part in group[:-1]}
            terms[index[(r, group[-1].key)]] = -1.0
            equation(terms)
        for cell in release.cells:
            if cell.value is None:
                lo, hi = 1.0, math.inf
            elif cell.flag == "r":
                half = release.rounding_base / 2
                lo, hi = max(0.0, cell.value - half), cell.value + half
            else:
                lo = hi = float(cell.value)
            if cell.key in release.marks:
                mark = release.marks[cell.key]
                lo, hi = max(lo, mark[0]), min(hi, mark[1])
            if insider is not None and cell.territory == insider:
                lo = hi = float(release.raw[cell.key])
            bounds.append((lo, hi))
    for key in unchanged:
        for r in range(1, len(releases)):
            equation({index[(0, key)]: 1.0, index[(r, key)]: -1.0})
    objective = np.zeros(len(index))
    objective[index[(len(releases) - 1, target)]] = 1.0 if smallest else -1.0
    result = linprog(
        objective,
        A_eq=np.array(rows) if rows else None,
        b_eq=np.array(constants) if rows else None,
        bounds=bounds,
        method="highs",
    )
    if result.status == 3:
        return -math.inf if smallest else math.inf
    assert result.status == 0, result.message
    return result.fun if smallest else -result.fun
