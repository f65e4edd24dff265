"""The database connection of an import cut midway: the import fails cleanly, writes
nothing, and can be run again."""

import pytest
from django.db import OperationalError, connection

from casework.imports import loading
from casework.imports.services import import_receive, import_run
from casework.models import Case, ImportJob
from tests.casework.imports.files import FILES


@pytest.mark.postgresql
def test_an_import_whose_connection_is_cut_writes_nothing_and_runs_again(
    transactional_db, region, monkeypatch
):
    import psycopg

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
        params = {
            k: v
            for k, v in connection.get_connection_params().items()
            if k in ("dbname", "user", "password", "host", "port")
        }
        with psycopg.connect(**params, autocommit=True) as admin:
            assert admin.info.backend_pid != backend
            admin.execute("SELECT pg_terminate_backend(%s)", [backend])
        return real_audit(**kwargs)

    monkeypatch.setattr(loading, "audit_cases", cut_then_continue)
    with pytest.raises(OperationalError):
        import_run(import_id=job.pk)

    failed = ImportJob.objects.get(pk=job.pk)
    assert failed.status == "failed"
    assert "Run the import again" in failed.errors[0]["message"]
    assert failed.staged is not None
    assert not Case.objects.exists()

    monkeypatch.setattr(loading, "audit_cases", real_audit)
    again = import_run(import_id=job.pk)
    assert (again.status, again.created) == ("succeeded", 2)
    assert Case.objects.count() == 2
