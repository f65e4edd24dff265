import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from reporting.models import AggregationRun, Release
from reporting.tables import TABLES
from tests.reporting.helpers import run, validated

BASE = "/api/v1/statistics"


@pytest.fixture
def statistics(region, django_capture_on_commit_callbacks):
    for _ in range(6):
        validated(region)
    validated(region, caseworker="caseworker_al_ngo")
    run()
    with django_capture_on_commit_callbacks(execute=True):
        from reporting.releases import release_start

        release_start(user=region.users["regional"])
    return Release.objects.get()


def test_the_declared_tables_are_listed(api, region):
    body = api("viewer").get(f"{BASE}/tables/").json()
    assert [t["id"] for t in body] == [t.id for t in TABLES]
    assert body[1] == {
        "id": "thb_victims_sex_age",
        "title": "Victims of trafficking by sex and age",
        "unit": "victims",
        "case_type": "trafficking",
        "breakdown": "total",
        "sex_age": True,
    }


@pytest.mark.parametrize(
    "person", ["viewer", "caseworker_rs_ngo", "national_al", "regional", "administrator"]
)
def test_every_signed_in_user_reads_the_latest_release(api, statistics, person):
    body = api(person).get(f"{BASE}/tables/thb_victims/?territory=RS").json()
    assert body["release"] == 1
    assert body["policy"] == {"threshold": 5, "rounding_base": 1}
    assert body["cells"] == [
        {
            "table": "thb_victims",
            "territory": "RS",
            "year": 2013,
            "sex": "total",
            "age": "total",
            "breakdown": "total",
            "category": "total",
            "value": 6,
            "flag": "",
        }
    ]


def test_a_suppressed_cell_is_null_with_the_confidential_flag(api, statistics):
    cell = api("viewer").get(f"{BASE}/tables/thb_victims/?territory=AL&release=1").json()
    assert cell["cells"][0]["value"] is None and cell["cells"][0]["flag"] == "c"


def test_closed_vocabularies_emit_every_code_zeros_included(api, statistics):
    body = api("viewer").get(f"{BASE}/tables/thb_victims_scope/?territory=BA").json()
    assert [c["category"] for c in body["cells"]] == [
        "internal",
        "transnational",
        "unknown",
        "total",
    ]
    assert {c["value"] for c in body["cells"]} == {0}


def test_cells_download_as_csv_with_one_row_a_cell(api, statistics):
    response = api("viewer").get(f"{BASE}/tables/thb_victims/?format=csv&territory=AL")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0] == "table,territory,year,sex,age,breakdown,category,value,flag"
    assert lines[1] == "thb_victims,AL,2013,total,total,total,total,,c"


# 23:30 UTC on 1 December is already 2 December in the region (Europe/Belgrade).
LATE_EVENING = dt.datetime(2026, 12, 1, 23, 30, tzinfo=dt.UTC)


class TestCSVDownload:
    """A download names its table, release and date, and its release and policy in its
    headers; the CSV itself stays one row a cell, header row first, nothing else."""

    def test_a_release_is_saved_under_its_table_release_and_publication_day(self, api, statistics):
        Release.objects.filter(pk=statistics.pk).update(published_at=LATE_EVENING)

        response = api("viewer").get(f"{BASE}/tables/thb_victims/?format=csv")

        assert response.status_code == 200
        assert response["Content-Disposition"] == (
            'attachment; filename="thb_victims-release-1-2026-12-02.csv"'
        )
        assert response["Statistics-Release"] == "1"
        assert response["Statistics-Policy"] == "threshold=5, rounding_base=1"

    def test_the_chosen_territory_and_year_are_in_the_name(self, api, statistics):
        Release.objects.filter(pk=statistics.pk).update(published_at=LATE_EVENING)

        response = api("viewer").get(
            f"{BASE}/tables/thb_victims/?format=csv&territory=AL&year=2013"
        )

        assert response["Content-Disposition"] == (
            'attachment; filename="thb_victims-AL-2013-release-1-2026-12-02.csv"'
        )

    def test_the_link_leads_to_the_release_and_its_policy(self, api, statistics):
        client = api("viewer")
        response = client.get(f"{BASE}/tables/thb_victims/?format=csv&release=1")

        link = response["Link"]
        assert link == (
            f'<http://testserver{BASE}/releases/1/>; rel="describedby"; type="application/json"'
        )
        described = client.get(link[1 : link.index(">")]).json()
        assert described["number"] == 1
        assert described["policy"] == {"threshold": 5, "rounding_base": 1}

    def test_the_csv_stays_one_row_a_cell_with_the_columns_of_the_contract(self, api, statistics):
        response = api("viewer").get(f"{BASE}/tables/thb_victims/?format=csv")
        cells = api("viewer").get(f"{BASE}/tables/thb_victims/").json()["cells"]

        rows = list(csv.DictReader(io.StringIO(response.content.decode())))

        assert response.content.decode().startswith("table,territory,year,sex,age,")
        assert len(rows) == len(cells)
        assert [row["territory"] for row in rows] == [cell["territory"] for cell in cells]
        assert all(row.keys() == cells[0].keys() for row in rows)

    def test_internal_cells_are_saved_as_internal_on_the_day_read(
        self, api, statistics, monkeypatch
    ):
        monkeypatch.setattr(timezone, "now", lambda: LATE_EVENING)

        response = api("national_al").get(f"{BASE}/tables/thb_victims/?format=csv&release=internal")

        assert response.status_code == 200
        assert response["Content-Disposition"] == (
            'attachment; filename="thb_victims-internal-2026-12-02.csv"'
        )
        assert response["Statistics-Release"] == "internal"
        assert response["Statistics-Policy"] == "none"
        assert "Link" not in response

    def test_json_is_an_answer_not_a_download(self, api, statistics):
        response = api("viewer").get(f"{BASE}/tables/thb_victims/")

        assert "Content-Disposition" not in response
        assert "Statistics-Release" not in response

    def test_a_refused_csv_is_no_download(self, api, statistics):
        response = api("viewer").get(f"{BASE}/tables/thb_victims/?format=csv&release=internal")

        assert response.status_code == 403
        assert "Content-Disposition" not in response


class TestInternalCells:
    def test_a_regional_coordinator_reads_raw_counts_of_every_territory(self, api, statistics):
        body = api("regional").get(f"{BASE}/tables/thb_victims/?release=internal").json()
        values = {c["territory"]: c["value"] for c in body["cells"]}
        assert values["AL"] == 1 and values["RS"] == 6 and values["WB6"] == 7
        assert body["release"] == "internal" and body["policy"] is None

    def test_a_national_coordinator_reads_only_their_territory(self, api, statistics):
        client = api("national_al")
        body = client.get(f"{BASE}/tables/thb_victims/?release=internal").json()
        assert {c["territory"] for c in body["cells"]} == {"AL"}
        other = client.get(f"{BASE}/tables/thb_victims/?release=internal&territory=RS")
        assert other.status_code == 404
        assert other.json()["detail"]

    @pytest.mark.parametrize("person", ["viewer", "caseworker_rs_ngo", "administrator"])
    def test_other_roles_get_403(self, api, statistics, person):
        response = api(person).get(f"{BASE}/tables/thb_victims/?release=internal")
        assert response.status_code == 403


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("/tables/nope/", 404),
        ("/tables/thb_victims/?territory=FR", 404),
        ("/tables/thb_victims/?release=99", 404),
        ("/tables/thb_victims/?release=abc", 400),
        ("/tables/thb_victims/?year=20x3", 400),
        ("/releases/99/", 404),
        ("/releases/99/certificate/", 404),
        ("/runs/999/", 404),
    ],
)
def test_bad_parameters_answer_json_errors(api, statistics, query, status):
    response = api("regional").get(BASE + query)
    assert response.status_code == status
    assert "detail" in response.json() or response.json()


def test_before_any_release_the_latest_is_404(api, region):
    response = api("viewer").get(f"{BASE}/tables/thb_victims/")
    assert response.status_code == 404


class TestRuns:
    def test_a_coordinator_starts_a_run_and_follows_it(
        self, api, region, django_capture_on_commit_callbacks
    ):
        validated(region)
        client = api("national_rs")
        with django_capture_on_commit_callbacks(execute=True):
            started = client.post(f"{BASE}/runs/", {}, format="json")
        assert started.status_code == 202
        body = client.get(f"{BASE}/runs/{started.json()['id']}/").json()
        assert (body["status"], body["progress"], body["cases_read"]) == ("succeeded", 100, 1)
        assert body["territory"] == "RS"

    def test_a_national_coordinator_cannot_run_another_territory(self, api, region):
        response = api("national_rs").post(f"{BASE}/runs/", {"territory": "AL"}, format="json")
        assert response.status_code == 404
        assert not AggregationRun.objects.exists()

    @pytest.mark.parametrize("person", ["caseworker_rs_ngo", "viewer", "administrator"])
    def test_other_roles_cannot_start_runs(self, api, region, person):
        assert api(person).post(f"{BASE}/runs/", {}, format="json").status_code == 403

    def test_runs_of_other_territories_are_404(self, api, region):
        mine = AggregationRun.objects.create(territory="AL")
        assert api("national_rs").get(f"{BASE}/runs/{mine.pk}/").status_code == 404
        assert api("regional").get(f"{BASE}/runs/{mine.pk}/").status_code == 200


class TestReleases:
    def test_a_regional_coordinator_publishes_through_the_api(
        self, api, region, django_capture_on_commit_callbacks
    ):
        validated(region)
        run()
        with django_capture_on_commit_callbacks(execute=True):
            response = api("regional").post(
                f"{BASE}/releases/", {"threshold": 3, "rounding_base": 5}, format="json"
            )
        assert response.status_code == 202
        number = response.json()["number"]
        release = api("viewer").get(f"{BASE}/releases/{number}/").json()
        assert release["status"] == "published"
        assert release["policy"] == {"threshold": 3, "rounding_base": 5}
        certificate = api("viewer").get(f"{BASE}/releases/{number}/certificate/").json()
        assert certificate["policy"] == {"threshold": 3, "rounding_base": 5}

    def test_publishing_is_409_while_a_partition_awaits_its_run(self, api, region):
        validated(region)
        response = api("regional").post(f"{BASE}/releases/", {}, format="json")
        assert response.status_code == 409

    @pytest.mark.parametrize("person", ["national_rs", "viewer"])
    def test_only_regional_coordinators_publish(self, api, region, person):
        assert api(person).post(f"{BASE}/releases/", {}, format="json").status_code == 403

    def test_a_bad_policy_is_400(self, api, region):
        response = api("regional").post(f"{BASE}/releases/", {"threshold": 0}, format="json")
        assert response.status_code == 400
        assert "threshold" in response.json()


@pytest.mark.parametrize("year", ["%C2%B2", "%D9%A3"])  # "²" and an Arabic-Indic 3
def test_digits_that_are_not_ascii_are_a_400_not_a_500(api, statistics, year):
    response = api("viewer").get(f"{BASE}/tables/thb_victims/?year={year}")
    assert response.status_code == 400


def test_a_page_or_chart_with_an_odd_year_falls_back_to_the_latest(client, statistics, region):
    client.force_login(region.users["national_rs"])
    page = client.get("/statistics/thb_victims_scope/?release=internal&year=%C2%B2")
    assert page.status_code == 200
