"""The database stopped or hung under a running gunicorn: pages and the API answer 503 with
Retry-After in bounded time, well before gunicorn's 30 s worker timeout, and 200 once the
database is back."""

import pytest

from tests.faults.processes import Application, application_env, manage

pytestmark = pytest.mark.postgresql

# The smallest limits libpq and the tests allow, so the tests are quick; production's
# defaults are larger (README: DATABASE_CONNECT_TIMEOUT, DATABASE_STATEMENT_TIMEOUT).
LIMITS = {"DATABASE_CONNECT_TIMEOUT": "2", "DATABASE_STATEMENT_TIMEOUT": "1"}
# A hung server costs at worst one wait on the open connection (the statement timeout plus
# 2 s of grace) and one attempt to connect again: 5 s here; 17 s with the defaults.
BOUND_SECONDS = 10

# Any session cookie makes the page read the session table: the request needs the database.
PAGE = "/accounts/login/"
COOKIE = {"Cookie": "sessionid=none-such-session"}
API = "/api/v1/me/"


@pytest.fixture
def served(fault_database):
    env = application_env(database_url=fault_database, **LIMITS)
    token = manage(
        "provision_user", "national.rs@example.org", "--role", "national_coordinator",
        "--territory", "RS", "--api-token",
        env={**env, "PROVISION_PASSWORD": "a long enough pass phrase"},
    ).split()[-1]  # fmt: skip
    with Application(env=env) as application:
        yield application, token


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
