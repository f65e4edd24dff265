"""A PostgreSQL cluster and a Redis server of the tests' own, to break on purpose.

The fault tests stop, pause and restart these; the shared servers (127.0.0.1:5432 and :6379)
are never touched. Each lives in a temporary directory on a free port and is killed, and its
directory removed, when the session ends (tests/faults/conftest.py), even after a failure.
"""

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import weakref
from pathlib import Path

import psycopg


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(condition, *, seconds: float = 30, step: float = 0.1) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


def _postgres_bin() -> Path:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    if not found:
        found = [shutil.which("initdb") or ""]
    if not found[-1]:
        raise RuntimeError("initdb not found (Debian: apt-get install postgresql)")
    return Path(found[-1]).parent


def _children(pid: int) -> list[int]:
    """Every descendant of `pid`, read from /proc (the backends of a postmaster)."""
    found = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except FileNotFoundError:
        return found
    for task in tasks:
        try:
            direct = Path(f"/proc/{pid}/task/{task}/children").read_text().split()
        except FileNotFoundError:
            continue
        for child in map(int, direct):
            found += [child, *_children(child)]
    return found


class TemporaryPostgres:
    """A PostgreSQL cluster made with initdb in a temporary directory, on a free port.

    initdb refuses to run as root, so as root the cluster belongs to the `postgres` user and
    its commands run through runuser. Connections are trusted, on 127.0.0.1 only.
    """

    def __init__(self) -> None:
        self.bin = _postgres_bin()
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="wb-faults-pg-"))
        self.data = self.directory / "data"
        self.log = self.directory / "postgres.log"
        self._as_owner: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.directory, user="postgres", group="postgres")
            self._as_owner = ["runuser", "-u", "postgres", "--"]
        self._finalizer = weakref.finalize(self, _remove, self.directory, self._pg_ctl_stop_cmd())
        self._run(
            "initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "--no-sync",
            "--encoding=UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        # Small and quick: no durability needed, and several clusters may share the machine.
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                "\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                "shared_buffers = 32MB\nmax_connections = 40\n"
                f"listen_addresses = '127.0.0.1'\nunix_socket_directories = '{self.directory}'\n"
            )
        self.start()

    def _run(self, program: str, *args: str) -> None:
        subprocess.run(
            [*self._as_owner, str(self.bin / program), *args],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def _pg_ctl_stop_cmd(self) -> list[str]:
        return [*self._as_owner, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m",
                "immediate", "-w", "stop"]  # fmt: skip

    # --- addresses and databases -------------------------------------------------------
    def url(self, dbname: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{dbname}"

    def connect(self, dbname: str = "postgres", **kwargs) -> psycopg.Connection:
        return psycopg.connect(self.url(dbname), autocommit=True, connect_timeout=5, **kwargs)

    def create_database(self, name: str, *, template: str | None = None) -> str:
        """A new database (a copy of `template` if given); returns its URL."""
        with self.connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            copy = f' TEMPLATE "{template}"' if template else ""
            conn.execute(f'CREATE DATABASE "{name}"{copy}')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        with self.connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    # --- faults ------------------------------------------------------------------------
    def postmaster_pid(self) -> int | None:
        try:
            return int((self.data / "postmaster.pid").read_text().split()[0])
        except (FileNotFoundError, IndexError, ValueError):
            return None

    def pids(self) -> list[int]:
        """The postmaster and every process of the cluster (backends, checkpointer, ...)."""
        postmaster = self.postmaster_pid()
        return [] if postmaster is None else [postmaster, *_children(postmaster)]

    def is_running(self) -> bool:
        try:
            with self.connect():
                return True
        except psycopg.OperationalError:
            return False

    def start(self) -> None:
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", f"-p {self.port}",
            "-w", "-t", "60", "start",
        )  # fmt: skip

    def stop(self) -> None:
        """Stopped at once (`-m immediate`), as a crashed or unplugged server would be."""
        self.resume()
        if self.postmaster_pid() is not None:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def restart(self) -> None:
        self.stop()
        self.start()

    def pause(self) -> None:
        """SIGSTOP on every process of the cluster: a hung server. The kernel still accepts
        connections and ACKs what is sent, but nothing ever answers."""
        # The postmaster first, so that it forks no new backend while the others stop.
        postmaster = self.postmaster_pid()
        if postmaster is None:
            raise RuntimeError("The cluster is not running.")
        os.kill(postmaster, signal.SIGSTOP)
        for pid in _children(postmaster):
            _signal(pid, signal.SIGSTOP)

    def resume(self) -> None:
        """SIGCONT on every process of the cluster (nothing happens if none is stopped)."""
        for pid in reversed(self.pids()):
            _signal(pid, signal.SIGCONT)

    def terminate_backends(self, dbname: str | None = None) -> int:
        """pg_terminate_backend on every client connection (of `dbname`, if given): what an
        operator's restart of the connections, or a failover, does to the application."""
        with self.connect() as conn:
            rows = conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
                " AND (%(db)s::text IS NULL OR datname = %(db)s)",
                {"db": dbname},
            ).fetchall()
        return len(rows)

    def close(self) -> None:
        """Stop the cluster and remove its directory."""
        self.resume()
        self._finalizer()


class TemporaryRedis:
    """A redis-server on a free port, keeping nothing on disk."""

    def __init__(self) -> None:
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="wb-faults-redis-"))
        self.process: subprocess.Popen | None = None
        self._processes: list[subprocess.Popen] = []
        self._finalizer = weakref.finalize(self, _remove, self.directory, None, self._processes)
        self.start()

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def is_running(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> None:
        if self.process is not None and self.process.poll() is None:
            return
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.directory),
             "--logfile", str(self.directory / "redis.log")],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        self._processes.append(self.process)
        if not wait_until(self.is_running, seconds=20):
            raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def pause(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)

    def close(self) -> None:
        self._finalizer()


def _signal(pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signum)


def _remove(
    directory: Path, pg_ctl_stop: list[str] | None, processes: list[subprocess.Popen] = ()
) -> None:
    """Kill what runs in `directory` and remove it (also at interpreter exit)."""
    if pg_ctl_stop is not None:
        pidfile = directory / "data" / "postmaster.pid"
        if pidfile.exists():
            postmaster = int(pidfile.read_text().split()[0])
            for pid in [postmaster, *_children(postmaster)]:
                _signal(pid, signal.SIGCONT)
            subprocess.run(pg_ctl_stop, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGCONT)
            process.kill()
            process.wait()
    shutil.rmtree(directory, ignore_errors=True)
