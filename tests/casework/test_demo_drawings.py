"""The demo draws each declared case type by its declaration, and no type as another."""

import dataclasses

import pytest

from casework import codes, types
from casework.demo import region
from casework.demo.cases import Block, Draw
from casework.demo.drawings import DRAWINGS, NotDrawn, drawing
from casework.types import UndeclaredCaseType, declared, declared_types


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


def _declared_like(monkeypatch, declaration, **weights):
    """A new type, declared as `declaration` is but with no drawing of its own."""
    demo = dataclasses.replace(declaration.demo, weights=weights)
    new = dataclasses.replace(declaration, code="newcomer", demo=demo)
    monkeypatch.setitem(types.CASE_TYPES, "newcomer", new)
    return new


def test_a_person_shaped_type_without_a_drawing_is_drawn_from_its_declared_weights(monkeypatch):
    new = _declared_like(
        monkeypatch,
        declared("trafficking"),
        citizenship={"RS": 3, "AF": 1},
        country_of_exploitation={"RS": 1, "DE": 1},
        exploitation={"sexual": 1, "sexual|forced_labour": 1},
    )

    drawn = drawing("newcomer").record(Draw(7), Block("newcomer", "RS", 2010, 200))

    assert set(drawn) >= {f.name for f in new.fields}
    assert set(drawn["citizenship"]) == {"RS", "AF"}
    assert set(drawn["sex"]) == set(codes.Sex.values)  # no weights: every code, evenly
    assert set(drawn["exploitation_category"]) == {"sexual", "multiple"}
    assert drawn["scope"] == [
        codes.trafficking_scope(citizenship=c, country_of_exploitation=p)
        for c, p in zip(drawn["citizenship"], drawn["country_of_exploitation"], strict=True)
    ]
    assert drawn["pseudonym"] is None  # synthetic people have no identity


def test_a_type_whose_countries_have_no_weights_is_not_drawn_evenly_over_the_world(monkeypatch):
    _declared_like(monkeypatch, declared("readmission"), citizenship={"RS": 1})
    with pytest.raises(NotDrawn):
        drawing("newcomer")
