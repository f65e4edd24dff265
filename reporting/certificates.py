"""The audit of a release and its certificate.

A certificate says what the audit proved: the policy, each sensitive cell's interval (what the
strongest attacker cannot rule out: the outsider's minimum and maximum, and the smallest
maximum of any insider), the solver and its version, the earlier releases it was audited
against, and a hash of the attacker's program. The hash is salted with a secret kept in the
certificate: the program holds raw values, and an unsalted hash of a small release could be
matched by guessing them.

Who reads what: the sensitive cells and the salt are for regional coordinators (they read
every raw cell anyway); everyone else reads the rest (`public`), since the list of sensitive
cells would tell which suppressed cells are small.
"""

import hashlib
import math
import secrets
import time
from dataclasses import dataclass

from reporting.attacker import Auditor, Program, State, solver
from reporting.cells import FLAG_CONFIDENTIAL, CellRow
from reporting.disclosure import Outcome, Progress, apply_policy, model, shown
from reporting.ledger import add_ledger
from reporting.models import Release

PRIVATE = ("sensitive_cells", "salt")
# Intervals compared between a certificate and a re-audit: HiGHS's tolerance, rounded.
PRECISION = 6


@dataclass
class Audit:
    program: Program
    unknowns: list[int]
    raw: list[int]
    outcome: Outcome
    seconds: float


def program_of(
    cells: list[CellRow], raw: list[int], release: Release, earlier: list[Release]
) -> tuple[Program, list[int], dict[int, tuple[float, float]]]:
    """The attacker's program for `cells` of `release` (with their raw values), against what
    `earlier` releases published; and what the release shows of each unknown it publishes."""
    program = Program()
    add_ledger(program, earlier)
    unknowns = model(program, cells, raw, threshold=release.threshold)
    shown_of = {u: shown(r, release.rounding_base) for u, r in zip(unknowns, raw, strict=True)}
    return program, unknowns, shown_of


def audit_and_repair(
    cells: list[CellRow], release: Release, earlier: list[Release], progress: Progress | None
) -> Audit:
    """Audit `cells` (raw counts) as `release`, suppressing until every sensitive cell passes;
    when it passes, the cells hold what is published."""
    started = time.perf_counter()
    program = Program()
    add_ledger(program, earlier)
    raw = [cell.value for cell in cells]
    outcome, unknowns = apply_policy(
        cells,
        threshold=release.threshold,
        rounding_base=release.rounding_base,
        program=program,
        progress=progress,
    )
    return Audit(program, unknowns, raw, outcome, time.perf_counter() - started)


def reaudit(release: Release, cells: list[CellRow], raw: list[int], earlier: list[Release]):
    """Audit a release as it was published (its cells' marks), without repairing anything."""
    started = time.perf_counter()
    program, unknowns, shown_of = program_of(cells, raw, release, earlier)
    state = State(program, shown_of)
    # An unknown is hidden only where every cell showing it is (a unit's total published in
    # one table is published).
    shown_somewhere = {
        u for cell, u in zip(cells, unknowns, strict=True) if cell.flag != FLAG_CONFIDENTIAL
    }
    state.hide(set(unknowns) - shown_somewhere)
    auditor = Auditor(state)
    verdicts = auditor.certify(sorted(program.thresholds))
    outcome = Outcome(state=state, verdicts=verdicts, solved=auditor.solved)
    return Audit(program, unknowns, raw, outcome, time.perf_counter() - started)


def constraints_hash(program: Program, state: State, salt: str) -> str:
    """SHA-256 of the attacker's program: every unknown with its bounds and threshold, every
    relation, in an order that does not depend on how the program was built."""
    digest = hashlib.sha256(salt.encode())
    for label, unknown in sorted((label, u) for u, label in enumerate(program.labels)):
        lo, hi = state.bounds(unknown)
        digest.update(f"{label}:{lo!r}:{hi!r}:{program.thresholds.get(unknown, 0)}\n".encode())
    for relation in sorted(
        sorted((program.labels[u], c) for u, c in relation) for relation in program.relations
    ):
        digest.update(f"{relation!r}\n".encode())
    return digest.hexdigest()


def _number(value: float) -> float | None:
    """JSON has no infinity: an unbounded maximum is null."""
    return None if math.isinf(value) else round(value, PRECISION)


def certificate(
    release: Release,
    cells: list[CellRow],
    audit: Audit,
    earlier: list[Release],
    *,
    salt: str | None = None,
) -> dict:
    program, outcome = audit.program, audit.outcome
    salt = salt or secrets.token_hex(16)
    sensitive = []
    for cell, unknown in zip(cells, audit.unknowns, strict=True):
        verdict = outcome.verdicts.get(unknown)
        if verdict is None:
            continue
        sensitive.append(
            {
                "cell": {k: v for k, v in cell.as_dict().items() if k not in ("value", "flag")},
                "interval": [_number(verdict.minimum), _number(verdict.maximum)],
                "insider": verdict.insider,
                "insider_maximum": _number(verdict.insider_maximum),
                "passed": verdict.passed,
            }
        )
    suppressed_unknowns = outcome.state.suppressed & set(audit.unknowns)
    return {
        "passed": outcome.passed,
        "policy": release.policy,
        "solver": solver(),
        "audited_against": [r.number for r in earlier],
        "constraints": {
            "sha256": constraints_hash(program, outcome.state, salt),
            "unknowns": len(program.labels),
            "relations": len(program.relations),
        },
        "tables": len({cell.table for cell in cells}),
        "cells": len(cells),
        "suppressed": sum(
            1 for u in audit.unknowns if u in suppressed_unknowns
        ),  # cells, not unknowns: a shared total counts in each table
        "repair": {
            "rounds": outcome.rounds,
            "withheld_to_protect": outcome.withheld,
            "released_again": outcome.released_again,
        },
        "programs_solved": outcome.solved,
        "seconds": round(audit.seconds, 2),
        "sensitive_cells": sensitive,
        "salt": salt,
    }


def public(certificate: dict) -> dict:
    return {k: v for k, v in certificate.items() if k not in PRIVATE}


def differences(stored: dict, recomputed: dict) -> list[str]:
    """How a re-audit's certificate differs from the stored one (empty: it agrees)."""
    found = []
    for key in ("passed", "policy", "audited_against", "cells", "suppressed"):
        if stored.get(key) != recomputed.get(key):
            found.append(f"{key}: certificate {stored.get(key)!r}, re-audit {recomputed[key]!r}")
    if stored.get("constraints", {}).get("sha256") != recomputed["constraints"]["sha256"]:
        found.append("constraints: the hash differs")

    def intervals(cert):
        return {
            tuple(sorted(entry["cell"].items())): (entry["interval"], entry["insider_maximum"])
            for entry in cert.get("sensitive_cells", [])
        }

    def same(a, b) -> bool:
        if isinstance(a, list | tuple) and isinstance(b, list | tuple):
            return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
        if a is None or b is None:
            return a is b
        return abs(a - b) <= 10**-PRECISION * 10

    before, after = intervals(stored), intervals(recomputed)
    for key in sorted(set(before) | set(after)):
        if not same(before.get(key), after.get(key)):
            cell = " ".join(str(v) for _k, v in key)
            found.append(f"{cell}: certificate {before.get(key)}, re-audit {after.get(key)}")
    return found
