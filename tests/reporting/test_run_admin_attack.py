"""The runs' admin start form and status endpoint against the wrong people and odd input."""

import pytest
from django.urls import reverse

from reporting.models import AggregationRun
from tests.reporting.test_run_admin import run_audits, signed_in, start, status_url


@pytest.mark.parametrize("run_id", ["99999999999999999999", "-1", "0", "1e0"])
def test_the_status_of_an_odd_run_id_is_404(region, run_id):
    AggregationRun.objects.create(territory="RS")  # run 1, which "1e0" must not name
    url = reverse("admin:reporting_aggregationrun_status", args=["X"]).replace("/X/", f"/{run_id}/")
    assert signed_in(region, "regional").get(url).status_code == 404


def test_an_administrator_neither_starts_nor_follows_a_run(
    region, django_capture_on_commit_callbacks
):
    run = AggregationRun.objects.create(territory="RS")
    client = signed_in(region, "administrator")
    assert client.get(status_url(run)).status_code == 403
    start(client, django_capture_on_commit_callbacks, territory="RS")
    assert AggregationRun.objects.count() == 1 and not run_audits().exists()


def test_the_status_is_not_stored_by_a_browser(region):
    run = AggregationRun.objects.create(territory="RS")
    response = signed_in(region, "national_rs").get(status_url(run))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
