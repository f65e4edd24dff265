"""Import speed: a 100,000-row CSV, checked and loaded all or nothing, against COPY.

    python bench/import.py [--rows N]

Baseline: `COPY` of the same rows into a bare table of the same columns, in the same run:
a durable table, as the import's are (a temporary one, neither logged nor synced, is shown
beside it). Target (QUALITY.md): at least 0.05x COPY, about 30,000 rows/s here.
"""

import argparse
import random
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import Timer, record, scratch_database

REPEATS = 3
HEADER = (
    "external_id,identified_month,sex,age_group,citizenship,victim_status,exploitation,"
    "country_of_exploitation,identified_by,recruitment,assistance"
)


def trafficking_csv(rows: int, seed: int = 1) -> str:
    pick = random.Random(seed).choice
    lines = [HEADER]
    for n in range(rows):
        lines.append(
            ",".join(
                (
                    f"B{seed}-{n}",
                    f"{pick(range(2009, 2014))}-{pick(range(1, 13)):02d}",
                    pick(["female", "female", "male", "unknown"]),
                    pick(["9-17", "18-20", "21-23", "24-26", "30-38", "unknown"]),
                    pick(["RS", "AL", "BA", "XK", "ME", "MK", "UA", "NG"]),
                    pick(["presumed", "identified"]),
                    pick(["sexual", "forced_labour", "sexual|forced_labour", "begging"]),
                    pick(["RS", "DE", "IT", "UNK"]),
                    pick(["police", "ngo", "social_services"]),
                    pick(["", "job_offer", "online"]),
                    pick(["", "shelter", "shelter|medical"]),
                )
            )
        )
    return "\r\n".join(lines) + "\r\n"


def copy_baseline(content: str, *, durable: bool) -> float:
    """Seconds to COPY the same rows into a bare table of the same columns (text, no index,
    no check), commit included. Durable, as the tables an import writes into are; or
    temporary, which PostgreSQL neither logs nor syncs, for comparison."""
    from django.db import connection, transaction

    kind = "" if durable else "TEMP "
    columns = ", ".join(f"{c} text" for c in HEADER.split(","))
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE {kind}TABLE copy_baseline ({columns})")
        with Timer() as timer, transaction.atomic():
            statement = "COPY copy_baseline FROM STDIN WITH (FORMAT csv, HEADER true)"
            with cursor.cursor.copy(statement) as copy:
                copy.write(content.encode())
        cursor.execute("DROP TABLE copy_baseline")
    return timer.seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    rows = parser.parse_args().rows
    with scratch_database("import"):
        from accounts.services import user_provision
        from casework.imports.services import import_receive, import_run
        from casework.models import Case

        user = user_provision(
            email="bench@example.org",
            role="caseworker",
            password="a benchmark passphrase",
            territory="RS",
            organisation_name="Bench NGO",
        )
        imports, baselines, temporary = [], [], []
        # Three files, one after the other, into the same tables (the second and third find
        # cases stored already, as a real import does); the medians are reported: the
        # machine is shared and noisy.
        for seed in range(1, REPEATS + 1):
            content = trafficking_csv(rows, seed=seed)
            baselines.append(copy_baseline(content, durable=True))
            temporary.append(copy_baseline(content, durable=False))
            with Timer() as timer:
                job = import_receive(
                    user=user,
                    case_type="trafficking",
                    file_name="bench.csv",
                    content=content.encode(),
                    queue=False,
                )
                job = import_run(import_id=job.pk)
            assert job.status == "succeeded", job.errors[:3]
            imports.append(timer.seconds)
        assert Case.objects.count() == rows * REPEATS
        seconds, baseline = statistics.median(imports), statistics.median(baselines)
        measured, copy_rate = rows / seconds, rows / baseline
        record(
            f"Import of a {rows:,}-row CSV (bench/import.py)",
            [
                (
                    f"import, checked, all or nothing (median of {REPEATS})",
                    f"{measured:,.0f} rows/s ({seconds:.2f} s; "
                    + ", ".join(f"{t:.2f}" for t in imports)
                    + ")",
                    f"COPY into a table {copy_rate:,.0f} rows/s ({baseline:.2f} s; into a "
                    f"temporary one {rows / statistics.median(temporary):,.0f} rows/s)",
                    f"{measured / copy_rate:.3f}x (against the temporary table "
                    f"{statistics.median(temporary) / seconds:.3f}x)",
                    "≥ 0.05x, ~30,000 rows/s",
                )
            ],
        )


if __name__ == "__main__":
    main()
