"""The attacker's linear program: what published cells tell about the suppressed ones.

An attacker knows every published cell of a release and of every earlier release, every
additive relation between cells (`reporting.disclosure.relations`), that a rounded value lies
within half the base of the truth, and that a suppressed cell is at least 1 (zeros are
published). The largest value a sensitive cell can take under all that is the maximum of a
linear program; the cell is protected when that maximum is at least k. An insider (a national
coordinator) also knows every raw cell of their own territory.

Unknowns are quantities, not cells: a unit's total that several tables show, or a cell an
earlier release published unchanged, is one unknown, so what one table or release hides and
another shows is the same number.

The program is solved per connected block: only unknowns the attacker does not know exactly
(suppressed or rounded) are variables, and two variables are in one block when a relation
links them. Blocks are small (a unit, a year, the cells around a suppressed one), so each
sensitive cell's maximum is a small LP for HiGHS; a block's answers are cached by its
members and their state, so a repair round re-solves only the blocks it changed.
"""

import math
from dataclasses import dataclass, field

import numpy as np
import scipy
from scipy.optimize._highspy import _core as highs
from scipy.sparse import coo_matrix

from accounts.territories import REGION

SOLVER = {"name": "HiGHS", "via": "scipy.optimize (the HiGHS linprog runs), warm-started per block"}
# Block programs kept built (HiGHS instances), the most recent: a repair round revisits the
# blocks it just changed.
BLOCKS_KEPT = 64
# A maximum this close below k is k: HiGHS answers within its feasibility tolerance.
TOLERANCE = 1e-6


UNBOUNDED = (highs.HighsModelStatus.kUnbounded, highs.HighsModelStatus.kUnboundedOrInfeasible)
SETTLED = (highs.HighsModelStatus.kOptimal, *UNBOUNDED)


def solver() -> dict:
    return {**SOLVER, "scipy": scipy.__version__, "highs": highs._Highs().version()}


@dataclass
class Verdict:
    """What the strongest attacker can tell about one sensitive unknown."""

    threshold: int
    maximum: float
    # The insider who narrows the cell most, and the largest value they cannot rule out of the
    # part of the cell that is not theirs (a regional cell less their own territory's).
    insider: str | None = None
    insider_maximum: float = math.inf
    minimum: float | None = None

    @property
    def worst(self) -> float:
        return min(self.maximum, self.insider_maximum)

    @property
    def attacker(self) -> str | None:
        return self.insider if self.insider_maximum < self.maximum else None

    @property
    def passed(self) -> bool:
        return self.worst >= self.threshold - TOLERANCE


@dataclass
class Program:
    """Unknowns, the relations between them, and what earlier releases fixed of each."""

    labels: list[str] = field(default_factory=list)
    territories: list[str] = field(default_factory=list)
    raw: list[int] = field(default_factory=list)
    # Bounds the earlier releases (the ledger) put on each unknown, intersected.
    known_lo: list[float] = field(default_factory=list)
    known_hi: list[float] = field(default_factory=list)
    # Sensitive unknowns and their k.
    thresholds: dict[int, int] = field(default_factory=dict)
    # A regional unknown's raw parts by territory: what each insider contributes to it.
    parts: dict[int, dict[str, int]] = field(default_factory=dict)
    # Each relation: ((unknown, coefficient), ...) summing to zero; and for each unknown,
    # the positions of the relations it appears in.
    relations: list[tuple] = field(default_factory=list)
    touching: list[list[int]] = field(default_factory=list)
    _index: dict[tuple, int] = field(default_factory=dict)
    _related: set[tuple] = field(default_factory=set)
    _adjacent: dict[int, tuple[int, ...]] = field(default_factory=dict)

    def unknown(self, quantity: tuple, territory: str, raw: int) -> int:
        """The unknown for `quantity` holding `raw`: a changed value is a new unknown."""
        key = (quantity, raw)
        found = self._index.get(key)
        if found is None:
            found = self._index[key] = len(self.labels)
            self.labels.append("|".join(map(str, quantity)) + f"={raw}")
            self.territories.append(territory)
            self.raw.append(raw)
            self.known_lo.append(0.0)
            self.known_hi.append(math.inf)
            self.touching.append([])
        return found

    def relate(self, parts: list[int], total: int) -> None:
        coefficients: dict[int, int] = {}
        for part in parts:
            coefficients[part] = coefficients.get(part, 0) + 1
        coefficients[total] = coefficients.get(total, 0) - 1
        relation = tuple(sorted((u, c) for u, c in coefficients.items() if c))
        if relation and relation not in self._related:
            self._related.add(relation)
            for unknown, _coefficient in relation:
                self.touching[unknown].append(len(self.relations))
                self._adjacent.pop(unknown, None)
            self.relations.append(relation)

    def know(self, unknown: int, lo: float, hi: float) -> None:
        self.known_lo[unknown] = max(self.known_lo[unknown], lo)
        self.known_hi[unknown] = min(self.known_hi[unknown], hi)

    def adjacent(self, unknown: int) -> tuple[int, ...]:
        """The unknowns in a relation with `unknown`."""
        found = self._adjacent.get(unknown)
        if found is None:
            found = self._adjacent[unknown] = tuple(
                {
                    other
                    for position in self.touching[unknown]
                    for other, _coefficient in self.relations[position]
                    if other != unknown
                }
            )
        return found

    def sensitive(self, unknown: int, threshold: int) -> None:
        self.thresholds[unknown] = max(self.thresholds.get(unknown, 0), threshold)


class State:
    """The attacker's bounds on every unknown under one suppression pattern of the release.

    `shown[u]` is what the release shows of unknown u when it is published (its exact value,
    or a rounded interval); a suppressed unknown is only known to be at least 1.
    """

    def __init__(self, program: Program, shown: dict[int, tuple[float, float]]):
        self.program = program
        self.shown = shown
        self.suppressed: set[int] = set()
        self._bounds: dict[int, tuple[float, float]] = {}

    def hide(self, unknowns) -> None:
        self.suppressed = set(unknowns)
        self._bounds.clear()

    def suppress(self, unknown: int) -> None:
        self.suppressed.add(unknown)
        self._bounds.pop(unknown, None)

    def release(self, unknown: int) -> None:
        self.suppressed.discard(unknown)
        self._bounds.pop(unknown, None)

    def bounds(self, unknown: int) -> tuple[float, float]:
        found = self._bounds.get(unknown)
        if found is None:
            lo, hi = self.program.known_lo[unknown], self.program.known_hi[unknown]
            if unknown in self.shown:
                own = (1.0, math.inf) if unknown in self.suppressed else self.shown[unknown]
                lo, hi = max(lo, own[0]), min(hi, own[1])
            found = self._bounds[unknown] = (lo, hi)
        return found

    def free(self, unknown: int) -> bool:
        lo, hi = self.bounds(unknown)
        return lo < hi

    def block(self, start: int) -> list[int]:
        """The variables linked to `start` through relations (through free unknowns only:
        an unknown the attacker knows exactly is a constant and links nothing), nearest
        first."""
        adjacent, free = self.program.adjacent, self.free
        seen = {start}
        order = [start]
        for unknown in order:  # grows while it is read: breadth first
            for other in adjacent(unknown):
                if other not in seen and free(other):
                    seen.add(other)
                    order.append(other)
        return order


class Auditor:
    """Solves the attacker's program block by block.

    Two modes: `check` answers pass or fail and stops at the first attacker who wins (the
    repair loop asks this thousands of times); `certify` computes the whole interval and the
    worst insider (once, for the certificate). Answers are remembered by the block's members
    and which of them are suppressed, which fixes the block's program entirely.
    """

    def __init__(self, state: State):
        self.state = state
        self.blocks: dict[tuple, BlockLP] = {}
        self.answers: dict[tuple, Verdict] = {}
        # For each sensitive unknown that passed, a solution per attacker that reaches k.
        self.witnesses: dict[int, list | None] = {}
        self.solved = 0

    def check(self, targets) -> dict[int, Verdict]:
        return self._verdicts(targets, certify=False)

    def certify(self, targets) -> dict[int, Verdict]:
        return self._verdicts(targets, certify=True)

    def _verdicts(self, targets, *, certify: bool) -> dict[int, Verdict]:
        verdicts: dict[int, Verdict] = {}
        signatures: dict[int, tuple] = {}
        for target in targets:
            signature = signatures.get(target)
            if signature is None:
                members = sorted(self.state.block(target))
                signature = (
                    tuple(members),
                    tuple(u for u in members if u in self.state.suppressed),
                )
                for member in members:
                    signatures[member] = signature
            verdicts[target] = self._verdict(signature, target, certify=certify)
        return verdicts

    def _verdict(self, signature: tuple, target: int, *, certify: bool) -> Verdict:
        key = (signature, target, certify)
        found = self.answers.get(key)
        if found is not None:
            return found
        program = self.program
        lp = self.blocks.get(signature)
        if lp is None:
            if len(self.blocks) >= BLOCKS_KEPT:
                del self.blocks[next(iter(self.blocks))]
            lp = self.blocks[signature] = BlockLP(self.state, list(signature[0]))
        solved = lp.solved
        verdict = Verdict(
            threshold=program.thresholds[target], maximum=lp.extreme(target, maximise=True)
        )
        witnesses = []
        if not certify and verdict.passed and not math.isinf(verdict.maximum):
            witnesses.append(lp.witness())
        if certify:
            verdict.minimum = lp.extreme(target, maximise=False)
        if certify or verdict.passed:
            # Insiders: each territory with a variable in the block, other than the cell's
            # own (whose coordinator knows it anyway) and the region (whose coordinator
            # publishes).
            insiders = {program.territories[u] for u in signature[0]} - {
                program.territories[target],
                REGION,
            }
            own = program.parts.get(target, {})
            for territory in sorted(insiders):
                # A regional cell that is all the insider's own tells them nothing new.
                if program.raw[target] == own.get(territory, 0):
                    continue
                if not certify and witnesses and lp.holds(witnesses[0], territory):
                    # The outsider's best guess already has this territory's true cells: the
                    # insider cannot do better than the outsider here (a pass, not a maximum).
                    maximum = verdict.maximum
                else:
                    maximum = lp.extreme(target, maximise=True, insider=territory)
                    if not certify and not math.isinf(maximum):
                        witnesses.append(lp.witness())
                maximum -= own.get(territory, 0)
                if maximum < verdict.insider_maximum:
                    verdict.insider, verdict.insider_maximum = territory, maximum
                if not certify and not verdict.passed:
                    break
        if not certify:
            # Unbounded maxima leave no witness: such a target is re-checked when needed.
            bounded = not math.isinf(verdict.maximum) and all(
                not math.isinf(m) for m in [verdict.insider_maximum] if verdict.insider
            )
            self.witnesses[target] = witnesses if verdict.passed and bounded else None
        self.solved += lp.solved - solved
        self.answers[key] = verdict
        return verdict

    def still_passes(self, target: int, unknown: int, lo: float, hi: float) -> bool:
        """Whether `target` still passes once `unknown` is narrowed to [lo, hi], without a
        solve: every attacker's best solution last found (its witness) had `unknown` inside
        [lo, hi], so it stays feasible, and it already reached k. A witness stays feasible
        while cells are suppressed (that only widens the program); a release is checked here
        for every target in the released cell's block."""
        witnesses = self.witnesses.get(target)
        if not witnesses:
            return False
        raw = self.program.raw[unknown]
        for column, values in witnesses:
            position = column.get(unknown)
            # Outside the witness's block the unknown was at its true value (known exactly,
            # or in a block of its own, where the truth is a solution).
            value = raw if position is None else values[position]
            if not lo - TOLERANCE <= value <= hi + TOLERANCE:
                return False
        return True

    @property
    def program(self) -> Program:
        return self.state.program


class BlockLP:
    """One block's equality system, passed to HiGHS once and solved for each objective: a new
    objective or an insider's bounds start from the previous basis (warm), which makes a solve
    a matter of microseconds rather than the milliseconds of building a fresh `linprog`.

    This is the HiGHS that scipy ships (`scipy.optimize._highspy`, what `linprog(method=
    "highs")` runs); the red-team tests solve the same programs with `linprog` itself."""

    def __init__(self, state: State, members: list[int]):
        program = state.program
        self.program = program
        self.members = members
        self.column = {u: i for i, u in enumerate(members)}
        positions = sorted({p for u in members for p in program.touching[u]})
        rows, columns, values, constants = [], [], [], []
        for row, position in enumerate(positions):
            constant = 0.0
            for unknown, coefficient in program.relations[position]:
                column = self.column.get(unknown)
                if column is None:
                    # Outside the block means known exactly: a constant.
                    constant -= coefficient * state.bounds(unknown)[0]
                else:
                    rows.append(row)
                    columns.append(column)
                    values.append(float(coefficient))
            constants.append(constant)
        matrix = coo_matrix((values, (rows, columns)), shape=(len(positions), len(members)))
        matrix = matrix.tocsc()
        bounds = np.array([state.bounds(u) for u in members], dtype=float)
        self.lower, self.upper = bounds[:, 0].copy(), bounds[:, 1].copy()
        lp = highs.HighsLp()
        lp.num_col_, lp.num_row_ = len(members), len(positions)
        lp.col_cost_ = np.zeros(len(members))
        lp.col_lower_, lp.col_upper_ = self.lower, self._finite(self.upper)
        lp.row_lower_ = lp.row_upper_ = np.array(constants, dtype=float)
        lp.a_matrix_.format_ = highs.MatrixFormat.kColwise
        lp.a_matrix_.start_ = matrix.indptr
        lp.a_matrix_.index_ = matrix.indices
        lp.a_matrix_.value_ = matrix.data
        self.upper_finite = self._finite(self.upper)
        self.raw = np.array([program.raw[u] for u in members], dtype=float)
        self._insiders: dict[str, np.ndarray] = {}
        self.highs = highs._Highs()
        self.highs.setOptionValue("output_flag", False)
        # Blocks are small and solved again and again from the last basis: presolving each
        # time costs more than it saves.
        self.highs.setOptionValue("presolve", "off")
        self.highs.passModel(lp)
        self.solved = 0

    def _run(self):
        solver = self.highs
        solver.run()
        status = solver.getModelStatus()
        if status not in SETTLED:
            # A warm start can stall on a degenerate block (HiGHS says "Unknown"): the same
            # program solved from scratch, presolved, settles it.
            solver.clearSolver()
            solver.setOptionValue("presolve", "on")
            solver.run()
            solver.setOptionValue("presolve", "off")
            status = solver.getModelStatus()
        return status

    @staticmethod
    def _finite(values: np.ndarray) -> np.ndarray:
        return np.where(np.isinf(values), highs.kHighsInf, values)

    def extreme(self, target: int, *, maximise: bool, insider: str | None = None) -> float:
        solver, column = self.highs, self.column[target]
        fixed = self._insider_columns(insider) if insider is not None else None
        if fixed is not None:
            raw = self.raw[fixed]
            solver.changeColsBounds(len(fixed), fixed, raw, raw)
        solver.changeColCost(column, -1.0 if maximise else 1.0)
        status = self._run()
        value = solver.getInfo().objective_function_value
        solver.changeColCost(column, 0.0)
        if fixed is not None:
            solver.changeColsBounds(len(fixed), fixed, self.lower[fixed], self.upper_finite[fixed])
        self.solved += 1
        if status in UNBOUNDED:
            # Nothing caps the cell (the truth is a feasible point, so it is not infeasible).
            return math.inf if maximise else -math.inf
        if status != highs.HighsModelStatus.kOptimal:
            raise RuntimeError(
                f"attacker's program not solved: {solver.modelStatusToString(status)}"
            )
        return -value if maximise else value

    def witness(self) -> tuple[dict[int, int], np.ndarray]:
        """The last solution: a point the attacker cannot rule out."""
        return self.column, np.array(self.highs.getSolution().col_value)

    def holds(self, witness, territory: str) -> bool:
        """Whether `witness` has every cell of `territory` at its true value."""
        fixed = self._insider_columns(territory)
        return bool(np.all(np.abs(witness[1][fixed] - self.raw[fixed]) <= TOLERANCE))

    def _insider_columns(self, territory: str) -> np.ndarray:
        found = self._insiders.get(territory)
        if found is None:
            territories = self.program.territories
            found = self._insiders[territory] = np.array(
                [c for u, c in self.column.items() if territories[u] == territory], dtype=np.int32
            )
        return found
