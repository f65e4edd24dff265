"""Every benchmark of QUALITY.md's performance table, one after another:

    python -m bench [--tiny] [--only seed,aggregate,import,validate,duplicates,api,audit]

Each runs in a process of its own, on a scratch PostgreSQL database it creates and drops
(`BENCH_DATABASE_URL`, default the local server), measures its baseline in the same run, and
appends its table to bench/RESULTS.md (not with BENCH_NO_RECORD=1). `--tiny` runs each at a
size that takes seconds: the test suite does, so the harness never rots.

`bench/first_answer.py` (bin/run's time to its first answer on a fresh checkout) is run on
its own: it clones the repository and installs it, which no tiny size can spare.
"""

import argparse
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent

# (benchmark, full-size arguments, tiny arguments)
BENCHMARKS = [
    ("seed", ["--cases", "1000000"], ["--cases", "2000"]),
    ("aggregate", ["--cases", "1000000"], ["--cases", "2000"]),
    ("import", ["--rows", "100000"], ["--rows", "200"]),
    ("validate", ["--rows", "100000"], ["--rows", "200"]),
    ("duplicates", ["--megabytes", "20"], ["--megabytes", "0.05"]),
    ("api", ["--cases", "1000000"], ["--cases", "40", "--seconds", "1", "--load-seconds", "2"]),
    # Tiny: 40 cases, where the release's audit is quick (zeros are published, not audited).
    ("audit", ["--cases", "100000"], ["--cases", "40", "--tau-tables", "1"]),
]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--tiny", action="store_true", help="every benchmark at a tiny size")
    parser.add_argument("--only", default="", help="a comma-separated list of benchmarks")
    args = parser.parse_args()
    chosen = set(args.only.split(",")) - {""}
    unknown = chosen - {name for name, *_ in BENCHMARKS}
    if unknown:
        parser.error(f"unknown benchmarks: {', '.join(sorted(unknown))}")
    failed = []
    for name, full, tiny in BENCHMARKS:
        if chosen and name not in chosen:
            continue
        print(f"== bench/{name}.py", flush=True)
        arguments = tiny if args.tiny else full
        if subprocess.run([sys.executable, str(BENCH / f"{name}.py"), *arguments]).returncode:
            failed.append(name)
    if failed:
        sys.exit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
