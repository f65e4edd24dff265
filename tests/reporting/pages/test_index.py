"""The list of tables, and which figures it shows."""

from tests.reporting.pages.conftest import html_tables


def test_the_index_lists_every_declared_table_with_its_unit(published, login):
    from reporting.tables import TABLES

    response = login("viewer").get("/statistics/")
    assert response.status_code == 200
    html = response.content.decode()
    for table in TABLES:
        assert f'href="/statistics/{table.id}/?release=1"' in html
    rows = html_tables(response)["The tables of the report"]
    assert ["Victims of trafficking", "victims"] in rows
    assert ["Smuggling incidents", "smuggling incidents"] in rows


def test_the_index_names_the_release_shown(published, login):
    html = login("viewer").get("/statistics/").content.decode()
    assert "as release 1." in html


def test_a_viewer_is_not_offered_internal_counts(published, login):
    html = login("viewer").get("/statistics/").content.decode()
    assert "?release=internal" not in html


def test_a_coordinator_is_offered_internal_counts(published, login):
    html = login("national_rs").get("/statistics/").content.decode()
    assert 'href="?release=internal"' in html


def test_without_a_release_a_viewer_is_told_plainly(counted, login):
    response = login("viewer").get("/statistics/")
    html = response.content.decode()
    assert "No release has been published yet." in html
    assert "?release=internal" not in html
    assert html_tables(response) == {}


def test_without_a_release_a_coordinator_can_still_read_internal_counts(counted, login):
    client = login("regional")
    assert 'href="?release=internal"' in client.get("/statistics/").content.decode()
    internal = client.get("/statistics/?release=internal").content.decode()
    assert 'href="/statistics/thb_victims/?release=internal"' in internal


def test_the_statistics_pages_need_a_sign_in(published, client):
    response = client.get("/statistics/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_navigation_links_the_statistics_for_everyone_signed_in(published, login):
    assert 'href="/statistics/"' in login("caseworker_rs_ngo").get("/").content.decode()
