"""Fixtures of the fault tests: a PostgreSQL cluster and a Redis of their own (servers.py),
started once a session and removed at its end, and a migrated database per test.

Every test gets the servers back running, whatever it did to them (stopped, paused)."""

import uuid

import pytest

from tests.faults.processes import migrate
from tests.faults.servers import TemporaryPostgres, TemporaryRedis

TEMPLATE = "migrated_template"


@pytest.fixture(scope="session")
def postgres_cluster():
    cluster = TemporaryPostgres()
    try:
        yield cluster
    finally:
        cluster.close()


@pytest.fixture(scope="session")
def redis_cluster():
    server = TemporaryRedis()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def fault_postgres(postgres_cluster):
    """The tests' own PostgreSQL, running; running again after the test."""
    yield postgres_cluster
    postgres_cluster.resume()
    if not postgres_cluster.is_running():
        postgres_cluster.start()


@pytest.fixture
def fault_redis(redis_cluster):
    """The tests' own Redis, running; running again after the test."""
    yield redis_cluster
    redis_cluster.resume()
    redis_cluster.start()


@pytest.fixture(scope="session")
def migrated_template(postgres_cluster) -> str:
    """A database migrated once a session, copied for each test (CREATE DATABASE ... TEMPLATE
    takes a fraction of a second; migrating takes many)."""
    migrate(database_url=postgres_cluster.create_database(TEMPLATE))
    return TEMPLATE


@pytest.fixture
def fault_database(fault_postgres, migrated_template) -> str:
    """The URL of a migrated database of this test's own on the tests' cluster."""
    name = f"faults_{uuid.uuid4().hex[:10]}"
    url = fault_postgres.create_database(name, template=migrated_template)
    yield url
    fault_postgres.resume()
    if not fault_postgres.is_running():
        fault_postgres.start()
    fault_postgres.drop_database(name)
