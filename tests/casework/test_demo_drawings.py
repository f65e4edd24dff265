"""The demo draws each declared case type by its declaration, and no type as another."""

import pytest

from casework.demo import region
from casework.demo.drawings import DRAWINGS, NotDrawn, drawing
from casework.types import UndeclaredCaseType, declared_types


@pytest.mark.parametrize("declaration", declared_types(), ids=str)
def test_every_declared_type_is_drawn_with_its_declared_share_trend_and_rows(declaration):
    assert region.CASE_TYPES[declaration.code] == declaration.demo.share
    assert region.YEAR_TRENDS[declaration.code] == list(declaration.demo.trend)
    assert set(drawing(declaration.code).rows) == {rows.name for rows in declaration.rows}


def test_the_demo_region_keeps_its_published_shares_and_trends():
    # The demo's figures are compared between runs and releases: a seed gives the same region.
    assert region.CASE_TYPES == {"trafficking": 15, "smuggling": 35, "readmission": 50}
    assert region.YEAR_TRENDS == {
        "trafficking": [10, 10, 9, 9, 10],
        "smuggling": [4, 6, 9, 13, 24],
        "readmission": [12, 11, 10, 10, 9],
    }


@pytest.mark.parametrize("case_type", ["asylum", "", None])
def test_drawing_an_undeclared_type_raises_instead_of_drawing_another(case_type):
    with pytest.raises(UndeclaredCaseType):
        drawing(case_type)


def test_drawing_a_declared_type_the_demo_does_not_draw_raises(monkeypatch):
    monkeypatch.delitem(DRAWINGS, "readmission")
    with pytest.raises(NotDrawn):
        drawing("readmission")
