"""The fault tests' own servers and processes: they start, break and come back on demand, and
never touch the shared ones."""

import psycopg
import pytest

from tests.faults.processes import Application, Worker, application_env, manage

pytestmark = pytest.mark.postgresql


def test_the_tests_cluster_runs_on_a_port_of_its_own_and_stops_pauses_and_restarts(
    fault_postgres,
):
    assert fault_postgres.port != 5432
    url = fault_postgres.create_database("servers_check")
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)

    fault_postgres.pause()
    with pytest.raises(psycopg.errors.ConnectionTimeout):
        psycopg.connect(url, connect_timeout=1)
    fault_postgres.resume()
    fault_postgres.stop()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(url, connect_timeout=1)
    fault_postgres.start()
    with psycopg.connect(url) as conn, psycopg.connect(url) as other:
        other.execute("SELECT 1")
        assert fault_postgres.terminate_backends("servers_check") >= 1
        with pytest.raises(psycopg.OperationalError):
            other.execute("SELECT 1")
        conn.close()
    fault_postgres.drop_database("servers_check")


def test_the_application_and_a_worker_run_migrated_on_the_tests_servers(
    fault_database, fault_redis
):
    assert fault_redis.port != 6379
    env = application_env(database_url=fault_database, broker_url=fault_redis.url(0))
    token = manage(
        "provision_user", "regional@example.org", "--role", "regional_coordinator",
        "--api-token", env={**env, "PROVISION_PASSWORD": "a long enough pass phrase"},
    ).split()[-1]  # fmt: skip
    with Application(env=env) as application, Worker(env=env) as worker:
        me = application.get("/api/v1/me/", token=token)
        assert me.status == 200, me.body
        assert me.json()["role"] == "regional_coordinator"
        assert worker.run_task("accounts.ping") == "pong"
