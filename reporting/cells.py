"""Reading cells: internal (raw, for coordinators in scope) or of a release (for everyone).

Cells are stored without zeros; reading fills the zeros every closed vocabulary emits, from
the table's declaration. Open vocabularies (countries) show the codes with a count.
"""

from dataclasses import asdict, dataclass

from accounts.access import territories_in_scope
from accounts.roles import Reach, reaches
from accounts.territories import REGION, reporting_territories
from reporting.models import Cell, Release, ReleaseCell
from reporting.tables import TOTAL, Table, grid

FLAG_CONFIDENTIAL = "c"
FLAG_ROUNDED = "r"


@dataclass
class CellRow:
    table: str
    territory: str
    year: int
    sex: str
    age: str
    breakdown: str
    category: str
    value: int | None
    flag: str = ""

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def key(self) -> tuple:
        return (
            self.table,
            self.territory,
            self.year,
            self.sex,
            self.age,
            self.breakdown,
            self.category,
        )


def territory_order() -> list[str]:
    return [*(t.value for t in reporting_territories()), REGION]


def internal_territories(user) -> list[str]:
    """Whose raw cells `user` reads: their territories in scope, and WB6 for a regional
    coordinator (a national coordinator's WB6 would reveal the other territories)."""
    if not user.has_perm("reporting.view_internal_cells"):
        return []
    scope = set(territories_in_scope(user))
    if reaches(user, Reach.REGION):
        scope.add(REGION)
    return [code for code in territory_order() if code in scope]


def internal_years() -> list[int]:
    return sorted(set(Cell.objects.values_list("year", flat=True).distinct()))


def _ordered(table: Table, rows: list[CellRow]) -> list[CellRow]:
    territories = {code: i for i, code in enumerate(territory_order())}
    declared = {key: i for i, key in enumerate(grid(table))}

    def position(row: CellRow):
        key = (row.sex, row.age, row.category)
        is_total = row.category == TOTAL
        return (
            territories.get(row.territory, 99),
            row.year,
            declared.get(key, len(declared) - 1 if is_total else -1),
            row.category,
        )

    return sorted(rows, key=position)


def internal_cells(
    table: Table, *, territories: list[str], years: list[int] | None = None
) -> list[CellRow]:
    """Raw counts of `table` for `territories` (WB6 included when asked) and `years`."""
    years = years if years is not None else internal_years()
    stored = Cell.objects.filter(table=table.id, territory__in=territories, year__in=years)
    rows = {
        (c.territory, c.year, c.sex, c.age, c.category): c.value
        for c in stored.only("territory", "year", "sex", "age", "category", "value")
    }
    cells = []
    for territory in territories:
        for year in years:
            keys = {(sex, age, category) for sex, age, category in grid(table)}
            keys |= {(s, a, c) for (t, y, s, a, c) in rows if t == territory and y == year}
            cells += [
                CellRow(
                    table.id,
                    territory,
                    year,
                    sex,
                    age,
                    table.breakdown_field,
                    category,
                    rows.get((territory, year, sex, age, category), 0),
                )
                for sex, age, category in keys
            ]
    return _ordered(table, cells)


def release_cells(
    table: Table,
    release: Release,
    *,
    territories: list[str] | None = None,
    years: list[int] | None = None,
) -> list[CellRow]:
    stored = ReleaseCell.objects.filter(release=release, table=table.id)
    if territories is not None:
        stored = stored.filter(territory__in=territories)
    if years is not None:
        stored = stored.filter(year__in=years)
    return _ordered(
        table,
        [
            CellRow(
                c.table, c.territory, c.year, c.sex, c.age, c.breakdown, c.category, c.value, c.flag
            )
            for c in stored
        ],
    )


def all_internal_cells(tables: list[Table]) -> list[CellRow]:
    """Every raw cell of every territory and the region, zeros included: what a release
    freezes."""
    territories = [*(t.value for t in reporting_territories()), REGION]
    return [cell for table in tables for cell in internal_cells(table, territories=territories)]
