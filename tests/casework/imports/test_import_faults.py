"""Imports on PostgreSQL under stress: the connection cut midway (the import fails cleanly,
writes nothing, and can be run again), a second run of the same import at once, and two
imports of one territory and type at once."""

import contextlib

import pytest
from django.db import OperationalError, connection

from casework.imports import loading
from casework.imports.services import import_receive, import_retry, import_run
from casework.models import Case, ImportJob
from tests.casework.imports.files import FILES, READMISSION_HEADER, READMISSION_ROW

HEADER, GOOD = READMISSION_HEADER, READMISSION_ROW


def _other_session():
    """A connection of its own to the test database, as another client would hold."""
    import psycopg

    params = {
        k: v
        for k, v in connection.get_connection_params().items()
        if k in ("dbname", "user", "password", "host", "port")
    }
    return psycopg.connect(**params, autocommit=True)


@pytest.mark.postgresql
def test_an_import_whose_connection_is_cut_writes_nothing_and_runs_again(
    transactional_db, region, monkeypatch
):
    job = import_receive(
        user=region.users["caseworker_rs_ngo"],
        case_type="readmission",
        file_name="r.csv",
        content=FILES["readmission"].encode(),
        queue=False,
    )
    real_audit = loading.audit_cases

    def cut_then_continue(**kwargs):
        # The cases are in; before the rest is, another session ends this one's backend.
        backend = connection.connection.info.backend_pid
        with _other_session() as admin:
            assert admin.info.backend_pid != backend
            admin.execute("SELECT pg_terminate_backend(%s)", [backend])
        return real_audit(**kwargs)

    monkeypatch.setattr(loading, "audit_cases", cut_then_continue)
    with pytest.raises(OperationalError):
        import_run(import_id=job.pk)

    failed = ImportJob.objects.get(pk=job.pk)
    assert failed.status == "failed"
    assert "The database failed" in failed.errors[0]["message"]
    assert failed.staged is not None
    assert not Case.objects.exists()

    monkeypatch.setattr(loading, "audit_cases", real_audit)
    import_retry(user=region.users["caseworker_rs_ngo"], import_id=job.pk)  # runs it at once
    again = ImportJob.objects.get(pk=job.pk)
    assert (again.status, again.created) == ("succeeded", 2)
    assert Case.objects.count() == 2


@pytest.mark.postgresql
def test_a_running_import_shows_its_progress_and_a_second_run_waits_then_finds_it_done(
    transactional_db, region, monkeypatch
):
    import threading

    from casework.imports import services

    monkeypatch.setattr(services, "PART", 2)  # ten rows: five parts
    job = import_receive(
        user=region.users["caseworker_rs_ngo"],
        case_type="readmission",
        file_name="r.csv",
        content=(HEADER + "\r\n" + f"{GOOD}\r\n" * 10).encode(),
        queue=False,
    )
    second = {}

    def run_again():
        second["job"] = import_run(import_id=job.pk)
        connection.close()

    other_run = threading.Thread(target=run_again)
    seen = []
    real_write = loading._write

    def write_and_look(*args):
        ids = real_write(*args)
        with _other_session() as other:
            seen.append(
                other.execute(
                    "SELECT status, progress FROM casework_importjob WHERE id = %s", [job.pk]
                ).fetchone()
            )
            if len(seen) == 1:  # a second run starts, and waits for the first
                other_run.start()
                waiting = "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                for _ in range(100):
                    if other.execute(waiting).fetchone():
                        break
                    other_run.join(0.05)
                else:
                    raise AssertionError("the second run did not wait for the first")
        return ids

    monkeypatch.setattr(loading, "_write", write_and_look)
    job = import_run(import_id=job.pk)
    other_run.join(10)
    # Eleven lines: after parts ending on rows 3, 5, 7 and 9, the load had read 27 % ... 81 %.
    assert seen == [("running", p) for p in (0, 27, 45, 63, 81)]
    assert (job.status, job.progress, job.created) == ("succeeded", 100, 10)
    assert (second["job"].status, second["job"].created) == ("succeeded", 10)
    assert Case.objects.count() == 10


@pytest.mark.postgresql
def test_two_imports_taking_years_in_opposite_orders_both_load(
    transactional_db, region, monkeypatch
):
    import threading

    from casework.imports import services

    monkeypatch.setattr(services, "PART", 1)  # a year a part
    rows = {"a": ["2013-01", "2012-01"], "b": ["2012-01", "2013-01"]}
    jobs = {
        name: import_receive(
            user=region.users["caseworker_rs_ngo"],
            case_type="readmission",
            file_name="r.csv",
            content=(
                HEADER + "\r\n" + "".join(GOOD.replace("2010-02", m) + "\r\n" for m in months)
            ).encode(),
            queue=False,
        )
        for name, months in rows.items()
    }
    both_begun = threading.Barrier(2, timeout=2)
    real_write = loading._write

    def write_then_wait_for_the_other(job, *args):
        ids = real_write(job, *args)
        if len(ids) and job.created == 0 and not getattr(job, "waited", False):
            job.waited = True
            # Each import has written its first year: now each wants the other's. A broken
            # barrier: the other waits for this one to finish, as it should.
            with contextlib.suppress(threading.BrokenBarrierError):
                both_begun.wait()
        return ids

    monkeypatch.setattr(loading, "_write", write_then_wait_for_the_other)
    done = {}

    def run(name):
        try:
            done[name] = import_run(import_id=jobs[name].pk).status
        except Exception as error:
            done[name] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(name,)) for name in rows]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert done == {"a": "succeeded", "b": "succeeded"}
    found = sorted(Case.objects.values_list("reference", flat=True))
    assert len(set(found)) == 4
    assert [reference[:12] for reference in found] == ["RS-RDM-2012-"] * 2 + ["RS-RDM-2013-"] * 2
