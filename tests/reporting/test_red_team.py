"""The red team: attacks that beat the simple secondary rule and not the audited release.

Each attack is solved as the attacker's linear program (`tests.reporting.attack`, written apart
from the auditor): against what the simple rule publishes it pins a sensitive cell below k;
against the audited release no sensitive cell's largest possible value is below k, for an
outsider or for any territory's insider.
"""

import copy

from reporting.attacker import Program
from reporting.cells import CellRow
from reporting.disclosure import apply_policy, is_sensitive, know_published
from tests.reporting.attack import Published, largest
from tests.reporting.simple_rule import published_by_simple_rule

K = 5
TERRITORIES = ["AL", "BA", "ME", "MK", "RS", "XK"]


def line(values: dict[str, int], territory="RS", year=2013) -> list[CellRow]:
    """One territory's breakdown with its total."""
    cells = [
        CellRow("t", territory, year, "total", "total", "scope", category, value)
        for category, value in values.items()
    ]
    return [
        *cells,
        CellRow("t", territory, year, "total", "total", "scope", "total", sum(values.values())),
    ]


def grid(rows: list[list[int]]) -> list[CellRow]:
    """A sex × age table with its margins."""
    sexes, ages = ["female", "male", "unknown"], ["minor", "adult", "unknown"]
    cells = []
    for i, sex in enumerate([*sexes, "total"]):
        for j, age in enumerate([*ages, "total"]):
            column = [row[j] for row in rows] if j < 3 else [sum(row) for row in rows]
            value = rows[i][j] if i < 3 and j < 3 else sum(column) if i == 3 else sum(rows[i])
            cells.append(CellRow("t", "RS", 2013, sex, age, "total", "total", value))
    return cells


def regional(values: dict[str, int]) -> list[CellRow]:
    """One count per territory and the region's total."""
    cells = [
        CellRow("t", t, 2013, "total", "total", "total", "total", values[t]) for t in TERRITORIES
    ]
    return [
        *cells,
        CellRow("t", "WB6", 2013, "total", "total", "total", "total", sum(values.values())),
    ]


def audited(cells: list[CellRow], program: Program | None = None) -> list[CellRow]:
    published = copy.deepcopy(cells)
    outcome, _unknowns = apply_policy(published, threshold=K, rounding_base=1, program=program)
    assert outcome.passed
    return published


def raw(cells):
    return {c.key: c.value for c in cells}


def find(cells, **where) -> tuple:
    return next(c.key for c in cells if all(getattr(c, k) == v for k, v in where.items()))


def assert_every_sensitive_cell_safe(releases: list[Published], cells, **attack):
    """Outsiders and every territory's insider (for the other territories' cells)."""
    for cell in cells:
        if not is_sensitive(cell.value, K):
            continue
        assert largest(releases, cell.key, **attack) >= K - 1e-6, cell
        for insider in set(TERRITORIES) - {cell.territory}:
            assert largest(releases, cell.key, insider=insider, **attack) >= K - 1e-6, (
                cell,
                insider,
            )


def test_a_chain_of_groups_recovers_a_two_exactly_under_the_simple_rule():
    cells = grid([[8, 2, 6], [12, 2, 2], [1, 20, 1]])
    target = find(cells, sex="female", age="adult")
    simple = Published(published_by_simple_rule(cells, threshold=K), raw(cells))
    # Every group of the female adult cell holds two suppressed cells, yet the unknown row
    # (1 + 1) pins the unknown column, which pins the male row, which pins the adult column.
    assert largest([simple], target) == largest([simple], target, smallest=True) == 2

    release = Published(audited(cells), raw(cells))
    assert largest([release], target) >= K
    assert_every_sensitive_cell_safe([release], cells)


def test_a_different_mark_for_secondary_cells_pins_a_cell_to_one():
    cells = line({"internal": 1, "transnational": 5, "unknown": 30})
    target = find(cells, category="internal")
    simple_cells = published_by_simple_rule(cells, threshold=K)
    # The old marks: `<5` on the sensitive cell, another on the cell withheld to protect it,
    # which is then known to be at least k.
    marks = {target: (1, K - 1), find(cells, category="transnational"): (K, float("inf"))}
    marked = Published(simple_cells, raw(cells), marks=marks)
    assert largest([marked], target) == 1

    release = audited(cells)
    assert {c.flag for c in release if c.value is None} == {"c"}
    assert_every_sensitive_cell_safe([Published(release, raw(cells))], cells)


def test_an_insider_differences_the_region_under_the_simple_rule():
    cells = regional({"AL": 3, "BA": 40, "ME": 6, "MK": 25, "RS": 60, "XK": 30})
    target = find(cells, territory="AL")
    simple = Published(published_by_simple_rule(cells, threshold=K), raw(cells))
    # Albania and Montenegro are withheld; Montenegro's coordinator knows Montenegro, and
    # Albania is WB6 minus the other territories.
    assert largest([simple], target) >= K
    assert largest([simple], target, insider="ME") == 3

    release = audited(cells)
    assert_every_sensitive_cell_safe([Published(release, raw(cells))], cells)
    # The region's total stays published: territory cells are withheld first.
    assert release[-1].value == 164


def test_two_sensitive_cells_do_not_protect_each_other():
    cells = line({"internal": 1, "transnational": 2, "unknown": 40})
    target = find(cells, category="transnational")
    simple = Published(published_by_simple_rule(cells, threshold=K), raw(cells))
    # Two suppressed cells satisfy the simple rule, but 1 + 2 = 3 is still small.
    assert largest([simple], target) == 2

    release = audited(cells)
    assert find(release, value=None, category="unknown")
    assert_every_sensitive_cell_safe([Published(release, raw(cells))], cells)


def test_a_revision_is_differenced_against_its_predecessor():
    first = line({"internal": 3, "transnational": 7, "unknown": 9, "other": 30})
    # The revision changes the unknown cell (and the total); the rest is unchanged.
    second = line({"internal": 3, "transnational": 7, "unknown": 6, "other": 30})
    target = find(second, category="internal")
    unchanged = {find(second, category=c) for c in ("internal", "transnational", "other")}

    simple = [
        Published(published_by_simple_rule(first, threshold=K), raw(first)),
        Published(published_by_simple_rule(second, threshold=K), raw(second)),
    ]
    # Each release alone passes; together, the first's internal + transnational = 10 and the
    # second publishes transnational.
    assert largest(simple[:1], find(first, category="internal")) >= K
    assert largest(simple[1:], target) >= K
    assert largest(simple, target, unchanged=unchanged) == 3

    program = Program()
    first_release = audited(first)
    know_published(program, first_release, [c.value for c in first], threshold=K, rounding_base=1)
    second_release = audited(second, program=program)
    releases = [Published(first_release, raw(first)), Published(second_release, raw(second))]
    assert_every_sensitive_cell_safe(releases, second, unchanged=unchanged)
