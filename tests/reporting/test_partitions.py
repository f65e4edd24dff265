"""Partitions: a changed case makes stale its territory, month and case type, and a run
recomputes those alone; an upgraded database marks what its first run must compute."""

import datetime

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from casework.services import case_transition
from reporting.models import Cell, DirtyPartition, MonthlyCell
from reporting.partitions import Partition, dirty_partitions
from tests.reporting.helpers import cells, month, run, validated

TOTAL = ("total", "total", "total")


def test_a_change_marks_the_territory_month_and_type_of_its_case(region):
    case = validated(region, "smuggling", month=month(2012, 5))
    assert dirty_partitions()[0] == [Partition("RS", datetime.date(2012, 5, 1), "smuggling")]
    run()
    case_transition(
        user=region.users["national_rs"],
        case_id=case.pk,
        action="reopen",
        reason="x",
        version=case.version,
    )
    assert dirty_partitions()[0] == [Partition("RS", datetime.date(2012, 5, 1), "smuggling")]


def test_a_changed_trafficking_case_leaves_the_other_types_cells_be(region):
    validated(region)
    validated(region, "smuggling")
    run(full=True)
    Cell.objects.filter(table="som_incidents", territory="RS").update(value=99)  # untouched?
    validated(region)
    finished = run()
    assert finished.partitions == 1
    assert cells()[("thb_victims", "RS", 2013, *TOTAL)] == 2
    assert cells()[("som_incidents", "RS", 2013, *TOTAL)] == 99


def test_a_run_recomputes_the_dirty_month_and_adds_up_the_stored_months_of_its_year(region):
    validated(region, month=month(2013, 1))
    validated(region, month=month(2013, 6))
    run(full=True)
    january = MonthlyCell.objects.filter(month=month(2013, 1), territory="RS")
    january.filter(table="thb_victims").update(value=40)  # a marker: not recomputed?
    validated(region, month=month(2013, 6))
    run()
    assert cells()[("thb_victims", "RS", 2013, *TOTAL)] == 40 + 2
    assert cells()[("thb_victims", "WB6", 2013, *TOTAL)] == 40 + 2


def test_a_case_moved_out_of_its_year_leaves_no_cells_there(region):
    from casework.services import case_update
    from tests.casework.cases import DATA

    case = validated(region, month=month(2012, 3))
    run()
    coordinator, worker = region.users["national_rs"], region.users["caseworker_rs_ngo"]
    case = case_transition(
        user=coordinator, case_id=case.pk, action="reopen", reason="month", version=case.version
    )
    case_update(
        user=worker,
        case_id=case.pk,
        version=case.version,
        data=DATA["trafficking"](month=month(2013, 3)),
    )
    case_transition(user=worker, case_id=case.pk, action="submit")
    case_transition(user=coordinator, case_id=case.pk, action="validate")
    run()
    assert not Cell.objects.filter(year=2012).exists()
    assert not MonthlyCell.objects.filter(month__year=2012).exists()
    assert cells()[("thb_victims", "WB6", 2013, *TOTAL)] == 1


def test_upgrading_marks_every_partition_with_cases_and_an_old_years_mark_spreads_over_it(
    transactional_db, region
):
    validated(region, month=month(2012, 5))
    DirtyPartition.objects.all().delete()  # the old schema cannot hold these marks
    executor = MigrationExecutor(connection)
    before, after = ("reporting", "0003_nightly_schedule"), ("reporting", "0004_monthly_cells")
    executor.migrate([before])
    old_apps = executor.loader.project_state([before]).apps
    old_apps.get_model("reporting", "DirtyPartition").objects.create(territory="AL", year=2011)

    executor = MigrationExecutor(connection)
    executor.migrate([after])
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    marked = set(dirty_partitions()[0])
    assert Partition("RS", datetime.date(2012, 5, 1), "trafficking") in marked
    assert {p for p in marked if p.territory == "AL"} == {
        Partition("AL", datetime.date(2011, number, 1), case_type)
        for number in range(1, 13)
        for case_type in ("trafficking", "smuggling", "readmission")
    }
    assert len(marked) == 1 + 36


def test_a_run_with_more_dirty_partitions_than_a_full_pass_costs_makes_a_full_pass(
    region, monkeypatch
):
    from reporting import runs

    validated(region, "smuggling")
    run(full=True)
    Cell.objects.filter(table="som_incidents", territory="RS").update(value=99)  # recomputed?
    for number in (1, 2, 3):
        validated(region, month=month(2012, number))
    monkeypatch.setattr(runs, "FULL_RUN_ABOVE", 2)
    run()
    assert cells()[("som_incidents", "RS", 2013, *TOTAL)] == 1  # a clean partition, redone
    assert cells()[("thb_victims", "RS", 2012, *TOTAL)] == 3
    assert dirty_partitions()[0] == []
