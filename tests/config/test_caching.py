"""No answer that carries case data or internal cells may be stored by a browser or a proxy,
and signing out asks the browser to drop what the site kept (form drafts)."""

import pytest
from django.urls import reverse

from tests.casework.admin.helpers import change_url, submitted
from tests.reporting.helpers import run, validated


@pytest.fixture
def case(region):
    return submitted(region.users["caseworker_rs_ngo"])


@pytest.mark.parametrize(
    ("person", "address"),
    [
        ("caseworker_rs_ngo", lambda case: reverse("casework:list")),
        ("caseworker_rs_ngo", lambda case: reverse("casework:detail", args=[case.pk])),
        ("caseworker_rs_ngo", lambda case: reverse("casework:create", args=["trafficking"])),
        ("caseworker_rs_ngo", lambda case: "/api/v1/cases/trafficking/"),
        ("caseworker_rs_ngo", lambda case: f"/api/v1/cases/trafficking/{case.pk}/"),
        ("caseworker_rs_ngo", lambda case: "/cases/import/template/trafficking.csv"),
        ("national_rs", lambda case: reverse("admin:casework_case_changelist")),
        ("national_rs", lambda case: change_url(case.pk)),
        ("national_rs", lambda case: reverse("admin:audit_auditevent_changelist")),
        ("national_rs", lambda case: "/api/v1/statistics/tables/thb_victims/?release=internal"),
        (
            "national_rs",
            lambda case: "/api/v1/statistics/tables/thb_victims/?release=internal&format=csv",
        ),
        ("national_rs", lambda case: "/statistics/thb_victims/?release=internal"),
        ("national_rs", lambda case: "/statistics/thb_victims/chart/trend.svg?release=internal"),
    ],
)
def test_answers_with_case_data_or_internal_cells_are_never_stored(
    client, region, case, person, address
):
    validated(region)
    run()
    client.force_login(region.users[person])
    response = client.get(address(case))
    assert response.status_code == 200, response.status_code
    assert "no-store" in response["Cache-Control"]


def test_refusals_are_never_stored_either(client, region, case):
    client.force_login(region.users["caseworker_al_ngo"])
    response = client.get(reverse("casework:detail", args=[case.pk]))
    assert response.status_code == 404
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("logout", ["logout", "admin:logout"])
def test_signing_out_asks_the_browser_to_clear_what_the_site_stored(client, region, logout):
    client.force_login(region.users["national_rs"])
    response = client.post(reverse(logout))
    assert response.status_code in (200, 302)
    assert "storage" in response["Clear-Site-Data"]


def test_an_ordinary_answer_does_not_clear_the_browser(client, region):
    client.force_login(region.users["caseworker_rs_ngo"])
    assert not client.get(reverse("casework:list")).has_header("Clear-Site-Data")
