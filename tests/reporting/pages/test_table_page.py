"""The table page: totals per territory and year, confidential cells, notes and links."""

import re
from zoneinfo import ZoneInfo

import pytest

from accounts.territories import KOSOVO_FOOTNOTE
from tests.reporting.pages.conftest import grid_of, html_tables

TOTALS = "Victims of trafficking: total per territory and year"


def totals_of(response) -> dict[tuple[str, str], str]:
    return grid_of(html_tables(response)[TOTALS])


def test_the_page_shows_each_territorys_published_total_per_year(published, login):
    response = login("viewer").get("/statistics/thb_victims/")
    assert response.status_code == 200
    shown = totals_of(response)
    assert shown[("Serbia", "2012")] == "5"
    assert shown[("WB6", "2012")] == "5"
    assert shown[("Albania", "2012")] == "0"
    assert shown[("WB6", "2013")] == "c"
    assert shown[("Serbia", "2013")] == "5"
    assert [label for label, year in shown if year == "2012"] == [
        "Albania",
        "Bosnia and Herzegovina",
        "Kosovo*",
        "Montenegro",
        "North Macedonia",
        "Serbia",
        "WB6",
    ]


def test_a_suppressed_cell_reads_c_with_the_confidential_legend(published, login):
    response = login("viewer").get("/statistics/thb_victims/")
    shown = totals_of(response)
    assert shown[("Albania", "2013")] == "c"
    # WB6's 6 would give Albania's count away to Serbia's coordinator, who knows Serbia's 5:
    # it is marked the same way.
    assert shown[("WB6", "2013")] == "c"
    assert "c: confidential" in response.content.decode()


def test_the_kosovo_footnote_is_shown_below_the_table(published, login):
    html = login("viewer").get("/statistics/thb_victims/").content.decode()
    notes = html.split(TOTALS, 1)[1].split("</section>", 1)[0]
    assert f'<p class="table-footnote">* {KOSOVO_FOOTNOTE}</p>' in notes


def test_rounded_cells_are_noted_with_their_base(counted, publish, login):
    publish(rounding_base=2)
    response = login("viewer").get("/statistics/thb_victims/")
    assert totals_of(response)[("Serbia", "2012")] == "6r"
    assert "r: rounded to a multiple of 2" in response.content.decode()


def test_the_breakdown_of_a_chosen_year_lists_categories_by_territory(published, login):
    response = login("viewer").get("/statistics/thb_victims_exploitation/?year=2012")
    shown = grid_of(html_tables(response)["Victims of trafficking by form of exploitation, 2012"])
    assert shown[("Sexual exploitation", "Serbia")] == "5"
    assert shown[("Forced labour", "Serbia")] == "0"
    assert shown[("Total", "WB6")] == "5"


def test_the_breakdown_defaults_to_the_latest_year(published, login):
    response = login("viewer").get("/statistics/thb_victims_sex_age/")
    assert response.context["year"] == 2013
    assert "Victims of trafficking by sex and age, 2013" in html_tables(response)


def test_a_table_without_a_breakdown_has_no_second_table(published, login):
    response = login("viewer").get("/statistics/thb_victims/")
    assert list(html_tables(response)) == [TOTALS]


def test_the_page_links_charts_and_downloads_of_the_release_shown(published, login):
    html = login("viewer").get("/statistics/rdm_returnees_state/").content.decode()
    for kind in ("trend", "breakdown", "flows"):
        assert f'<img src="/statistics/rdm_returnees_state/chart/{kind}.svg?release=1' in html
        assert f"/statistics/rdm_returnees_state/chart/{kind}.png?release=1" in html
    assert "/api/v1/statistics/tables/rdm_returnees_state/?format=csv&amp;release=1" in html
    assert "/statistics/rdm_returnees_state/xlsx?release=1" in html


def test_the_csv_link_answers_the_apis_cells(published, login):
    client = login("viewer")
    response = client.get("/api/v1/statistics/tables/thb_victims/?format=csv&release=1")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "thb_victims,AL,2013,total,total,total,total,,c" in response.content.decode()


def test_the_csv_link_downloads_a_named_file_and_the_page_says_where_the_policy_is(
    published, login
):
    client = login("viewer")
    html = client.get("/statistics/thb_victims/").content.decode()
    response = client.get("/api/v1/statistics/tables/thb_victims/?format=csv&release=1")

    day = published.published_at.astimezone(ZoneInfo("Europe/Belgrade")).date().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="thb_victims-release-1-{day}.csv"'
    )
    assert "its file name says the table, the release and the date" in html
    assert "Counts below 5, and the cells that would reveal them, are confidential (c)." in html


def test_the_page_does_not_draw_its_charts(published, login, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a page request rendered a chart")

    monkeypatch.setattr("reporting.charts.render", refuse)
    assert login("viewer").get("/statistics/rdm_returnees_state/").status_code == 200


@pytest.mark.parametrize("path", ["/statistics/", "/statistics/som_migrants_border/"])
def test_the_pages_carry_no_inline_script_or_style(published, login, path):
    html = login("regional").get(path).content.decode()
    assert "style=" not in html
    assert "<style" not in html
    assert not re.search(r"<script(?![^>]*\ssrc=)", html)


def test_without_a_release_the_table_page_says_so(counted, login):
    response = login("viewer").get("/statistics/thb_victims/")
    assert response.status_code == 200
    assert "No release has been published yet." in response.content.decode()
    assert html_tables(response) == {}
