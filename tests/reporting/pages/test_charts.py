"""Charts are images served by their own URLs, scoped like the page."""

import pytest


@pytest.mark.parametrize(
    ("table", "kind"),
    [
        ("thb_victims", "trend"),
        ("thb_victims_exploitation", "breakdown"),
        ("thb_victims_sex_age", "breakdown"),
        ("thb_victims_citizenship", "breakdown"),
        ("rdm_returnees_state", "flows"),
        ("som_migrants_border", "flows"),
    ],
)
def test_a_chart_is_served_as_svg_and_as_png(published, login, table, kind):
    client = login("viewer")
    svg = client.get(f"/statistics/{table}/chart/{kind}.svg?release=1")
    assert svg.status_code == 200
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg.content.startswith(b"<svg") and len(svg.content) > 500
    png = client.get(f"/statistics/{table}/chart/{kind}.png?release=1")
    assert png.status_code == 200
    assert png["Content-Type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n") and len(png.content) > 500


def test_the_trend_carries_the_kosovo_footnote_and_the_confidential_note(published, login):
    svg = login("viewer").get("/statistics/thb_victims/chart/trend.svg").content.decode()
    assert "Kosovo*" in svg
    assert "without prejudice to positions on status" in svg
    assert "Confidential cells (c) are left out." in svg


def test_the_flows_chart_shows_the_returning_state_and_the_territory(published, login):
    svg = login("viewer").get("/statistics/rdm_returnees_state/chart/flows.svg?year=2013")
    text = svg.content.decode()
    assert "Germany" in text and "Serbia" in text


def test_a_download_link_answers_an_attachment(published, login):
    response = login("viewer").get("/statistics/thb_victims/chart/trend.png?release=1&download=1")
    assert response["Content-Disposition"] == 'attachment; filename="thb_victims-trend-1.png"'


def test_a_national_coordinators_internal_chart_draws_their_territory_only(published, login):
    response = login("national_rs").get("/statistics/thb_victims/chart/trend.svg?release=internal")
    assert response.status_code == 200
    svg = response.content.decode()
    assert "Serbia" in svg
    assert "Albania" not in svg
    assert response["Cache-Control"] == "no-store"
