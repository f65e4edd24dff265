"""A coordinator validating a whole import: a 100,000-row import's cases, against COPY.

    python bench/validate.py [--rows N]

Each file is imported first (not timed), then its import validated as the API does
(`import_validate`: one UPDATE of the cases, their audit events and dirty marks, commit
included). Baseline: `COPY` of the same rows into a durable bare table of the same columns,
in the same run, as bench/import.py measures it. Target (QUALITY.md): at least 0.02x COPY.
"""

import argparse
import importlib
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import Timer, record, scratch_database

REPEATS = 3


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    rows = parser.parse_args().rows
    imports = importlib.import_module("bench.import")  # "import" is a keyword
    with scratch_database("validate"):
        from accounts.services import user_provision
        from audit.models import Action, AuditEvent
        from casework.imports.services import import_receive, import_run, import_validate
        from casework.models import Case
        from reporting.models import DirtyPartition

        caseworker = user_provision(
            email="bench@example.org",
            role="caseworker",
            password="a benchmark passphrase",
            territory="RS",
            organisation_name="Bench NGO",
        )
        coordinator = user_provision(
            email="coordinator@example.org",
            role="national_coordinator",
            password="a benchmark passphrase",
            territory="RS",
        )
        validations, baselines = [], []
        # Three files into the same tables, each validated once its import has landed (the
        # second and third find cases stored and validated already); medians are reported.
        for seed in range(1, REPEATS + 1):
            content = imports.trafficking_csv(rows, seed=seed)
            baselines.append(imports.copy_baseline(content, durable=True))
            job = import_receive(
                user=caseworker,
                case_type="trafficking",
                file_name="bench.csv",
                content=content.encode(),
                queue=False,
            )
            job = import_run(import_id=job.pk)
            assert job.status == "succeeded", job.errors[:3]
            DirtyPartition.objects.all().delete()  # as after the run that followed the import
            with Timer() as timer:
                validated = import_validate(user=coordinator, import_id=job.pk)
            assert validated == rows, validated
            validations.append(timer.seconds)
            assert import_validate(user=coordinator, import_id=job.pk) == 0
            assert DirtyPartition.objects.exists()
        assert Case.objects.filter(status="validated").count() == rows * REPEATS
        assert AuditEvent.objects.filter(action=Action.CASE_VALIDATED).count() == rows * REPEATS
        seconds, baseline = statistics.median(validations), statistics.median(baselines)
        measured, copy_rate = rows / seconds, rows / baseline
        record(
            f"A coordinator validating a {rows:,}-row import (bench/validate.py)",
            [
                (
                    f"import_validate, cases, audit events and dirty marks (median of {REPEATS})",
                    f"{measured:,.0f} cases/s ({seconds:.2f} s; "
                    + ", ".join(f"{t:.2f}" for t in validations)
                    + ")",
                    f"COPY into a table {copy_rate:,.0f} rows/s ({baseline:.2f} s)",
                    f"{measured / copy_rate:.3f}x",
                    "≥ 0.02x",
                )
            ],
        )


if __name__ == "__main__":
    main()
