"""Shared fixtures: one person per role in two territories and two organisations.

Serbia (RS) and Albania (AL) each have two organisations; every territory-bound role has a
person in each, so scope can be asserted in both directions.
"""

import shutil
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from accounts.models import Organisation, User
from accounts.roles import Role
from config.celery import app as celery_app
from tests.factories import OrganisationFactory, UserFactory


def pytest_configure(config):
    # Each run sends its tasks to a queue of its own, so that no other worker on the same
    # broker (a developer's, another run's) takes them.
    celery_app.conf.task_default_queue = f"tests-{uuid.uuid4().hex[:12]}"


def pytest_collection_modifyitems(config, items):
    # Outside PostgreSQL these are skipped with a reason; CI runs them on PostgreSQL and
    # deselects them (-m "not postgresql") in its SQLite pass, so none is skipped there.
    from django.db import connection

    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL (DATABASE_URL=postgres://...)")
        for item in items:
            if item.get_closest_marker("postgresql"):
                item.add_marker(skip)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On SQLite, a test database in a file (in memory, on /dev/shm where there is one).

    Django hands an in-memory SQLite connection to the live server's threads as it is, so a
    browser's requests in parallel (a page's charts, a poll beside a click) run on the test's
    one connection and break each other's transactions ("cannot start a transaction within a
    transaction"). With a file, each thread has its own connection, as on PostgreSQL."""
    database = django_settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        yield
        return
    memory = Path("/dev/shm")  # noqa: S108 - a private directory is made in it
    folder = tempfile.mkdtemp(prefix="wbcases-tests-", dir=memory if memory.is_dir() else None)
    database.setdefault("TEST", {})["NAME"] = str(Path(folder) / "test.sqlite3")
    yield
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(autouse=True)
def tasks_run_in_process(request):
    """Tasks run eagerly, except in tests that are about the real worker."""
    eager = request.node.get_closest_marker("worker") is None
    celery_app.conf.task_always_eager = eager
    yield
    celery_app.conf.task_always_eager = django_settings.CELERY_TASK_ALWAYS_EAGER


@pytest.fixture
def celery_worker(transactional_db):
    """A real worker on the configured broker, reading the test database."""
    from tests.worker import start_worker

    if not django_settings.CELERY_BROKER_URL:
        pytest.skip("needs CELERY_BROKER_URL (a real broker); CI always sets it")
    worker = start_worker()
    yield worker
    worker.stop()


@pytest.fixture(autouse=True)
def second_factor_off(settings):
    """Tests of other things sign people in without their authenticator; the second
    factor's own tests (tests/accounts/test_second_factor.py) switch it back on."""
    settings.SECOND_FACTOR_REQUIRED = False


@pytest.fixture(autouse=True)
def api_throttles_off(settings):
    """Tests of other things make many requests as one person, and counters kept in the cache
    would outlive a test; the throttles' own tests (tests/accounts/test_throttling.py) switch
    them back on."""
    from django.core.cache import cache

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {}}
    cache.clear()


@pytest.fixture(autouse=True)
def english_after_each_test():
    """A request answered in a test's thread leaves its language active there (Django's
    middleware activates, nothing deactivates): the next test starts in English again."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(scope="session")
def demo_passwords_file(tmp_path_factory):
    return tmp_path_factory.mktemp("demo") / "demo-passwords.json"


@pytest.fixture(autouse=True)
def demo_passwords_aside(settings, demo_passwords_file):
    """The demo users' kept passwords go to a scratch file, never the checkout's."""
    settings.DEMO_PASSWORDS_FILE = demo_passwords_file
    yield
    demo_passwords_file.unlink(missing_ok=True)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing costs a second per user; the tests are about access, not hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Region:
    organisations: dict[str, Organisation]
    users: dict[str, User]


@pytest.fixture
def region(db) -> Region:
    organisations = {
        "rs_police": OrganisationFactory(
            name="Serbian Border Police", territory="RS", kind=Organisation.Kind.BORDER_POLICE
        ),
        "rs_ngo": OrganisationFactory(name="Atina", territory="RS"),
        "al_police": OrganisationFactory(
            name="Albanian State Police", territory="AL", kind=Organisation.Kind.POLICE
        ),
        "al_ngo": OrganisationFactory(name="Different and Equal", territory="AL"),
    }
    users = {
        f"caseworker_{key}": UserFactory(
            email=f"caseworker.{key}@example.org", role=Role.CASEWORKER, organisation=org
        )
        for key, org in organisations.items()
    }
    for territory in ("RS", "AL"):
        users[f"national_{territory.lower()}"] = UserFactory(
            email=f"national.{territory.lower()}@example.org",
            role=Role.NATIONAL_COORDINATOR,
            territory=territory,
        )
    users["regional"] = UserFactory(email="regional@example.org", role=Role.REGIONAL_COORDINATOR)
    users["viewer"] = UserFactory(email="viewer@example.org", role=Role.STATISTICS_VIEWER)
    users["administrator"] = UserFactory(email="admin@example.org", role=Role.ADMINISTRATOR)
    return Region(organisations=organisations, users=users)


@pytest.fixture
def api(region):
    """An API client signed in as a person of the region: `api("national_rs")`."""
    from rest_framework.test import APIClient

    def as_person(person: str | None) -> APIClient:
        client = APIClient()
        if person is not None:
            client.force_authenticate(region.users[person])
        return client

    return as_person
