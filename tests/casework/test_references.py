"""References: numbered per territory, case type and year, never twice."""

from casework.references import references_allocate, references_for_years


def test_references_count_up_per_year_whatever_order_the_years_come_in(db):
    first = references_allocate(territory="RS", case_type="trafficking", year=2013, count=2)
    assert first == ["RS-THB-2013-000001", "RS-THB-2013-000002"]
    assert references_for_years(
        territory="RS", case_type="trafficking", years=[2013, 2012, 2013]
    ) == ["RS-THB-2013-000003", "RS-THB-2012-000001", "RS-THB-2013-000004"]
    assert references_allocate(territory="RS", case_type="readmission", year=2013) == [
        "RS-RDM-2013-000001"
    ]
    assert references_allocate(territory="AL", case_type="trafficking", year=2013) == [
        "AL-THB-2013-000001"
    ]
