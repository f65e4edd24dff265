"""The API under load: gunicorn with 2 workers on loopback, driven by wrk.

    python bench/api.py [--cases N] [--seconds S]

On a region seeded by seed_demo (1,000,000 cases by default), against a trivial DRF view on
the same server with the same authentication (bench/urls.py):
- `GET /api/v1/cases/trafficking/` filtered, 50 a page (target: ≥ 0.1x, p95 ≤ 25 ms);
- `GET /api/v1/statistics/tables/thb_victims/?territory=RS` (target: ≥ 0.3x);
- mixed traffic from 50 concurrent clients (QUALITY.md's load test: no error).
"""

import argparse
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, record, scratch_database

CASE_LIST = (
    "/api/v1/cases/trafficking/?territory=RS&status=submitted&page_size=50"  # a review queue
)
STATISTICS = "/api/v1/statistics/tables/thb_victims/?territory=RS"
MIXED = [
    CASE_LIST,
    "/api/v1/cases/smuggling/?territory=MK&page_size=50",
    "/api/v1/cases/readmission/?returning_state=DE&page_size=20",
    STATISTICS,
    "/api/v1/statistics/tables/som_migrants_citizenship/?territory=WB6",
    "/api/v1/statistics/releases/",
    "/api/v1/me/",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server(port: int) -> subprocess.Popen:
    # One token sends thousands of requests a second: the throttle is counted, never reached.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "API_THROTTLE_USER": "1000000/minute",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/trivial/", timeout=5)
        except urllib.error.HTTPError:  # answered (401: no token): it is up
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def load(port: int, token: str, paths: list[str], *, seconds: int, clients: int) -> dict:
    """wrk against `paths` in turn: requests/s, p95 in ms and errors."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("bench/api.py needs wrk (Debian: apt-get install wrk; bin/install dev)")
    result = subprocess.run(
        [wrk, "-t", "2", "-c", str(clients), "-d", f"{seconds}s", "--timeout", "10s",
         "-H", f"Authorization: Token {token}", "-s", str(ROOT / "bench" / "wrk.lua"),
         f"http://127.0.0.1:{port}", "--", *paths],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    line = next(x for x in result.stdout.splitlines() if x.startswith("RESULT "))
    figures = {key: float(value) for key, value in re.findall(r"(\w+)=([\d.]+)", line)}
    figures["rps"] = figures["requests"] / figures["seconds"]
    figures["errors"] = figures["socket_errors"] + figures["bad_status"]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--load-seconds", type=int, default=60)
    args = parser.parse_args()
    with scratch_database("api"):
        from django.core.management import call_command

        from accounts.demo import demo_user
        from accounts.tokens import api_token_issue

        call_command("seed_demo", cases=args.cases, seed=1, stdout=io.StringIO())
        from django_otp.plugins.otp_totp.models import TOTPDevice

        regional = demo_user("regional")  # a coordinator has an authenticator before a token
        TOTPDevice.objects.create(user=regional, name="bench", confirmed=True)
        token = api_token_issue(user=regional)
        port = _free_port()
        server = _server(port)
        try:
            # One connection per worker: latency is service time, not time in a queue.
            measure = {"seconds": args.seconds, "clients": 2}
            load(port, token, MIXED, seconds=2, clients=2)  # warm: workers loaded, caches filled
            trivial = load(port, token, ["/bench/trivial/"], **measure)
            cases = load(port, token, [CASE_LIST], **measure)
            statistics = load(port, token, [STATISTICS], **measure)
            mixed = load(port, token, MIXED, seconds=args.load_seconds, clients=50)
        finally:
            server.terminate()
            server.wait()
        for name, figures in (("trivial", trivial), ("cases", cases), ("statistics", statistics)):
            if figures["errors"]:
                raise SystemExit(f"{name}: {figures['errors']:.0f} errors under load")
        baseline = f"trivial view {trivial['rps']:,.0f} req/s"
        record(
            f"API under load, {args.cases:,} cases, gunicorn 2 workers (bench/api.py)",
            [
                (
                    "GET cases/trafficking/ filtered, 50 a page",
                    f"{cases['rps']:,.0f} req/s, p95 {cases['p95_ms']:.1f} ms",
                    baseline,
                    f"{cases['rps'] / trivial['rps']:.2f}x",
                    "≥ 0.1x, p95 ≤ 25 ms",
                ),
                (
                    "GET statistics/tables/thb_victims/?territory=RS",
                    f"{statistics['rps']:,.0f} req/s, p95 {statistics['p95_ms']:.1f} ms",
                    baseline,
                    f"{statistics['rps'] / trivial['rps']:.2f}x",
                    "≥ 0.3x",
                ),
                (
                    f"mixed traffic, 50 clients, {args.load_seconds} s",
                    f"{mixed['requests']:,.0f} requests, {mixed['errors']:.0f} errors, "
                    f"p95 {mixed['p95_ms']:.0f} ms",
                    "—",
                    "—",
                    "no error",
                ),
            ],
        )


if __name__ == "__main__":
    main()
