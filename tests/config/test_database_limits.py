"""The web server's waits on the database are bounded; workers' and commands' are not."""

import time
from unittest import mock

import psycopg
import pytest
from celery import shared_task
from django.db import OperationalError, connection
from django.test import Client

from config.postgresql import base as bounded
from config.postgresql.base import DatabaseWrapper

pytestmark = pytest.mark.postgresql


@pytest.fixture
def web_limits():
    """The limits config/wsgi.py sets in the web server, in this process for one test."""

    def limit(seconds: float) -> DatabaseWrapper:
        bounded.limit_web_requests(statement_seconds=seconds)
        return DatabaseWrapper({**connection.settings_dict}, alias="bounded")

    yield limit
    bounded.limit_web_requests(statement_seconds=0)


def test_the_web_servers_connections_carry_its_statement_timeout_and_others_none(db, web_limits):
    with connection.cursor() as cursor:  # a worker's or a command's connection
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone() == ("0",)

    web = web_limits(1.5)
    try:
        with web.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone() == ("1500ms",)
            with pytest.raises(OperationalError, match="statement timeout"):
                cursor.execute("SELECT pg_sleep(3)")
    finally:
        web.close()


def test_a_wait_on_a_server_that_does_not_answer_gives_up_and_closes_the_connection(db):
    params = DatabaseWrapper({**connection.settings_dict}).get_connection_params()
    with bounded.BoundedConnection.connect(**params, autocommit=True) as conn:
        # The server is slow here rather than hung: to the client it is the same silence.
        conn.wait_limit = 0.5
        started = time.monotonic()
        with pytest.raises(psycopg.OperationalError, match="did not answer within"):
            conn.execute("SELECT pg_sleep(5)")
        assert time.monotonic() - started < 2
        assert conn.closed


@shared_task(name="tests.database_sleeps")
def database_sleeps(seconds: float) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(%s)", [seconds])


@pytest.fixture
def this_process_serves_the_web(transactional_db):
    """This process's own connection opened as the web server's are (config/wsgi.py)."""
    connection.close()
    bounded.limit_web_requests(statement_seconds=1)
    yield
    bounded.limit_web_requests(statement_seconds=0)
    connection.close()


def test_a_task_run_in_the_web_servers_process_is_not_held_to_the_pages_limits(
    this_process_serves_the_web,
):
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone() == ("1s",)

    database_sleeps.delay(1.5)  # in-process, as without a broker: it completes

    with connection.cursor() as cursor, pytest.raises(OperationalError, match="statement timeout"):
        cursor.execute("SELECT pg_sleep(1.5)")  # and the page's limits are back


def test_a_request_that_cannot_reach_the_database_tries_to_connect_once(
    this_process_serves_the_web,
):
    attempts = []

    def refused(**params):
        attempts.append(params)
        raise psycopg.OperationalError("connection refused")

    browser = Client(raise_request_exception=False)
    browser.cookies["sessionid"] = "a-session-the-page-must-read"
    with mock.patch.object(bounded._Psycopg, "connect", staticmethod(refused)):
        response = browser.get("/accounts/login/")

    assert response.status_code == 503
    assert len(attempts) == 1
