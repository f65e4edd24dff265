import datetime

from casework.services import case_transition
from reporting.models import AggregationRun, Cell, MonthlyCell
from reporting.runs import aggregation_run
from tests.casework.cases import record


def validated(region, case_type="trafficking", *, caseworker="caseworker_rs_ngo", **overrides):
    """A case recorded, submitted and validated by the coordinator of its territory."""
    user = region.users[caseworker]
    case = record(user, case_type, **overrides)
    case_transition(user=user, case_id=case.pk, action="submit")
    coordinator = region.users[f"national_{case.territory.lower()}"]
    return case_transition(user=coordinator, case_id=case.pk, action="validate")


def run(*, full=False, territory="") -> AggregationRun:
    created = AggregationRun.objects.create(full=full, territory=territory)
    return aggregation_run(run_id=created.pk)


def cells(**filters) -> dict:
    """Stored cells as {(table, territory, year, sex, age, category): value}."""
    return {
        (c.table, c.territory, c.year, c.sex, c.age, c.category): c.value
        for c in Cell.objects.filter(**filters)
    }


def monthly_cells() -> dict:
    """The monthly store, as {(table, territory, month, sex, age, category): value}."""
    return {
        (c.table, c.territory, c.month, c.sex, c.age, c.category): c.value
        for c in MonthlyCell.objects.all()
    }


def month(year, number=1):
    return datetime.date(year, number, 1)
