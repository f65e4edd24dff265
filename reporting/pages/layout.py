"""The report's layout: cells arranged as the IOM report prints them.

- **Totals**: territory rows (the six, then WB6) × year columns of the table's total cell
  (sex, age and category all `total`).
- **Breakdown**: for one year, the table's categories (or sex × age) as rows × territories as
  columns, the total row last.

A shown cell is its value, or `c` where it is confidential (suppressed); a rounded value keeps
its `r` flag. Pages, charts and workbooks all read cells through these grids.
"""

from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from accounts.territories import REGION, Territory, needs_footnote
from casework import codes
from casework.countries import CITIZENSHIPS, UNKNOWN
from reporting.cells import FLAG_CONFIDENTIAL, FLAG_ROUNDED, CellRow
from reporting.tables import TOTAL, Table, grid

TOTAL_KEY = (TOTAL, TOTAL, TOTAL)
NOT_AVAILABLE = "–"


@dataclass(frozen=True)
class Shown:
    """One cell as it is shown: `value` is None where suppressed (flag `c`) or not available."""

    value: int | None
    flag: str = ""

    @property
    def confidential(self) -> bool:
        return self.flag == FLAG_CONFIDENTIAL

    @property
    def rounded(self) -> bool:
        return self.flag == FLAG_ROUNDED

    @property
    def text(self) -> str:
        if self.confidential:
            return FLAG_CONFIDENTIAL
        if self.value is None:
            return NOT_AVAILABLE
        return number_format(self.value, force_grouping=True)

    @property
    def charted(self) -> int | None:
        """The value a chart draws: none for a confidential or missing cell."""
        return None if self.confidential else self.value


MISSING = Shown(None)
ZERO = Shown(0)


@dataclass
class Row:
    key: object
    label: str
    cells: list[Shown]
    region: bool = False
    total: bool = False


@dataclass
class Grid:
    """Rows × columns of shown cells; `columns` are (key, label) pairs."""

    corner: str
    columns: list[tuple[object, str]]
    rows: list[Row] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.rows and self.columns)

    def _cells(self):
        return (cell for row in self.rows for cell in row.cells)

    @property
    def confidential(self) -> bool:
        return any(cell.confidential for cell in self._cells())

    @property
    def rounded(self) -> bool:
        return any(cell.rounded for cell in self._cells())

    @property
    def footnote(self) -> bool:
        """Kosovo* is shown (a territory, or a country of a breakdown): the footnote goes
        under the grid."""
        keys = [row.key for row in self.rows] + [key for key, _label in self.columns]
        codes_ = [code for key in keys for code in (key if isinstance(key, tuple) else (key,))]
        return any(isinstance(code, str) and needs_footnote(code) for code in codes_)

    def column(self, key) -> list[tuple[Row, Shown]]:
        index = [k for k, _label in self.columns].index(key)
        return [(row, row.cells[index]) for row in self.rows]


# Labels


def territory_label(code: str) -> str:
    if code == REGION:
        return REGION
    try:
        return str(Territory(code).label)
    except ValueError:
        return code


def category_label(table: Table, category: str) -> str:
    if category == TOTAL:
        return _("Total")
    if table.breakdown is None:
        return category
    if (vocabulary := table.vocabulary) is not None:
        if category in vocabulary.values:
            return str(vocabulary(category).label)
        return category
    # An open vocabulary: countries (and, for a citizenship, stateless or unknown).
    if not category:
        return _("Not given")
    return str(CITIZENSHIPS.name(category) or category)


def key_label(table: Table, key: tuple[str, str, str]) -> str:
    """The label of a breakdown row: a category, or a sex and an age class."""
    sex, age, category = key
    if not table.sex_age:
        return category_label(table, category)
    if key == TOTAL_KEY:
        return _("Total")
    return f"{sex_label(sex)}, {age_label(age)}"


def sex_label(sex: str) -> str:
    return _("All sexes") if sex == TOTAL else str(codes.Sex(sex).label)


def age_label(age: str) -> str:
    return _("all ages") if age == TOTAL else str(codes.AgeClass(age).label)


def has_breakdown(table: Table) -> bool:
    return table.sex_age or table.breakdown is not None


def is_open(table: Table) -> bool:
    return table.breakdown is not None and table.categories is None


def breakdown_label(table: Table) -> str:
    if table.sex_age:
        return _("Sex and age")
    return str(table.breakdown.label) if table.breakdown else _("Total")


# Grids


def years_of(cells: list[CellRow]) -> list[int]:
    return sorted({cell.year for cell in cells})


def totals(cells: list[CellRow], territories) -> Grid:
    """Territories as rows, years as columns, of the table's total cell."""
    at = {
        (c.territory, c.year): Shown(c.value, c.flag)
        for c in cells
        if (c.sex, c.age, c.category) == TOTAL_KEY
    }
    years = sorted({year for _territory, year in at})
    shown = [t for t in territories if any((t, year) in at for year in years)]
    return Grid(
        corner=_("Territory"),
        columns=[(year, str(year)) for year in years],
        rows=[
            Row(
                key=t,
                label=territory_label(t),
                cells=[at.get((t, year), MISSING) for year in years],
                region=t == REGION,
            )
            for t in shown
        ],
    )


def _breakdown_keys(table: Table, cells: list[CellRow]) -> list[tuple[str, str, str]]:
    if not is_open(table):
        return grid(table)

    def order(code):
        return (code in ("", UNKNOWN, "STLS"), category_label(table, code))

    found = sorted({c.category for c in cells if c.category != TOTAL}, key=order)
    return [*((TOTAL, TOTAL, code) for code in found), TOTAL_KEY]


def breakdown(table: Table, cells: list[CellRow], year: int | None, territories) -> Grid:
    """For one year: the table's categories (or sex × age) as rows, territories as columns.

    In an open vocabulary (countries) a country absent from a territory counts zero.
    """
    grid_ = Grid(corner=breakdown_label(table), columns=[])
    if year is None or not has_breakdown(table):
        return grid_
    of_year = [c for c in cells if c.year == year]
    at = {(c.territory, (c.sex, c.age, c.category)): Shown(c.value, c.flag) for c in of_year}
    shown = [t for t in territories if any(c.territory == t for c in of_year)]
    absent = ZERO if is_open(table) else MISSING
    grid_.columns = [(t, territory_label(t)) for t in shown]
    grid_.rows = [
        Row(
            key=key,
            label=key_label(table, key),
            cells=[at.get((t, key), absent) for t in shown],
            total=key == TOTAL_KEY,
        )
        for key in _breakdown_keys(table, of_year)
    ]
    return grid_


# Choices a request makes


def choose_year(value, years: list[int]) -> int | None:
    """The year asked for when the table has it, else the latest."""
    if value is not None and str(value).isascii() and str(value).isdigit() and int(value) in years:
        return int(value)
    return years[-1] if years else None


def choose_territory(value, territories) -> str | None:
    """The territory asked for when shown, else WB6, else the first shown."""
    territories = list(territories)
    if value in territories:
        return value
    if REGION in territories:
        return REGION
    return territories[0] if territories else None
