"""Aggregation speed and memory on PostgreSQL.

    python bench/aggregate.py [--cases N]

- full run of all tables, against the raw GROUP BY at the finest grain over the same rows
  (target: at most 1.5x);
- an incremental run after one case changes (target: at most 0.05x the full run and
  100 ms);
- the memory the run adds to the process running it (target: at most 100 MB).
"""

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import Timer, record, scratch_database

REPEATS = 5


class StatementTimer:
    """Database time: every statement of the connection timed, from sending it to its result
    (a run of a few partitions uses no other connection)."""

    def __enter__(self):
        from django.db import connection

        self.seconds = 0.0
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)


def raw_group_by() -> float:
    """The baseline: each unit's finest-grain GROUP BY, computed in the database (counted,
    not fetched, as the run keeps its results in the database too)."""
    from django.db import connection

    from casework.models import Status
    from reporting.sources import counting, literal, year_of
    from reporting.tables import UNITS

    with Timer() as timer, connection.cursor() as cursor:
        for unit in UNITS:
            count = counting(unit)
            columns = ", ".join(f"{expr} AS {name}" for name, expr in count.dimensions.items())
            year = year_of(count.month)
            positions = ", ".join(str(i) for i in range(1, len(count.dimensions) + 3))
            condition = f" AND {count.condition}" if count.condition else ""
            cursor.execute(
                f"SELECT COUNT(*) FROM (SELECT c.territory, {year}"
                f"{', ' + columns if columns else ''}, {count.measure} "
                f"FROM {count.rows} WHERE c.status = {literal(Status.VALIDATED)} "
                f"AND c.case_type = %s{condition} GROUP BY {positions}) AS fine",
                [unit.case_type],
            )
            cursor.fetchall()
    return timer.seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    cases = parser.parse_args().cases
    with scratch_database("aggregate"):
        from casework.demo.seed import seed_demo
        from casework.models import Case
        from reporting.models import AggregationRun
        from reporting.partitions import partition_mark_dirty
        from reporting.runs import aggregation_run

        seeded = seed_demo(cases=cases, seed=1)
        print(f"seeded {cases:,} cases in {seeded.seconds:.1f} s")

        idle = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        baseline = min(raw_group_by() for _ in range(2))
        with Timer() as full:
            aggregation_run(run_id=AggregationRun.objects.create(full=True).pk)
        grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - idle) / 1024

        # One case changes: its partition is marked, and the incremental run recomputes it.
        # Five times (five cases), the median reported: the machine is noisy.
        walls, databases = [], []
        for case in Case.objects.filter(status="validated").order_by("pk")[:REPEATS]:
            Case.objects.filter(pk=case.pk).update(status="withdrawn", status_reason="bench")
            partition_mark_dirty(case=case)
            with StatementTimer() as statements, Timer() as incremental:
                aggregation_run(run_id=AggregationRun.objects.create().pk)
            walls.append(incremental.seconds)
            databases.append(statements.seconds)
        wall, database = statistics.median(walls), statistics.median(databases)

        record(
            f"Aggregation over {cases:,} cases (bench/aggregate.py)",
            [
                (
                    "full run, all tables",
                    f"{full.seconds:.2f} s",
                    f"raw GROUP BY {baseline:.2f} s",
                    f"{full.seconds / baseline:.2f}x",
                    "≤ 1.5x",
                ),
                (
                    f"incremental run after one change (median of {REPEATS})",
                    f"{wall * 1000:.0f} ms ({database * 1000:.0f} ms database, "
                    f"at most {max(databases) * 1000:.0f})",
                    f"full run {full.seconds:.2f} s",
                    f"{wall / full.seconds:.3f}x",
                    "≤ 0.05x and ≤ 100 ms",
                ),
                (
                    "memory added by a full run",
                    f"{grown_mb:.1f} MB",
                    f"idle process {idle / 1024:.0f} MB",
                    f"+{grown_mb:.1f} MB",
                    "≤ 100 MB",
                ),
            ],
        )


if __name__ == "__main__":
    main()
