"""bin/run's time to first answer on a fresh checkout, the install excluded.

    python bench/first_answer.py [--port 8765] [--keep]

Clones the repository's committed HEAD into a scratch directory, runs bin/install there
(timed, but not counted), then starts bin/run and times it until /accounts/login/ answers
200, and on until its first release is published (the audit runs in the background, after
the server answers). bin/run's own re-install (everything already there) is counted.
Not part of `python -m bench`: it clones and installs, which takes minutes.

Target (issue 16): the first answer within 90 s of the end of the install, on a quiet 2-core
machine. The load average is recorded with the figures: the machines here are shared.
"""

import argparse
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import itertools

from bench.common import ROOT, record


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own server
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f} (1 min), {five:.2f} (5 min)"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--keep", action="store_true", help="keep the scratch checkout")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="first-answer-"))
    checkout = scratch / "checkout"
    try:
        subprocess.run(["git", "clone", "-q", str(ROOT), str(checkout)], check=True)
        started = time.perf_counter()
        subprocess.run(["bin/install"], cwd=checkout, check=True)
        install = time.perf_counter() - started
        load_before = _load()

        env = {**os.environ, "PORT": str(args.port)}
        for name in ("DATABASE_URL", "CELERY_BROKER_URL", "VIRTUAL_ENV"):
            env.pop(name, None)
        lines: list[tuple[float, str]] = []
        started = time.perf_counter()
        server = subprocess.Popen(
            ["bin/run"], cwd=checkout, env=env, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, start_new_session=True,
        )  # fmt: skip

        def read() -> None:
            for line in server.stdout:
                lines.append((time.perf_counter() - started, line.rstrip()))
                print(f"{lines[-1][0]:7.1f} s  {lines[-1][1]}", flush=True)

        threading.Thread(target=read, daemon=True).start()
        url = f"http://127.0.0.1:{args.port}/accounts/login/"
        first_answer = published = None
        while time.perf_counter() - started < args.timeout and server.poll() is None:
            if first_answer is None and _answers(url):
                first_answer = time.perf_counter() - started
                load_at_answer = _load()
            if any("Release 1: published" in line for _, line in lines):
                published = next(t for t, line in lines if "Release 1: published" in line)
                break
            time.sleep(0.5)
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        if first_answer is None:
            sys.exit(f"bin/run never answered 200 at {url}")
        warnings = [line for _, line in lines if "warning" in line.lower()]
        gaps = [b - a for (a, _), (b, _) in itertools.pairwise(lines)]
        record(
            "bin/run's first answer on a fresh checkout (bench/first_answer.py)",
            [
                ("install (excluded), fresh checkout", f"{install:.1f} s", "—", "—", "—"),
                (
                    f"bin/run to first 200 of /accounts/login/ ({load_before}; at the "
                    f"answer {load_at_answer})",
                    f"{first_answer:.1f} s", "—", "—", "≤ 90 s on a quiet 2-core machine",
                ),
                (
                    "bin/run to release 1 published (audited in the background)",
                    f"{published:.1f} s" if published else "not within the timeout",
                    "—", "—", "—",
                ),
                (
                    "longest silence in bin/run's output before the end",
                    f"{max(gaps, default=0):.1f} s", "—", "—", "a line every few seconds",
                ),
                ("warnings printed", f"{len(warnings)}", "—", "—", "0"),
            ],
        )  # fmt: skip
        print(f"Python {platform.python_version()}")
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
