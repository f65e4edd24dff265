"""Releases: audited suppression, rounding, publishing, and who publishes."""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casework.errors import ActionNotAllowed
from reporting.cells import CellRow
from reporting.disclosure import apply_policy, round_to
from reporting.models import Release, ReleaseCell
from reporting.releases import PartitionsPending, release_start
from tests.reporting.attack import Published, largest
from tests.reporting.helpers import month, run, validated


def breakdown_table(values: dict[str, int], territory="RS") -> list[CellRow]:
    cells = [
        CellRow("t", territory, 2013, "total", "total", "scope", category, value)
        for category, value in values.items()
    ]
    cells.append(
        CellRow("t", territory, 2013, "total", "total", "scope", "total", sum(values.values()))
    )
    return cells


def published(cells):
    return {c.category: c.value for c in cells}


def test_cells_below_the_threshold_are_confidential_and_zeros_are_published():
    cells = breakdown_table({"internal": 3, "transnational": 40, "unknown": 0})
    apply_policy(cells, threshold=5, rounding_base=1)
    shown = published(cells)
    assert shown["internal"] is None
    assert shown["unknown"] == 0
    assert {c.flag for c in cells if c.value is None} == {"c"}


def test_a_lone_suppressed_cell_in_a_group_gets_a_partner():
    cells = breakdown_table({"internal": 3, "transnational": 40, "unknown": 12})
    apply_policy(cells, threshold=5, rounding_base=1)
    shown = published(cells)
    # The smallest other non-zero cell is withheld too, with the same mark.
    assert shown["internal"] is None and shown["unknown"] is None
    assert shown["transnational"] == 40 and shown["total"] == 55
    assert {c.flag for c in cells if c.value is None} == {"c"}


def values_with_sensitive():
    return st.dictionaries(
        st.sampled_from(["a", "b", "c", "d", "e"]),
        st.integers(min_value=0, max_value=30),
        min_size=2,
    )


@settings(max_examples=40, deadline=None, database=None)
@given(
    tables=st.lists(values_with_sensitive(), min_size=1, max_size=4),
    k=st.integers(2, 6),
    base=st.sampled_from([1, 1, 5]),
)
def test_every_audited_release_passes_an_independent_reaudit(tables, k, base):
    territories = ["AL", "BA", "RS", "ME"]
    cells = list(
        itertools.chain.from_iterable(
            breakdown_table(values, territory=territory)
            for values, territory in zip(tables, territories, strict=False)
        )
    )
    raw = {c.key: c.value for c in cells}
    outcome, _unknowns = apply_policy(cells, threshold=k, rounding_base=base)
    assert outcome.passed
    release = Published(cells, raw, rounding_base=base)
    for key, value in raw.items():
        shown = next(c for c in cells if c.key == key)
        if 0 < value < k:
            assert shown.value is None
            assert largest([release], key) >= k - 1e-6
            for insider in set(territories) - {key[1]}:
                assert largest([release], key, insider=insider) >= k - 1e-6
        if shown.value is None:
            assert value > 0  # zeros are published: the attacker may count on it


@pytest.mark.parametrize(
    ("value", "base", "rounded"),
    [(0, 5, 0), (2, 5, 0), (3, 5, 5), (7, 5, 5), (8, 5, 10), (12, 1, 12)],
)
def test_rounding_to_a_base(value, base, rounded):
    assert round_to(value, base) == rounded


def test_rounded_totals_come_from_raw_counts_not_from_rounded_cells():
    cells = breakdown_table({"internal": 7, "transnational": 7, "unknown": 7})
    apply_policy(cells, threshold=5, rounding_base=5)
    shown = published(cells)
    assert shown["internal"] == 5 and shown["total"] == 20  # 21 rounded, not 5 + 5 + 5
    assert {c.flag for c in cells} == {"r"}


@pytest.fixture
def released(region, django_capture_on_commit_callbacks):
    for _ in range(6):
        validated(region, month=month(2013))
    validated(region, "readmission")
    validated(region, caseworker="caseworker_al_ngo")
    run()
    with django_capture_on_commit_callbacks(execute=True):
        release_start(user=region.users["regional"])
    return Release.objects.get()


def test_a_regional_coordinator_publishes_a_frozen_release(released):
    assert (released.number, released.status) == (1, "published")

    def cell(territory, table="thb_victims"):
        found = ReleaseCell.objects.get(
            release=released,
            table=table,
            territory=territory,
            year=2013,
            sex="total",
            age="total",
            category="total",
        )
        return found.value, found.flag, found.raw_value

    # Albania's single victim is confidential. Serbia's coordinator knows Serbia's six, and
    # WB6 minus Serbia would give Albania: the region's total is withheld (one unknown in
    # every table of victims), and Serbia's own count is published.
    assert cell("AL") == (None, "c", 1)
    assert cell("RS") == (6, "", 6)
    assert cell("WB6") == (None, "c", 7)
    assert cell("WB6", "thb_victims_sex_age") == (None, "c", 7)
    assert released.certificate["passed"] is True
    assert cell("BA") == (0, "", 0)
    assert cell("RS", "rdm_returnees") == (None, "c", 1)


@pytest.mark.parametrize("person", ["national_rs", "caseworker_rs_ngo", "viewer", "administrator"])
def test_only_a_regional_coordinator_publishes(region, person):
    with pytest.raises(ActionNotAllowed):
        release_start(user=region.users[person])


def test_publishing_waits_for_pending_partitions(region):
    validated(region)
    with pytest.raises(PartitionsPending):
        release_start(user=region.users["regional"])
    run()
    release_start(user=region.users["regional"])
