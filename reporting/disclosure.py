"""Disclosure control of a release: sensitive cells, the relations between cells, rounding, and
the audited suppression that protects the sensitive cells from an attacker.

Sensitive cells (0 < value < k) are suppressed. Every suppressed cell, sensitive or withheld to
protect another, carries the one mark `c`: two marks would tell an attacker which cells are
small. Suppression is audited against the attacker's linear program (`reporting.attacker`):
while a sensitive cell's largest possible value is below k for an outsider or an insider, the
smallest published cell next to it is suppressed too (territory cells before regional ones),
and the block is audited again. Once every cell passes, each cell withheld to protect another
is released again if the audit still passes without it: never more than needed.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from accounts.territories import REGION, WESTERN_BALKANS
from reporting.attacker import Auditor, Program, State, Verdict
from reporting.cells import FLAG_CONFIDENTIAL, FLAG_ROUNDED, CellRow
from reporting.tables import TABLES_BY_ID, TOTAL


@dataclass(frozen=True)
class Step:
    """How far an audit has got: its percent, the sensitive unknowns failing as last checked
    (what "tables done" is counted from) and how many attacker programs it has solved."""

    percent: int
    failing: frozenset[int]
    solved: int


@dataclass(frozen=True)
class AuditProgress:
    """What a release's audit reports as it goes: a table is done once none of its sensitive
    cells fails the audit as last checked (a table with none is done from the start)."""

    percent: int
    tables_done: int
    tables_total: int
    programs_solved: int


Progress = Callable[[AuditProgress], None]
# A bound on repair rounds, so that a release which cannot be repaired fails rather than
# loops: far above what any real release takes (tens).
ROUNDS_AT_MOST = 10_000


def is_sensitive(value: int, threshold: int) -> bool:
    return 0 < value < threshold


def round_to(value: int, base: int) -> int:
    return int((value + base / 2) // base * base)


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


def quantity(cell: CellRow) -> tuple:
    """What a cell counts. The tables of one unit share their totals (victims are victims in
    every table of victims), so a unit's total is one quantity whichever table shows it; a
    table that counts only some of the unit (`only`) has a total of its own. No output
    publishes a total over several years, so years are never related."""
    table = TABLES_BY_ID.get(cell.table)
    if table is not None and not table.only and cell.sex == cell.age == cell.category == TOTAL:
        return ("unit", table.unit.name, cell.territory, cell.year)
    return cell.key


def shown(raw: int, rounding_base: int) -> tuple[float, float]:
    """What a published cell tells: its value, or an interval of half the base around it."""
    if rounding_base > 1 and raw:
        value = round_to(raw, rounding_base)
        return max(0.0, value - rounding_base / 2), value + rounding_base / 2
    return float(raw), float(raw)


def told(value: int | None, flag: str, rounding_base: int) -> tuple[float, float]:
    """What an attacker reads from a cell as published (a ledger cell)."""
    if flag == FLAG_CONFIDENTIAL:
        return 1.0, float("inf")
    if flag == FLAG_ROUNDED:
        return max(0.0, value - rounding_base / 2), value + rounding_base / 2
    return float(value), float(value)


def model(program: Program, cells: list[CellRow], raw: list[int], *, threshold: int) -> list[int]:
    """Add one release's cells and their relations to `program`: each cell's unknown."""
    unknowns = [
        program.unknown(quantity(cell), cell.territory, value)
        for cell, value in zip(cells, raw, strict=True)
    ]
    of_key = {cell.key: unknown for cell, unknown in zip(cells, unknowns, strict=True)}
    for group in groups(cells):
        program.relate([of_key[part.key] for part in group[:-1]], of_key[group[-1].key])
    for unknown, value in zip(unknowns, raw, strict=True):
        if is_sensitive(value, threshold):
            program.sensitive(unknown, threshold)
    raw_of = {cell.key: value for cell, value in zip(cells, raw, strict=True)}
    for cell, unknown in zip(cells, unknowns, strict=True):
        if cell.territory == REGION and unknown in program.thresholds:
            program.parts[unknown] = {
                t.value: raw_of.get((cell.table, t.value, *cell.key[2:]), 0)
                for t in WESTERN_BALKANS
            }
    return unknowns


def know_published(
    program: Program, cells: list[CellRow], raw: list[int], *, threshold: int, rounding_base: int
) -> None:
    """What an earlier release published (`cells` as published) becomes known to the attacker."""
    unknowns = model(program, cells, raw, threshold=threshold)
    for cell, unknown in zip(cells, unknowns, strict=True):
        program.know(unknown, *told(cell.value, cell.flag, rounding_base))


@dataclass
class Outcome:
    state: State
    verdicts: dict[int, Verdict]
    rounds: int = 0
    withheld: int = 0
    released_again: int = 0
    unrepairable: list[int] = field(default_factory=list)
    solved: int = 0

    @property
    def passed(self) -> bool:
        # The certificate's audit decides: a cell the loop could not repair itself may have
        # been protected by what was suppressed for its neighbours.
        return all(v.passed for v in self.verdicts.values())


def _neighbours(program: Program, unknowns) -> set[int]:
    """The unknowns in a relation with any of `unknowns`."""
    return {other for unknown in unknowns for other in program.adjacent(unknown)}


def _candidate(state: State, target: int, insider: str | None) -> int | None:
    """The cell to suppress next for `target`: a published cell of this release in a relation
    with it (else with its block), not known to the attacker already, non-zero (zeros are
    published: the attacker knows a suppressed cell is at least 1), the smallest, territory
    cells before regional ones."""
    program = state.program

    def eligible(unknown: int) -> bool:
        return (
            unknown in state.shown
            and unknown not in state.suppressed
            and program.raw[unknown] > 0
            and program.known_lo[unknown] < program.known_hi[unknown]
            and program.territories[unknown] != insider
        )

    for tier in (_neighbours(program, [target]), _neighbours(program, state.block(target))):
        found = [u for u in tier if eligible(u)]
        if found:
            return min(
                found,
                key=lambda u: (program.territories[u] == REGION, program.raw[u], program.labels[u]),
            )
    return None


def protect(
    program: Program,
    shown_of: dict[int, tuple[float, float]],
    *,
    progress: Callable[[Step], None] | None = None,
) -> Outcome:
    """Suppress the sensitive unknowns of this release, and as few others as the audit needs.

    Suppressing a cell only widens what the attacker must consider, so a cell that passed
    keeps passing while the repair loop suppresses more: each round re-checks only the cells
    that failed. Releasing a cell again narrows it, so that is checked for every sensitive
    cell in its block, nearest first, and undone at the first that fails. The certificate's
    audit then checks every cell; should one fail (suppressing a rounded 0 narrows it to at
    least 1), the loop repairs again."""
    state = State(program, shown_of)
    targets = sorted(program.thresholds)
    state.hide(u for u in targets if u in shown_of)
    auditor = Auditor(state)
    outcome = Outcome(state=state, verdicts={})
    failing = targets
    while True:
        withheld = _repair(auditor, failing, outcome, progress)
        outcome.released_again += _release_again(auditor, withheld, outcome, progress)
        outcome.withheld += len(withheld)
        outcome.verdicts = auditor.certify(targets)
        failing = [
            t for t in targets if not outcome.verdicts[t].passed and t not in outcome.unrepairable
        ]
        if not failing:
            break
        if not withheld or outcome.rounds > ROUNDS_AT_MOST:  # nothing more to do for them
            outcome.unrepairable += failing
            break
    outcome.withheld -= outcome.released_again
    outcome.solved = auditor.solved
    if progress:
        failing = frozenset(t for t, v in outcome.verdicts.items() if not v.passed)
        progress(Step(100, failing, auditor.solved))
    return outcome


def _repair(auditor: Auditor, failing: list[int], outcome: Outcome, progress) -> list[int]:
    """Suppress until none of `failing` fails; what was suppressed."""
    state, program = auditor.state, auditor.program
    total = len(program.thresholds)
    withheld: list[int] = []
    while True:
        verdicts = auditor.check(failing)
        failing = [t for t in failing if not verdicts[t].passed and t not in outcome.unrepairable]
        if progress:
            percent = int(80 * (total - len(failing)) / max(total, 1))
            progress(Step(percent, frozenset(failing), auditor.solved))
        if not failing:
            return withheld
        outcome.rounds += 1
        # Several suppressions a round, but not two next to each other: a cell suppressed for
        # one target may protect its neighbours too.
        changed: set[int] = set()
        for target in failing:
            if changed & _neighbours(program, [target]):
                continue
            candidate = _candidate(state, target, verdicts[target].attacker)
            if candidate is None:
                outcome.unrepairable.append(target)
                continue
            state.suppress(candidate)
            withheld.append(candidate)
            changed |= _neighbours(program, [candidate]) | {candidate}


def _release_again(auditor: Auditor, withheld: list[int], outcome: Outcome, progress) -> int:
    """Publish again each withheld cell whose release fails no sensitive cell, the largest
    first; how many."""
    state, program = auditor.state, auditor.program
    released = 0
    for done, unknown in enumerate(sorted(withheld, key=lambda u: -program.raw[u])):
        affected = [u for u in state.block(unknown) if u in program.thresholds]
        state.release(unknown)
        lo, hi = state.bounds(unknown)
        for target in affected:
            if auditor.still_passes(target, unknown, lo, hi):
                continue
            if not auditor.check([target])[target].passed:
                state.suppress(unknown)
                break
        else:
            released += 1
        if progress:
            # Every target passes here but those the loop could not repair.
            percent = 80 + int(15 * (done + 1) / len(withheld))
            progress(Step(percent, frozenset(outcome.unrepairable), auditor.solved))
    return released


def publish(cells: list[CellRow], unknowns: list[int], state: State, *, rounding_base: int):
    """Write the suppression pattern and the rounding into the cells (values become what is
    published); totals are rounded from raw counts, not summed from rounded cells."""
    for cell, unknown in zip(cells, unknowns, strict=True):
        if unknown in state.suppressed:
            cell.value, cell.flag = None, FLAG_CONFIDENTIAL
        elif rounding_base > 1 and cell.value:
            cell.value, cell.flag = round_to(cell.value, rounding_base), FLAG_ROUNDED


def apply_policy(
    cells: list[CellRow],
    *,
    threshold: int,
    rounding_base: int,
    program: Program | None = None,
    progress: Progress | None = None,
) -> tuple[Outcome, list[int]]:
    """Protect `cells` (raw counts) against `program` (what earlier releases published, if
    any), then write what is published into them; each cell's unknown with the outcome."""
    program = program if program is not None else Program()
    raw = [cell.value for cell in cells]
    unknowns = model(program, cells, raw, threshold=threshold)
    shown_of = {u: shown(r, rounding_base) for u, r in zip(unknowns, raw, strict=True)}
    outcome = protect(program, shown_of, progress=_by_table(cells, unknowns, progress))
    if outcome.passed:
        publish(cells, unknowns, outcome.state, rounding_base=rounding_base)
    return outcome, unknowns


def _by_table(
    cells: list[CellRow], unknowns: list[int], progress: Progress | None
) -> Callable[[Step], None] | None:
    """The audit's steps told as tables done: a unit's total shared by several tables holds
    each of them back while it fails."""
    if progress is None:
        return None
    tables_of: dict[int, set[str]] = defaultdict(set)
    for cell, unknown in zip(cells, unknowns, strict=True):
        tables_of[unknown].add(cell.table)
    total = len({cell.table for cell in cells})

    def report(step: Step) -> None:
        held_back = set().union(*(tables_of[u] for u in step.failing))
        progress(AuditProgress(step.percent, total - len(held_back), total, step.solved))

    return report
