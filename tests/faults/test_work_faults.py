"""Work whose task meets a fault ends `succeeded`/`published` or `failed`, never stuck, and a
retry completes it with exact counts: on the fault tests' own PostgreSQL and Redis (a restart
of the database midway, the broker down when work is started, the whole worker killed, a soft
time limit). Short heartbeats, sweeps and pauses come through the environment."""

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from tests.casework.imports.files import READMISSION_HEADER, READMISSION_ROW
from tests.faults.processes import ROOT, Application, Worker, application_env, manage
from tests.faults.servers import wait_until

pytestmark = [pytest.mark.postgresql, pytest.mark.worker]

ROWS = 25_000  # two parts of an import (20,000 rows a part): progress shows after the first
PASSWORD = "a long enough pass phrase"


@dataclass
class Site:
    """The application on the tests' servers: its environment, database and people's tokens."""

    env: dict[str, str]
    database_url: str
    tokens: dict[str, str]

    def query(self, sql: str, *params):
        with psycopg.connect(self.database_url, autocommit=True, connect_timeout=3) as db:
            return db.execute(sql, params).fetchone()

    def import_job(self, pk: int) -> dict:
        status, progress, created, errors, deliveries = self.query(
            "SELECT status, progress, created, errors, deliveries FROM casework_importjob"
            " WHERE id = %s",
            pk,
        )
        return {"status": status, "progress": progress, "created": created, "errors": errors,
                "deliveries": deliveries}  # fmt: skip

    def status_of(self, table: str, where: str, value) -> str | None:
        try:
            found = self.query(f"SELECT status FROM {table} WHERE {where} = %s", value)  # noqa: S608
        except psycopg.OperationalError:  # the database is restarting
            return None
        return found and found[0]

    def wait_for_status(self, table, where, value, statuses, seconds=60) -> str:
        wait_until(lambda: self.status_of(table, where, value) in statuses, seconds=seconds)
        return self.status_of(table, where, value)

    def worker(self, **extra: str) -> Worker:
        return Worker(env={**self.env, **extra})


def post(app: Application, path: str, *, token: str, body: bytes = b"{}", content_type="") -> tuple:
    """A POST; (status, JSON answer). Retried while the server answers 5xx (a database just
    restarted), up to 30 s."""
    request = urllib.request.Request(  # noqa: S310 - the test's own server
        app.url(path),
        data=body,
        method="POST",
        headers={
            "Authorization": f"Token {token}",
            "Content-Type": content_type or "application/json",
        },
    )
    answer = {}

    def sent() -> bool:
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                answer.update(status=response.status, body=response.read())
        except urllib.error.HTTPError as error:
            answer.update(status=error.code, body=error.read())
        return answer["status"] < 500

    wait_until(sent, seconds=30, step=0.5)
    return answer["status"], json.loads(answer["body"] or b"{}")


def send_import(app: Application, site: Site, rows: int = ROWS) -> tuple[int, dict]:
    content = (READMISSION_HEADER + "\r\n" + f"{READMISSION_ROW}\r\n" * rows).encode()
    boundary = uuid.uuid4().hex
    disposition = f"--{boundary}\r\nContent-Disposition: form-data; name="
    body = (
        (
            f'{disposition}"case_type"\r\n\r\nreadmission\r\n'
            f'{disposition}"file"; filename="r.csv"\r\nContent-Type: text/csv\r\n\r\n'
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return post(
        app,
        "/api/v1/imports/",
        token=site.tokens["caseworker"],
        body=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


class Beat:
    """celery beat on the site's database scheduler: the sweeper every WORK_SWEEP_SECONDS."""

    def __init__(self, env: dict[str, str]):
        self.directory = tempfile.mkdtemp(prefix="wb-beat-")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "beat", "--loglevel=WARNING",
             "--pidfile", str(Path(self.directory) / "beat.pid")],
            cwd=ROOT, env=env,
        )  # fmt: skip

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="session")
def people_template(postgres_cluster, migrated_template) -> tuple[str, dict[str, str]]:
    """A migrated database with a caseworker of Atina (RS), the national coordinator of RS and
    a regional coordinator, made once a session (a process a person takes seconds), and the
    API tokens of the first and the last."""
    name = "work_people_template"
    env = application_env(
        database_url=postgres_cluster.create_database(name, template=migrated_template)
    )
    provisioned = {**env, "PROVISION_PASSWORD": PASSWORD}
    tokens = {
        "caseworker": manage(
            "provision_user", "caseworker@example.org", "--role", "caseworker",
            "--territory", "RS", "--organisation", "Atina", "--api-token", env=provisioned,
        ).split()[-1],
        "regional": manage(
            "provision_user", "regional@example.org", "--role", "regional_coordinator",
            "--api-token", env=provisioned,
        ).split()[-1],
    }  # fmt: skip
    manage(
        "provision_user", "national@example.org", "--role", "national_coordinator",
        "--territory", "RS", env=provisioned,
    )  # fmt: skip
    return name, tokens


@pytest.fixture
def site(fault_postgres, fault_redis, people_template) -> Site:
    template, tokens = people_template
    name = f"work_{uuid.uuid4().hex[:10]}"
    database_url = fault_postgres.create_database(name, template=template)
    env = application_env(
        database_url=database_url,
        broker_url=fault_redis.url(0),
        WORK_HEARTBEAT_SECONDS="0.5",
        WORK_LOST_AFTER_SECONDS="4",
        WORK_SWEEP_SECONDS="1",
        WORK_RECORD_FAILURE_SECONDS="30",
        # Redis hands nothing out again during a test: what ends the work is the sweeper.
        CELERY_VISIBILITY_TIMEOUT="3600",
    )
    yield Site(env=env, database_url=database_url, tokens=tokens)
    fault_postgres.resume()
    if not fault_postgres.is_running():
        fault_postgres.start()
    fault_postgres.drop_database(name)


def validated_cases(site: Site, rows: int) -> None:
    """`rows` validated cases, loaded by the import command (no worker involved)."""
    with tempfile.NamedTemporaryFile("w", suffix=".csv") as file:
        file.write(READMISSION_HEADER + "\n" + "".join(
            READMISSION_ROW.replace("2010-02", f"{2010 + n % 4}-0{1 + n % 9}") + "\n"
            for n in range(rows)
        ))  # fmt: skip
        file.flush()
        manage(
            "import_cases", "readmission", file.name, "--organisation", "Atina",
            "--user", "national@example.org", "--validate", env=site.env,
        )  # fmt: skip


def test_an_import_whose_database_restarts_midway_fails_and_a_retry_loads_it_once(
    site, fault_postgres
):
    with Application(env=site.env) as app, site.worker(WORK_STEP_PAUSE="2"):
        status, job = send_import(app, site)
        assert status == 202, job
        assert wait_until(lambda: (site.import_job(job["id"])["progress"] or 0) > 0, seconds=60)
        fault_postgres.restart()

        ended = site.wait_for_status("casework_importjob", "id", job["id"], ("failed",))
        assert ended == "failed", site.import_job(job["id"])
        failed = site.import_job(job["id"])
        assert "database" in failed["errors"][0]["message"]
        assert site.query("SELECT count(*) FROM casework_case") == (0,)

        status, _ = post(
            app, f"/api/v1/imports/{job['id']}/retry/", token=site.tokens["caseworker"]
        )
        assert status == 202
        ended = site.wait_for_status("casework_importjob", "id", job["id"], ("succeeded", "failed"))
    assert (ended, site.import_job(job["id"])["created"]) == ("succeeded", ROWS)
    assert site.query("SELECT count(*) FROM casework_case") == (ROWS,)


def test_a_run_whose_database_restarts_midway_fails_and_a_retry_reads_every_case(
    site, fault_postgres
):
    validated_cases(site, 40)
    with Application(env=site.env) as app, site.worker(AGGREGATION_STEP_PAUSE="1"):
        status, run = post(
            app, "/api/v1/statistics/runs/", token=site.tokens["regional"], body=b'{"full": true}'
        )
        assert status == 202, run
        progress = "SELECT progress FROM reporting_aggregationrun WHERE id = %s"
        assert wait_until(lambda: site.query(progress, run["id"])[0] > 0, seconds=60)
        fault_postgres.restart()
        ended = site.wait_for_status("reporting_aggregationrun", "id", run["id"], ("failed",))
        assert ended == "failed"
        (error,) = site.query("SELECT error FROM reporting_aggregationrun WHERE id = %s", run["id"])
        assert "database" in error

        path = f"/api/v1/statistics/runs/{run['id']}/retry/"
        assert post(app, path, token=site.tokens["regional"])[0] == 202
        ended = site.wait_for_status(
            "reporting_aggregationrun", "id", run["id"], ("succeeded", "failed")
        )
    assert ended == "succeeded"
    assert site.query(
        "SELECT cases_read FROM reporting_aggregationrun WHERE id = %s", run["id"]
    ) == (40,)


def test_work_started_while_the_broker_is_down_is_answered_at_once_and_sent_once_it_is_back(
    site, fault_redis
):
    with Application(env=site.env) as app:
        fault_redis.stop()
        status, job = send_import(app, site, rows=3)
        assert status == 202, job
        status, run = post(app, "/api/v1/statistics/runs/", token=site.tokens["regional"])
        assert status == 202, run
        assert site.query(
            "SELECT status, sent_at FROM casework_importjob WHERE id = %s", job["id"]
        ) == ("queued", None)

        fault_redis.start()
        beat = Beat(site.env)
        try:
            with started(site.worker()):
                ended = site.wait_for_status(
                    "casework_importjob", "id", job["id"], ("succeeded", "failed")
                )
                run_ended = site.wait_for_status(
                    "reporting_aggregationrun", "id", run["id"], ("succeeded", "failed")
                )
        finally:
            beat.stop()
    assert (ended, site.import_job(job["id"])["created"]) == ("succeeded", 3)
    assert run_ended == "succeeded"


@contextlib.contextmanager
def started(worker: Worker):
    """A worker started on a Redis just started again: the first ping may find the connection
    closed (redis' own ConnectionError, which Worker.answers_ping does not expect)."""
    import redis

    try:
        worker.start()
    except redis.exceptions.ConnectionError:
        worker.stop()
        worker.start()
    try:
        yield worker
    finally:
        worker.stop()


def kill_whole(worker: Worker) -> None:
    """SIGKILL to the worker's main process and every process under it, found through all its
    threads (the pool forks replacement children from a thread of its own)."""
    from tests.faults.servers import _children

    for pid in [worker.process.pid, *_children(worker.process.pid)]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    worker.process.wait()


@pytest.fixture
def beat(site):
    running = Beat(site.env)
    yield running
    running.stop()


def test_a_worker_killed_whole_during_an_import_is_failed_by_the_sweeper_and_retried(site, beat):
    with Application(env=site.env) as app:
        with site.worker(WORK_STEP_PAUSE="3") as worker:
            status, job = send_import(app, site)
            assert status == 202, job
            assert wait_until(lambda: site.import_job(job["id"])["progress"] > 0, seconds=60)
            kill_whole(worker)
        with site.worker():  # the sweeper runs in a worker
            ended = site.wait_for_status("casework_importjob", "id", job["id"], ("failed",))
            assert ended == "failed"
            assert "lost" in site.import_job(job["id"])["errors"][0]["message"]

            retry = f"/api/v1/imports/{job['id']}/retry/"
            assert post(app, retry, token=site.tokens["caseworker"])[0] == 202
            ended = site.wait_for_status(
                "casework_importjob", "id", job["id"], ("succeeded", "failed")
            )
    assert (ended, site.import_job(job["id"])["created"]) == ("succeeded", ROWS)
    assert site.query("SELECT count(*) FROM casework_case") == (ROWS,)


def test_a_worker_killed_whole_during_a_release_audit_is_failed_and_the_retry_publishes(site, beat):
    validated_cases(site, 20)
    manage("aggregate", env=site.env)
    release_progress = "SELECT progress FROM reporting_release WHERE number = %s"
    with Application(env=site.env) as app:
        with site.worker(WORK_STEP_PAUSE="3") as worker:
            status, release = post(
                app, "/api/v1/statistics/releases/", token=site.tokens["regional"]
            )
            assert status == 202, release
            number = release["number"]
            assert wait_until(lambda: site.query(release_progress, number)[0] > 0, seconds=60)
            kill_whole(worker)
        with site.worker():
            ended = site.wait_for_status("reporting_release", "number", number, ("failed",))
            assert ended == "failed"
            (error,) = site.query("SELECT error FROM reporting_release WHERE number = %s", number)
            assert "lost" in error

            retry = f"/api/v1/statistics/releases/{number}/retry/"
            assert post(app, retry, token=site.tokens["regional"])[0] == 202
            ended = site.wait_for_status(
                "reporting_release", "number", number, ("published", "failed")
            )
    assert ended == "published"
    (cells,) = site.query(
        "SELECT count(*) FROM reporting_releasecell c JOIN reporting_release r"
        " ON r.id = c.release_id WHERE r.number = %s",
        number,
    )
    assert cells > 0


def test_an_import_past_its_soft_time_limit_fails_and_a_retry_loads_it_once(site):
    # The limit travels in the task's message: the sending application must have it too.
    limited = {"CELERY_TASK_SOFT_TIME_LIMIT": "2", "WORK_STEP_PAUSE": "10"}
    with Application(env={**site.env, **limited}) as app, site.worker(**limited):
        status, job = send_import(app, site)
        assert status == 202, job
        ended = site.wait_for_status("casework_importjob", "id", job["id"], ("failed",))
    assert ended == "failed"
    assert "time limit" in site.import_job(job["id"])["errors"][0]["message"]

    with Application(env=site.env) as app, site.worker():
        retry = f"/api/v1/imports/{job['id']}/retry/"
        assert post(app, retry, token=site.tokens["caseworker"])[0] == 202
        ended = site.wait_for_status("casework_importjob", "id", job["id"], ("succeeded", "failed"))
    assert (ended, site.import_job(job["id"])["created"]) == ("succeeded", ROWS)
