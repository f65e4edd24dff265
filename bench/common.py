"""What every benchmark shares: a scratch PostgreSQL database, the machine, the results file.

A benchmark runs against a database of its own, created and dropped here, so it never
touches data that matters. Results are appended to bench/RESULTS.md with the date and the
machine, since the machines are shared and noisy and only ratios compare across runs.
"""

import datetime
import os
import platform
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"


def server_url() -> str:
    """The PostgreSQL server to benchmark on (its database name, if any, is ignored)."""
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or ""
    if not url.startswith("postgres"):
        url = DEFAULT_SERVER
    return url.rsplit("/", 1)[0] if url.count("/") > 2 else url


def _psql(server: str, sql: str) -> None:
    subprocess.run(["psql", f"{server}/postgres", "-q", "-c", sql], check=True)


@contextmanager
def fresh_database(name: str):
    """An empty database of its own for one benchmark (its URL), dropped afterwards."""
    server = server_url()
    database = f"bench_{name}_{os.getpid()}"
    _psql(server, f"DROP DATABASE IF EXISTS {database}")
    _psql(server, f"CREATE DATABASE {database}")
    try:
        yield f"{server}/{database}"
    finally:
        _psql(server, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


@contextmanager
def scratch_database(name: str):
    """A fresh database for one benchmark, migrated, with Django set up on it."""
    with fresh_database(name) as url:
        os.environ["DATABASE_URL"] = url
        os.environ.pop("CELERY_BROKER_URL", None)  # tasks run in-process during a benchmark
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0)
        try:
            yield
        finally:
            connections.close_all()


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    postgres = subprocess.run(
        ["psql", f"{server_url()}/postgres", "-A", "-t", "-c", "SHOW server_version"],
        capture_output=True, text=True, check=True,
    ).stdout.split()[0]  # fmt: skip
    return (
        f"{cpu}, {os.cpu_count()} cores, PostgreSQL {postgres}, Python {platform.python_version()}"
    )


class Timer:
    def __enter__(self):
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.started


def record(benchmark: str, rows: list[tuple[str, str, str, str, str]]) -> None:
    """Print and append a result table: (what, measured, baseline, ratio, target)."""
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"\n### {benchmark}, {stamp}\n",
        f"Machine: {machine()}\n",
        "| what | measured | baseline | ratio | target |",
        "|---|---|---|---|---|",
        *[f"| {' | '.join(row)} |" for row in rows],
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if os.environ.get("BENCH_NO_RECORD") != "1":
        with RESULTS.open("a") as results:
            results.write(text)
