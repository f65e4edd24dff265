"""Every export of internal cells is audited, whatever its door and format, with what was
taken; so is every download of a published release."""

import pytest

from audit.models import Action, AuditEvent

API = "/api/v1/statistics/tables/thb_victims/"


def the_export(response) -> AuditEvent:
    assert response.status_code == 200
    [event] = AuditEvent.objects.filter(action=Action.EXPORT)
    return event


@pytest.mark.parametrize(("query", "fmt"), [({}, "json"), ({"format": "csv"}, "csv")])
def test_internal_cells_read_through_the_api_are_audited_with_their_filters(
    published, api, region, query, fmt
):
    response = api("national_rs").get(API, {"release": "internal", "year": "2013", **query})
    event = the_export(response)
    assert (event.actor, event.territory) == (region.users["national_rs"], "RS")
    assert event.detail == {
        "export": "table_cells",
        "format": fmt,
        "release": "internal",
        "territories": ["RS"],
        "filters": {"year": 2013},
        "table": "thb_victims",
    }


def test_a_regional_coordinators_internal_cells_name_every_territory_taken(published, api):
    event = the_export(api("regional").get(API, {"release": "internal"}))
    assert event.territory == ""
    assert {"RS", "AL", "WB6"} <= set(event.detail["territories"])
    assert "filters" not in event.detail


def test_a_published_release_downloaded_as_csv_is_audited(published, api, region):
    event = the_export(api("viewer").get(API, {"format": "csv", "territory": "AL"}))
    assert event.actor == region.users["viewer"]
    assert event.detail == {
        "export": "table_cells",
        "format": "csv",
        "release": "1",
        "filters": {"territory": "AL"},
        "table": "thb_victims",
    }


def test_a_tables_page_of_internal_cells_is_audited(published, login, region):
    event = the_export(login("national_rs").get("/statistics/thb_victims/?release=internal"))
    assert event.actor == region.users["national_rs"]
    assert event.detail["export"] == "statistics_page"
    assert (event.detail["format"], event.detail["release"]) == ("html", "internal")
    assert (event.detail["table"], event.detail["territories"]) == ("thb_victims", ["RS"])


def test_a_chart_of_internal_cells_is_audited(published, login):
    response = login("national_rs").get(
        "/statistics/thb_victims_exploitation/chart/breakdown.svg"
        "?release=internal&year=2013&territory=RS"
    )
    event = the_export(response)
    assert event.detail == {
        "export": "chart",
        "format": "svg",
        "release": "internal",
        "territories": ["RS"],
        "filters": {"year": 2013, "territory": "RS"},
        "table": "thb_victims_exploitation",
        "chart": "breakdown",
    }


def test_a_chart_of_a_release_downloaded_is_audited_keeping_no_text_of_the_query(published, login):
    response = login("viewer").get(
        "/statistics/thb_victims/chart/trend.png?release=1&download=1&year=Jovana&territory=Jovana"
    )
    event = the_export(response)
    assert event.detail == {
        "export": "chart",
        "format": "png",
        "release": "1",
        "table": "thb_victims",
        "chart": "trend",
    }
