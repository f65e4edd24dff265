"""The database stopped or hung under a running gunicorn: pages and the API answer 503 with
Retry-After in bounded time, well before gunicorn's 30 s worker timeout, and 200 once the
database is back."""

import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from config.postgresql.base import DatabaseWrapper
from tests.faults.processes import Application, application_env, manage

pytestmark = pytest.mark.postgresql

# The smallest limits libpq and the tests allow, so the tests are quick; production's
# defaults are larger (README: DATABASE_CONNECT_TIMEOUT, DATABASE_STATEMENT_TIMEOUT).
LIMITS = {"DATABASE_CONNECT_TIMEOUT": "2", "DATABASE_STATEMENT_TIMEOUT": "1"}
# A hung server costs a request the health check of its open connection or one attempt to
# connect (a connect timeout: 2 s here), or at worst a statement already sent (its timeout
# plus 2 s: 3 s here); with the defaults, 5 s and 12 s.
BOUND_SECONDS = 10

# Any session cookie makes the page read the session table: the request needs the database.
PAGE = "/accounts/login/"
COOKIE = {"Cookie": "sessionid=none-such-session"}
API = "/api/v1/me/"


@pytest.fixture(scope="module")
def served(postgres_cluster, migrated_template):
    """gunicorn on a database of this module's own, and an API token: started once, since
    each test leaves the cluster running again (fault_postgres)."""
    name = f"faults_outage_{uuid.uuid4().hex[:8]}"
    env = application_env(
        database_url=postgres_cluster.create_database(name, template=migrated_template),
        **LIMITS,
    )
    token = manage(
        "provision_user", "national.rs@example.org", "--role", "national_coordinator",
        "--territory", "RS", "--api-token",
        env={**env, "PROVISION_PASSWORD": "a long enough pass phrase"},
    ).split()[-1]  # fmt: skip
    with Application(env=env) as application:
        yield application, token
    postgres_cluster.drop_database(name)


def assert_answers(application, token):
    page = application.get(PAGE, headers=COOKIE, timeout=25)
    assert page.status == 200, page.body
    me = application.get(API, token=token, timeout=25)
    assert me.status == 200, me.body


def assert_unavailable(application, token):
    page = application.get(PAGE, headers=COOKIE, timeout=25)
    assert page.status == 503, page.body
    assert page.seconds < BOUND_SECONDS
    assert int(page.headers["Retry-After"]) > 0
    assert 'class="site-header"' in page.text
    assert "Temporarily unavailable" in page.text

    me = application.get(API, token=token, timeout=25)
    assert me.status == 503, me.body
    assert me.seconds < BOUND_SECONDS
    assert int(me.headers["Retry-After"]) > 0
    assert me.headers["Content-Type"] == "application/json"
    assert set(me.json()) == {"detail"}


def test_a_stopped_database_answers_503_page_and_json_then_200_once_it_is_back(
    served, fault_postgres
):
    application, token = served
    assert_answers(application, token)  # and the worker holds an open connection

    fault_postgres.stop()
    assert_unavailable(application, token)

    fault_postgres.start()
    assert_answers(application, token)


def test_a_hung_database_answers_503_page_and_json_in_bounded_time_then_200_once_it_resumes(
    served, fault_postgres
):
    application, token = served
    assert_answers(application, token)  # and the worker holds an open connection

    fault_postgres.pause()
    assert_unavailable(application, token)

    fault_postgres.resume()
    assert_answers(application, token)


def test_the_health_check_of_a_connection_to_a_hung_database_gives_up_within_the_connect_timeout(
    fault_database, fault_postgres, django_db_blocker
):
    # A worker's connection (no web limits): without this, its next task would hang too.
    wrapper = DatabaseWrapper(
        {
            **connection.settings_dict,
            "NAME": fault_database.rsplit("/", 1)[1],
            "HOST": "127.0.0.1",
            "PORT": fault_postgres.port,
            "USER": "postgres",
            "PASSWORD": "",
            "OPTIONS": {"connect_timeout": 2},
        }
    )
    with django_db_blocker.unblock():  # a database of the fault cluster, not the tests'
        try:
            wrapper.ensure_connection()
            assert wrapper.is_usable()

            fault_postgres.pause()
            started = time.monotonic()
            # In a thread, so that a check that hangs fails the test instead of hanging it.
            with ThreadPoolExecutor(max_workers=1) as check:
                usable = check.submit(wrapper.is_usable)
                try:
                    assert not usable.result(timeout=10)
                finally:
                    fault_postgres.resume()
            assert time.monotonic() - started < 3.5
        finally:
            fault_postgres.resume()
            wrapper.close()
