"""The check of a file's external ids against the organisation's cases keeps a safe plan
whatever the planner's statistics say: the file's ids drive it, one probe of the unique index
each, never a loop over the organisation's cases per id."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework.imports.external_ids import external_ids_held
from casework.imports.services import import_receive, import_run
from casework.models import ImportJob
from tests.casework.imports.files import READMISSION_HEADER, READMISSION_ROW

LOADED = 20_000


def _loaded(user, count: int) -> ImportJob:
    content = f"external_id,{READMISSION_HEADER}\r\n"
    content += "".join(f"E-{n},{READMISSION_ROW}\r\n" for n in range(count))
    job = import_receive(
        user=user,
        case_type="readmission",
        file_name="bulk.csv",
        content=content.encode(),
        queue=False,
    )
    return import_run(import_id=job.pk)


def _scans_of_cases(plan: dict) -> list[dict]:
    found = [plan] if plan.get("Relation Name") == "casework_case" else []
    for child in plan.get("Plans", ()):
        found += _scans_of_cases(child)
    return found


def _analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE casework_case")


@pytest.mark.postgresql
@pytest.mark.parametrize("statistics", ["taken before the bulk load", "fresh"])
def test_the_external_id_check_probes_the_unique_index_once_per_id_whatever_the_statistics(
    region, statistics
):
    user = region.users["caseworker_rs_ngo"]
    if statistics != "fresh":
        _analyze()  # the table as it was: none of the organisation's cases, no external id
    loaded = _loaded(user, LOADED)
    assert loaded.status == "succeeded", loaded.errors[:3]
    if statistics == "fresh":
        _analyze()
    again = ImportJob.objects.create(
        case_type="readmission", organisation=loaded.organisation, created_by=user
    )
    checked = {
        "row": list(range(2, LOADED + 2)),
        "external_id": [f"E-{n}" for n in range(LOADED)],
    }
    with CaptureQueriesContext(connection) as queries:
        held = external_ids_held(organisation=loaded.organisation, checked=checked, besides=again)
    assert held == {f"E-{n}": n + 2 for n in range(LOADED)}
    (query,) = queries.captured_queries
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + query["sql"])
        (explained,) = cursor.fetchone()
    plan = (json.loads(explained) if isinstance(explained, str) else explained)[0]["Plan"]
    scans = _scans_of_cases(plan)
    assert scans and all(
        scan["Node Type"] in ("Index Scan", "Index Only Scan")
        and scan.get("Index Name") == "case_external_id_unique_per_organisation"
        and "external_id" in scan.get("Index Cond", "")
        for scan in scans
    ), [{k: v for k, v in scan.items() if k != "Plans"} for scan in scans]
