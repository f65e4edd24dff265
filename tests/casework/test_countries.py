import pytest
from django.utils import translation

from casework.countries import CITIZENSHIPS, NEIGHBOURS, PLACES, codes


def test_citizenship_holds_iso_codes_kosovo_stateless_and_unknown():
    citizenship = codes(CITIZENSHIPS)
    assert {"AF", "SY", "DE", "RS", "AL", "MK", "XK", "STLS", "UNK"} <= citizenship
    assert len(citizenship) >= 249 + 2


def test_a_place_may_be_unknown_but_never_stateless():
    assert "UNK" in codes(PLACES)
    assert "STLS" not in codes(PLACES)


def test_a_border_neighbour_is_a_real_country():
    assert {"GR", "HU", "XK"} <= codes(NEIGHBOURS)
    assert not {"UNK", "STLS"} & codes(NEIGHBOURS)


@pytest.mark.parametrize(("code", "name"), [("XK", "Kosovo*"), ("STLS", "Stateless")])
def test_the_region_codes_have_names(code, name):
    assert CITIZENSHIPS.name(code) == name


def test_country_names_are_translated():
    with translation.override("de"):
        assert CITIZENSHIPS.name("DE") == "Deutschland"
