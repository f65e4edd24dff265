"""The audited release of a full data set, on PostgreSQL.

    python bench/audit.py [--cases N] [--tau-tables N]

- seeds `seed_demo --cases N` (no release: the one timed here is the first);
- aggregates, then publishes a release: the attacker's program over every table, insiders
  included, repaired until every sensitive cell passes (target: at most 5 minutes);
- re-audits it from the database (`audit_release`);
- counts the cells it suppresses against the simple rule it replaced (target: at most 3x);
- cross-checks a few territory × category tables against tau-ARGUS's engine (pytauargus,
  frequency rule, optimal suppression): how many cells each suppresses, and whether
  tau-ARGUS's pattern survives our attacker (tau-ARGUS knows no insiders and no WB6 sharing
  between tables).
"""

import argparse
import contextlib
import copy
import sys
import tempfile
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import Timer, record, scratch_database

K = 5


def seed(cases: int) -> str:
    from django.core.management import call_command

    call_command("seed_demo", cases=cases, no_release=True, stdout=StringIO())
    return f"seed_demo --cases {cases}"


def tau_argus(cells) -> set[tuple]:
    """The keys tau-ARGUS suppresses in one table-year (territories × categories with their
    totals), frequency rule k, optimal suppression, from microdata of one row a unit."""
    from pytauargus import protect

    from accounts.territories import REGION
    from reporting.tables import TOTAL

    parts = [c for c in cells if c.territory != REGION and c.category != TOTAL]
    rows = {"territory": [], "category": [], "units": []}
    for cell in parts:
        for _ in range(cell.value):
            rows["territory"].append(cell.territory)
            rows["category"].append(cell.category)
            rows["units"].append(1.0)
    # The engine writes its logs into the working directory: keep them in the scratch one.
    with tempfile.TemporaryDirectory() as workdir, contextlib.chdir(workdir):
        result = protect(
            rows,
            ["territory", "category"],
            response="units",
            safety_rules=f"FREQ({K},0)",
            suppress="OPT(1)",
            workdir=workdir,
        )
        table = result.tables[0]
        statuses = table.status()
        frame = table.dataframe()
    # tau-ARGUS pads codes to the longest of their variable (" AF" beside "UNK").
    by_position = {}
    for row, status in zip(frame, statuses, strict=True):
        territory, category = row["territory"].strip(), row["category"].strip()
        territory = REGION if territory == "Total" else territory
        by_position[(territory, TOTAL if category == "Total" else category)] = status
    return {c.key for c in cells if by_position.get((c.territory, c.category)) in ("U", "M", "D")}


def audited_alone(cells):
    """Our audit of one table-year on its own, and whether a given pattern passes it."""
    from reporting.disclosure import apply_policy

    published = copy.deepcopy(cells)
    outcome, _ = apply_policy(published, threshold=K, rounding_base=1)
    return {c.key for c in published if c.value is None}, outcome.passed


def passes(cells, suppressed: set[tuple]) -> tuple[int, int, int]:
    """(failing, failing for an outsider, sensitive) under our attacker for a pattern."""
    from reporting.attacker import Auditor, Program, State
    from reporting.disclosure import model, shown

    program = Program()
    raw = [c.value for c in cells]
    unknowns = model(program, cells, raw, threshold=K)
    state = State(program, {u: shown(r, 1) for u, r in zip(unknowns, raw, strict=True)})
    state.hide(u for c, u in zip(cells, unknowns, strict=True) if c.key in suppressed)
    verdicts = Auditor(state).certify(sorted(program.thresholds))
    outsiders = sum(1 for v in verdicts.values() if v.maximum < v.threshold - 1e-6)
    return sum(1 for v in verdicts.values() if not v.passed), outsiders, len(verdicts)


def cross_check(release, tables: int) -> list[tuple[str, str, str, str, str]]:
    from reporting.cells import all_internal_cells
    from reporting.tables import TABLES

    rows = []
    # The territory × category table-years with the most sensitive cells.
    candidates = []
    for table in TABLES:
        if table.breakdown is None or table.sex_age:
            continue
        cells = all_internal_cells([table])
        for year in sorted({c.year for c in cells}):
            of_year = [c for c in cells if c.year == year]
            sensitive = sum(1 for c in of_year if 0 < c.value < K)
            candidates.append((sensitive, table.id, year, of_year))
    candidates.sort(key=lambda found: (-found[0], found[1], found[2]))
    for _sensitive, table_id, year, cells in candidates[:tables]:
        with Timer() as ours_time:
            ours, _passed = audited_alone(cells)
        with Timer() as tau_time:
            theirs = tau_argus(cells)
        failing, outsiders, sensitive = passes(cells, theirs)
        rows.append(
            (
                f"{table_id} {year} ({len(cells)} cells, {sensitive} sensitive)",
                f"ours {len(ours)} suppressed ({ours_time.seconds:.2f} s)",
                f"tau-ARGUS {len(theirs)} ({tau_time.seconds:.2f} s)",
                f"{len(ours) / max(len(theirs), 1):.2f}x; tau-ARGUS's pattern fails "
                f"{failing} of {sensitive} under our attacker ({outsiders} to an outsider)",
                "cross-check",
            )
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--tau-tables", type=int, default=3)
    options = parser.parse_args()
    with scratch_database("audit"):
        from django.core.management import call_command

        from accounts.demo import demo_user
        from reporting.cells import all_internal_cells
        from reporting.models import AggregationRun, Release
        from reporting.releases import release_start
        from reporting.runs import aggregation_run
        from reporting.tables import TABLES
        from tests.reporting.simple_rule import simple_rule

        with Timer() as seeding:
            source = seed(options.cases)
        print(f"seeded ({source}) in {seeding.seconds:.1f} s")
        aggregation_run(run_id=AggregationRun.objects.create(full=True).pk)
        cells = all_internal_cells(TABLES)
        simple = len(simple_rule(cells, threshold=K))

        with Timer() as publishing:
            release = release_start(user=demo_user("regional"), threshold=K)
        release = Release.objects.get(pk=release.pk)
        if release.status != Release.State.PUBLISHED:
            failing = [e for e in release.certificate["sensitive_cells"] if not e["passed"]]
            sys.exit(f"release {release.status}: {len(failing)} cells fail, e.g. {failing[:5]}")
        certificate = release.certificate
        audited = certificate["suppressed"]
        sensitive = len(certificate["sensitive_cells"])

        with Timer() as reauditing:
            call_command("audit_release", release.number, stdout=StringIO())

        rows = [
            (
                f"publish a release: audit and repair ({certificate['cells']:,} cells, "
                f"{sensitive:,} sensitive, {certificate['constraints']['unknowns']:,} unknowns)",
                f"{publishing.seconds:.1f} s (audit {certificate['seconds']:.1f} s, "
                f"{certificate['programs_solved']:,} programs, "
                f"{certificate['repair']['rounds']} rounds)",
                "—",
                "—",
                "≤ 5 min",
            ),
            (
                "manage.py audit_release (re-audit from the database)",
                f"{reauditing.seconds:.1f} s",
                "—",
                "—",
                "agrees with the certificate",
            ),
            (
                "cells suppressed, audited vs the simple rule",
                f"{audited:,}",
                f"simple rule {simple:,}",
                f"{audited / max(simple, 1):.2f}x",
                "≤ 3x",
            ),
        ]
        rows += cross_check(release, options.tau_tables)
        record(f"Audited release of {source} (bench/audit.py)", rows)


if __name__ == "__main__":
    main()
