"""seed_demo's speed and determinism: the command run twice with one seed, each time into a
fresh database, timed by the command itself (writing the cases), counts compared.

    python bench/seed.py [--cases N]

Target (QUALITY.md): 1,000,000 cases written in ≤ 60 s.
"""

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, fresh_database, record

# What must come out the same twice: every table the seeding writes, counted by its codes.
COUNTS = """
SELECT 'cases ' || case_type || ' ' || status || ' ' || territory || ' '
       || EXTRACT(YEAR FROM month), COUNT(*)
FROM casework_case GROUP BY 1
UNION ALL SELECT 'victims ' || sex || ' ' || age_group || ' ' || exploitation_category, COUNT(*)
FROM casework_traffickingvictim GROUP BY 1
UNION ALL SELECT 'migrants ' || citizenship || ' ' || sex, COUNT(*)
FROM casework_smuggledmigrant GROUP BY 1
UNION ALL SELECT 'facilitators ' || citizenship, COUNT(*) FROM casework_facilitator GROUP BY 1
UNION ALL SELECT 'returnees ' || returning_state || ' ' || returnee_category, COUNT(*)
FROM casework_returnee GROUP BY 1
ORDER BY 1
"""


def _manage(url: str, *args: str) -> str:
    env = {**os.environ, "DATABASE_URL": url}
    env.pop("CELERY_BROKER_URL", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip


def seed_once(cases: int) -> tuple[float, str]:
    """Seconds the command took to write the cases, and the counts it left."""
    with fresh_database("seed") as url:
        _manage(url, "migrate", "--verbosity", "0")
        out = _manage(url, "seed_demo", "--cases", str(cases), "--seed", "1", "--no-release")
        seconds = float(re.search(r"Wrote [\d,]+ cases in ([\d.]+) s", out).group(1))
        counts = subprocess.run(
            ["psql", url, "-A", "-t", "-c", COUNTS], capture_output=True, text=True, check=True
        ).stdout
    return seconds, counts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    cases = parser.parse_args().cases
    (first, counts), (second, again) = seed_once(cases), seed_once(cases)
    if counts != again:
        raise SystemExit("seed_demo with one seed gave different counts")
    record(
        f"seed_demo --cases {cases:,} --seed 1, twice (bench/seed.py)",
        [
            (
                "writing the cases",
                f"{first:.1f} s, then {second:.1f} s; identical counts "
                f"({len(counts.splitlines())} groups)",
                "—",
                "—",
                "≤ 60 s",
            )
        ],
    )


if __name__ == "__main__":
    main()
