"""Runs: incremental equals full, interruption leaves the previous cells, the reference
figures are reproduced from case records."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casework.services import case_transition, case_update
from reporting import aggregation
from reporting.models import AggregationRun, Cell
from tests.casework.cases import DATA, record
from tests.reporting.helpers import cells, month, monthly_cells, run, validated

EDITS = st.lists(
    st.tuples(
        st.sampled_from(["add", "withdraw", "reopen", "revalidate", "move"]),
        st.sampled_from(["trafficking", "smuggling", "readmission"]),
        st.sampled_from(["caseworker_rs_ngo", "caseworker_al_ngo"]),
        st.integers(min_value=2012, max_value=2013),
        st.sampled_from([1, 6]),  # two months of a year: with `other_month` below
        st.integers(min_value=0, max_value=20),
    ),
    min_size=1,
    max_size=12,
)


def apply(region, edit, cases):
    action, case_type, caseworker, year, number, pick = edit
    if action == "add" or not cases:
        cases.append(validated(region, case_type, caseworker=caseworker, month=month(year, number)))
        return
    case = cases[pick % len(cases)]
    case.refresh_from_db()
    coordinator = region.users[f"national_{case.territory.lower()}"]
    worker = region.users[f"caseworker_{case.territory.lower()}_ngo"]
    if action == "withdraw" and case.status != "withdrawn":
        case_transition(
            user=coordinator, case_id=case.pk, action="withdraw", reason="x", version=case.version
        )
    elif action == "reopen" and case.status == "validated":
        case_transition(
            user=coordinator, case_id=case.pk, action="reopen", reason="x", version=case.version
        )
    elif action == "revalidate" and case.status == "returned":
        case_transition(user=worker, case_id=case.pk, action="submit")
        case_transition(user=coordinator, case_id=case.pk, action="validate")
    elif action == "move" and case.status == "returned":
        data = DATA[case.case_type](month=month(year, number))
        case_update(user=worker, case_id=case.pk, version=case.version, data=data)


@settings(max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(before=EDITS, after=EDITS)
def test_incremental_runs_give_the_cells_of_a_full_run_after_any_edits(region, before, after):
    Cell.objects.all().delete()
    from casework.models import Case

    Case.objects.filter(territory__in=["RS", "AL"]).update(status="draft")
    run(full=True)
    cases = []
    for edit in before:
        apply(region, edit, cases)
    run()
    for edit in after:
        apply(region, edit, cases)
    # The other month of the first case's partition becomes dirty too: when the first case's
    # month is clean, the run must add its stored counts to the year.
    first = cases[0]
    caseworker = f"caseworker_{first.territory.lower()}_ngo"
    other_month = month(first.month.year, 7 - first.month.month)
    validated(region, first.case_type, caseworker=caseworker, month=other_month)
    run()
    incremental = cells()
    run(full=True)
    assert cells() == incremental


def test_a_run_that_dies_midway_leaves_the_previous_cells_and_a_rerun_matches(
    region, monkeypatch, django_capture_on_commit_callbacks
):
    validated(region)
    run(full=True)
    before, monthly_before = cells(), monthly_cells()
    validated(region, "smuggling")
    validated(region, "readmission")

    real = aggregation._count_unit
    calls = {"n": 0}

    def dies_in_the_middle(cursor, unit, partitions):
        calls["n"] += 1
        if calls["n"] == 3:  # victims and incidents counted, migrants not
            raise RuntimeError("the worker died")
        return real(cursor, unit, partitions)

    monkeypatch.setattr(aggregation, "_count_unit", dies_in_the_middle)
    interrupted = AggregationRun.objects.create()
    with pytest.raises(RuntimeError):
        from reporting.runs import aggregation_run

        aggregation_run(run_id=interrupted.pk)
    assert (cells(), monthly_cells()) == (before, monthly_before)
    assert AggregationRun.objects.get(pk=interrupted.pk).status == "failed"

    monkeypatch.setattr(aggregation, "_count_unit", real)
    from reporting.runs import aggregation_retry

    with django_capture_on_commit_callbacks(execute=True):
        aggregation_retry(user=region.users["regional"], run_id=interrupted.pk)
    assert AggregationRun.objects.get(pk=interrupted.pk).status == "succeeded"
    rerun = cells()
    run(full=True)
    assert cells() == rerun
    assert rerun[("som_incidents", "RS", 2013, "total", "total", "total")] == 1


def test_a_finished_run_is_not_run_again(region):
    validated(region)
    finished = run()
    validated(region)
    from reporting.runs import aggregation_run

    again = aggregation_run(run_id=finished.pk)
    assert again.finished_at == finished.finished_at
    assert cells()[("thb_victims", "RS", 2013, "total", "total", "total")] == 1


def test_the_albania_reference_is_reproduced_exactly_from_case_records(
    region, django_capture_on_commit_callbacks
):
    from casework.imports.services import import_receive, import_validate
    from tests.casework.imports.reference import albania_cases_csv, albania_reference

    reference = albania_reference()
    with django_capture_on_commit_callbacks(execute=True):
        job = import_receive(
            user=region.users["caseworker_al_ngo"],
            case_type="trafficking",
            file_name="albania.csv",
            content=albania_cases_csv(reference).encode(),
        )
    import_validate(user=region.users["national_al"], import_id=job.pk)
    run()
    stored = cells(territory="AL")
    for row in reference:
        key = (row["table"], "AL", int(row["year"]), row["sex"], row["age"], "total")
        assert stored[key] == int(row["value"]), key


def test_the_aggregate_command_runs_in_the_foreground(region, capsys):
    from django.core.management import call_command

    validated(region)
    call_command("aggregate", "--full")
    assert "succeeded" in capsys.readouterr().out
    assert cells()[("thb_victims", "RS", 2013, "total", "total", "total")] == 1


def test_the_nightly_schedule_is_editable_and_starts_a_system_run(region):
    from django_celery_beat.models import PeriodicTask

    from reporting.tasks import aggregation_nightly

    task = PeriodicTask.objects.get(task="reporting.aggregate_nightly")
    assert (task.crontab.hour, task.crontab.minute) == ("2", "0")
    validated(region)
    run_id = aggregation_nightly()
    nightly = AggregationRun.objects.get(pk=run_id)
    assert nightly.started_by is None


def test_drafts_never_reach_the_statistics(region):
    record(region.users["caseworker_rs_ngo"])
    run(full=True)
    assert not Cell.objects.exists()
