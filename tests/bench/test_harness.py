import os
import subprocess
import sys

import pytest

from bench.__main__ import BENCHMARKS
from bench.common import ROOT

pytestmark = pytest.mark.postgresql  # the benchmarks measure PostgreSQL


def test_every_benchmark_runs_at_a_tiny_size_and_reports_figures_against_its_baseline():
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--tiny"],
        cwd=ROOT,
        env={**os.environ, "BENCH_NO_RECORD": "1"},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    tables = result.stdout.split("\n### ")[1:]
    assert len(tables) == len(BENCHMARKS)
    for table in tables:
        # The header is the first line that starts "| " (the separator starts "|-").
        rows = [line for line in table.splitlines() if line.startswith("| ")][1:]
        assert rows, table
        for row in rows:
            what, measured, baseline, ratio, target = (c.strip() for c in row.strip("|").split("|"))
            assert what and target and _has_figure(measured), row
            if baseline != "—":  # a figure measured in the same run, and the ratio to it
                assert _has_figure(baseline) and _has_figure(ratio), row


def _has_figure(text: str) -> bool:
    return any(ch.isdigit() for ch in text)
