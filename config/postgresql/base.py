"""Django's PostgreSQL backend whose waits on a database that stops answering are bounded.

A database that is down refuses connections at once; one that is hung (SIGSTOP, swapping, a
frozen VM) is worse: its kernel still accepts connections and ACKs every packet, so nothing
fires: the server cannot run its `statement_timeout`, and the client's TCP keepalives and
`tcp_user_timeout` see a healthy peer. A request waited until gunicorn killed the worker (30 s)
and the client got no answer.

So the limits are kept by the client, and a request fails with an OperationalError, which the
site answers with a 503 (config/outage.py):
- connecting gives up after `connect_timeout` (psycopg enforces it itself, in this process);
- Django's health check (SELECT 1 before reusing a connection) gives up as soon;
- a web request that found the database unreachable does not try again before it ends;
- in the web server, every other wait on the server (a statement, a fetch, a commit) gives up
  a grace after the server's own `statement_timeout`. psycopg performs every one of them
  through `Connection.wait`, which takes a timeout: overriding it is the one place to keep
  the limit. A server that answers has cancelled the statement by then, with its own error;
  one that has not is not going to, and the connection is closed: it is mid-protocol, and a
  rollback on it would wait again. (A watchdog thread shutting the socket down would work as
  well, with a thread and a race more; SIGALRM only reaches gunicorn's main thread.)

The statement limits are the web's only (config/wsgi.py calls `limit_web_requests`): Celery
workers and management commands (imports, aggregation runs, release audits, migrations, the
seeding of a million cases) run statements far longer than a page may take, under their own
limits (the Celery time limits). A task that the web server runs in its own process (no
broker configured) is lifted out of them while it runs (task_prerun / task_postrun).
"""

import threading
import time
from dataclasses import dataclass

import psycopg
from celery.signals import task_postrun, task_prerun
from django.core.signals import request_finished, request_started
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.backends.postgresql import base
from django.dispatch import receiver

# The server cancels a statement at statement_timeout and says so at once; this long past it,
# it has not merely been slow.
GRACE_SECONDS = 2.0


@dataclass(frozen=True)
class Limits:
    statement_seconds: float

    @property
    def wait_seconds(self) -> float:
        return self.statement_seconds + GRACE_SECONDS


_web_limits: Limits | None = None


def limit_web_requests(*, statement_seconds: float) -> None:
    """Connections opened from now on in this process (the web server's) carry the web's
    statement timeout and give up waiting on the server a little after it."""
    global _web_limits
    _web_limits = Limits(statement_seconds=statement_seconds) if statement_seconds else None


_thread = threading.local()


def _limits() -> Limits | None:
    """The limits of what this thread runs now: none inside a task."""
    return None if getattr(_thread, "tasks", 0) else _web_limits


@receiver([request_started, request_finished])
def _forget_unreachable(**signal) -> None:
    _thread.unreachable = None


def _unreachable_in_this_request(reason: str) -> None:
    """The rest of this request does not try again: the session middleware, for one, reads
    the session twice, and each try would wait out the connect timeout once more."""
    if _web_limits is not None:
        _thread.unreachable = f"{reason} (not tried again in this request)"


@task_prerun.connect
def _lift_for_task(**signal) -> None:
    if _web_limits is not None:
        _thread.tasks = getattr(_thread, "tasks", 0) + 1
        if _thread.tasks == 1:
            _apply_to_open_connection(None)


@task_postrun.connect
def _restore_after_task(**signal) -> None:
    if _web_limits is not None and getattr(_thread, "tasks", 0):
        _thread.tasks -= 1
        if _thread.tasks == 0:
            _apply_to_open_connection(_web_limits)


def _apply_to_open_connection(limits: Limits | None) -> None:
    wrapper = connections[DEFAULT_DB_ALIAS]
    connection = wrapper.connection
    if not isinstance(connection, BoundedConnection) or connection.closed:
        return  # the next connection is made with _limits()
    connection.wait_limit = limits.wait_seconds if limits else None
    try:
        with wrapper.cursor() as cursor:
            # RESET: back to the value the connection was opened with, the web's.
            cursor.execute("RESET statement_timeout" if limits else "SET statement_timeout = 0")
    except DatabaseError:
        if not wrapper.in_atomic_block:
            wrapper.close()  # the next one is opened with the right limits


class BoundedConnection(psycopg.Connection):
    """A psycopg connection that waits on the server at most `wait_limit` seconds."""

    wait_limit: float | None = None

    def wait(self, gen, interval=psycopg.connection._WAIT_INTERVAL, timeout=None):
        if timeout is None and self.wait_limit is not None:
            timeout = self.wait_limit
        started = time.monotonic()
        try:
            return super().wait(gen, interval=interval, timeout=timeout)
        # psycopg's own "the wait timed out" (3.3: private, an OperationalError).
        except psycopg.errors._WaitTimeout:
            self.pgconn.finish()
            reason = f"the database did not answer within {time.monotonic() - started:.1f} s"
            _unreachable_in_this_request(reason)
            raise psycopg.OperationalError(reason) from None


class _Psycopg:
    """psycopg as Django's backend uses it (`self.Database`), connecting with
    BoundedConnection: Django offers no other way to choose the connection class."""

    connect = BoundedConnection.connect

    def __getattr__(self, name):
        return getattr(psycopg, name)


class DatabaseWrapper(base.DatabaseWrapper):
    Database = _Psycopg()

    def get_connection_params(self):
        params = super().get_connection_params()
        if (limits := _limits()) is not None:
            timeout = f"-c statement_timeout={round(limits.statement_seconds * 1000)}"
            params["options"] = f"{params.get('options', '')} {timeout}".strip()
        return params

    def is_usable(self):
        # Django's health check (SELECT 1, before a connection is reused) answers in
        # milliseconds from a live server: on one that does not, it waits no longer than a
        # new connection would, so a hung server costs two connect timeouts, not one more
        # statement's. In every process: a worker's task then fails instead of hanging too.
        connection = self.connection
        saved = connection.wait_limit
        connect_timeout = self.settings_dict["OPTIONS"].get("connect_timeout")
        if connect_timeout:
            connection.wait_limit = min(saved or connect_timeout, connect_timeout)
        try:
            return super().is_usable()
        finally:
            connection.wait_limit = saved

    def get_new_connection(self, conn_params):
        if reason := getattr(_thread, "unreachable", None):
            raise psycopg.OperationalError(reason)
        try:
            connection = super().get_new_connection(conn_params)
        except psycopg.OperationalError as error:
            _unreachable_in_this_request(str(error))
            raise
        if (limits := _limits()) is not None:
            connection.wait_limit = limits.wait_seconds
        return connection
