"""Who reads which cells: releases for everyone signed in, internal cells within scope."""

import pytest

from tests.reporting.pages.conftest import grid_of, html_tables
from tests.reporting.pages.test_table_page import TOTALS


@pytest.mark.parametrize("person", ["viewer", "caseworker_rs_ngo", "administrator"])
@pytest.mark.parametrize(
    "path",
    [
        "/statistics/?release=internal",
        "/statistics/thb_victims/?release=internal",
        "/statistics/thb_victims/chart/trend.svg?release=internal",
        "/statistics/thb_victims/xlsx?release=internal",
        "/statistics/report-pack.xlsx?release=internal",
    ],
)
def test_internal_cells_are_refused_to_people_without_the_permission(
    published, login, person, path
):
    assert login(person).get(path).status_code == 403


def test_a_regional_coordinator_reads_the_raw_counts_of_every_territory(published, login):
    response = login("regional").get("/statistics/thb_victims/?release=internal")
    assert response.status_code == 200
    shown = grid_of(html_tables(response)[TOTALS])
    assert shown[("Albania", "2013")] == "1"
    assert shown[("Serbia", "2013")] == "5"
    assert shown[("WB6", "2013")] == "6"
    html = response.content.decode()
    assert "c: confidential" not in html
    assert "Not for publication" in html


def test_a_national_coordinator_reads_the_raw_counts_of_their_territory_only(published, login):
    response = login("national_al").get("/statistics/thb_victims/?release=internal")
    assert response.status_code == 200
    shown = grid_of(html_tables(response)[TOTALS])
    assert {label for label, _year in shown} == {"Albania"}
    assert shown[("Albania", "2013")] == "1"


def test_a_national_coordinators_internal_breakdown_has_their_territory_only(published, login):
    response = login("national_rs").get("/statistics/thb_victims_exploitation/?release=internal")
    assert [key for key, _label in response.context["breakdown"].columns] == ["RS"]


def test_a_published_release_is_read_by_every_signed_in_person(published, login):
    for person in ("viewer", "caseworker_al_ngo", "administrator", "national_rs"):
        assert login(person).get("/statistics/thb_victims/?release=1").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/statistics/no_such_table/",
        "/statistics/no_such_table/xlsx",
        "/statistics/no_such_table/chart/trend.svg",
        "/statistics/thb_victims/?release=7",
        "/statistics/thb_victims/?release=first",
        "/statistics/thb_victims/chart/flows.svg",
        "/statistics/thb_victims/chart/breakdown.png",
        "/statistics/thb_victims/chart/pie.svg",
    ],
)
def test_an_unknown_table_release_or_chart_is_not_found(published, login, path):
    assert login("regional").get(path).status_code == 404


def test_a_release_still_being_audited_is_not_found(published, region, login):
    from reporting.models import Release

    Release.objects.create(number=2, published_by=region.users["regional"])
    assert login("viewer").get("/statistics/thb_victims/?release=2").status_code == 404
