"""The application and a Celery worker as subprocesses, on the fault tests' own servers.

    url = postgres.create_database("t1", template=migrated)   # a migrated copy, in ~0.1 s
    env = application_env(database_url=url, broker_url=redis.url(0))
    with Application(env=env) as app, Worker(env=env) as worker:
        app.get("/api/v1/me/", token=...)

Everything runs as in production (gunicorn, a prefork worker, DEBUG off) except the
development secrets and static files from the apps' folders, so no collectstatic is needed.
"""

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from celery import Celery
from celery.backends.redis import RedisBackend
from celery.result import AsyncResult
from django.conf import settings

from tests.faults.servers import free_port, wait_until

ROOT = Path(__file__).resolve().parents[2]


def application_env(*, database_url: str, broker_url: str = "", **extra: str) -> dict[str, str]:
    """The environment of a server or worker on the given database and broker: the test
    process's keys (so pseudonyms agree), the tests' queue, and `extra` on top."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_ENV": "development",
        "DJANGO_DEBUG": "false",
        "SECRET_KEY": settings.SECRET_KEY,
        "PSEUDONYM_KEY": settings.PSEUDONYM_KEY,
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker_url,
        "CELERY_TASK_DEFAULT_QUEUE": f"faults-{uuid.uuid4().hex[:8]}",
        "SECOND_FACTOR_REQUIRED": "false",
        **extra,
    }


def manage(*args: str, env: dict[str, str], timeout: float = 300) -> str:
    """`manage.py <args>` in a subprocess; its standard output."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{result.stderr[-4000:]}")
    return result.stdout


def migrate(*, database_url: str) -> None:
    manage("migrate", "--noinput", "-v", "0", env=application_env(database_url=database_url))


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    def json(self):
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode()


@dataclass
class Application:
    """gunicorn serving config.wsgi on a free port (`workers` sync workers, the README's
    production command, with its default 30 s worker timeout)."""

    env: dict[str, str]
    workers: int = 1
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    def start(self) -> "Application":
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", str(self.workers),
             "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning"],
            cwd=ROOT, env=self.env,
        )  # fmt: skip
        if not wait_until(self._answers, seconds=60, step=0.2):
            self.stop()
            raise RuntimeError("gunicorn did not answer within 60 s")
        return self

    def _answers(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
        try:
            self.get("/accounts/login/", timeout=2)
        except OSError:
            return False
        return True

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def get(
        self,
        path: str,
        *,
        token: str | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 60,
    ) -> Answer:
        """A GET; any HTTP status is an answer (OSError if none came within `timeout`)."""
        sent = dict(headers or {})
        if token:
            sent["Authorization"] = f"Token {token}"
        request = urllib.request.Request(self.url(path), headers=sent)  # noqa: S310 (http only)
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                status, answer_headers, body = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, answer_headers, body = error.code, error.headers, error.read()
        return Answer(status, dict(answer_headers.items()), body, time.monotonic() - started)

    def stop(self) -> None:
        _stop(self.process)

    def __enter__(self) -> "Application":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


@dataclass
class Worker:
    """A prefork Celery worker on the env's broker and queue (as tests/worker.py, but on
    the fault tests' own servers)."""

    env: dict[str, str]
    concurrency: int = 1
    hostname: str = field(default_factory=lambda: f"faults-{uuid.uuid4().hex[:8]}@localhost")
    process: subprocess.Popen | None = None

    def start(self) -> "Worker":
        queue = self.env["CELERY_TASK_DEFAULT_QUEUE"]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork",
             f"--concurrency={self.concurrency}", "-Q", queue, "-n", self.hostname,
             "--without-gossip", "--without-mingle", "--loglevel=WARNING"],
            cwd=ROOT, env=self.env,
        )  # fmt: skip
        if not wait_until(self.answers_ping, seconds=60, step=0):
            self.stop()
            raise RuntimeError("The Celery worker did not answer within 60 s.")
        return self

    @property
    def broker_url(self) -> str:
        return self.env["CELERY_BROKER_URL"]

    def client(self) -> Celery:
        """A Celery app on this worker's broker. The read and write URLs are set, since
        Celery prefers a CELERY_BROKER_URL in this process's environment (the shared broker,
        in CI) to a configured broker_url."""
        client = Celery(set_as_current=False)
        client.conf.broker_read_url = client.conf.broker_write_url = self.broker_url
        return client

    def answers_ping(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(f"The Celery worker exited with {self.process.returncode}.")
        client = self.client()
        try:
            return bool(client.control.ping(destination=[self.hostname], timeout=0.5))
        except OSError:
            time.sleep(0.5)
            return False
        finally:
            client.close()

    def run_task(self, name: str, *args, timeout: float = 30):
        """Send the task `name` to this worker's queue and wait for its result."""
        client = self.client()
        try:
            sent = client.send_task(name, args, queue=self.env["CELERY_TASK_DEFAULT_QUEUE"])
            backend = RedisBackend(app=client, url=self.broker_url)
            return AsyncResult(sent.id, backend=backend, app=client).get(timeout=timeout)
        finally:
            client.close()

    def child_pids(self) -> list[int]:
        """The prefork pool's children: the processes that actually run tasks."""
        pid = self.process.pid
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]

    def kill(self) -> None:
        """The whole worker killed at once, main process and children."""
        children = self.child_pids()
        self.process.kill()
        self.process.wait()
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGKILL)

    def stop(self) -> None:
        _stop(self.process)

    def __enter__(self) -> "Worker":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
