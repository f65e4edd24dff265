"""The runs' and releases' admin writes dates and times as the case admin does: local time,
the locale's short format (casework/admin/dates.py), in the lists, on the record's page and
in the status the runs' list polls."""

import datetime

import pytest
from django.urls import reverse

from reporting.admin import AggregationRunAdmin
from reporting.models import AggregationRun, Release
from tests.casework.admin.helpers import MOMENT, written


@pytest.fixture
def dated(region):
    """A finished run of Serbia and a published release, every date of theirs at MOMENT."""
    run = AggregationRun.objects.create(territory="RS", status="succeeded", progress=100)
    AggregationRun.objects.filter(pk=run.pk).update(
        created_at=MOMENT, started_at=MOMENT, finished_at=MOMENT
    )
    release = Release.objects.create(
        number=1, status="published", published_at=MOMENT, published_by=region.users["regional"]
    )
    Release.objects.filter(pk=release.pk).update(created_at=MOMENT)
    return {
        # (who, address, how many dates the page writes at the least)
        "run list": ("national_rs", reverse("admin:reporting_aggregationrun_changelist"), 2),
        "run page": (
            "national_rs",
            reverse("admin:reporting_aggregationrun_change", args=[run.pk]),
            3,
        ),
        "release list": ("regional", reverse("admin:reporting_release_changelist"), 1),
        "release page": (
            "regional",
            reverse("admin:reporting_release_change", args=[release.pk]),
            2,
        ),
    }


@pytest.mark.parametrize("language", ["en", "hr", "sq"])
@pytest.mark.parametrize("page", ["run list", "run page", "release list", "release page"])
def test_runs_and_releases_write_dates_and_times_as_the_case_admin_does(
    client, region, dated, page, language
):
    person, url, at_least = dated[page]
    client.force_login(region.users[person])
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    content = response.content.decode()
    short, long = written(language)
    assert short != long
    assert content.count(short) >= at_least
    assert long not in content


def test_a_followed_runs_dates_are_sent_as_its_row_writes_them(client, region):
    run = AggregationRun.objects.create(territory="RS", status="running", progress=40)
    AggregationRun.objects.filter(pk=run.pk).update(started_at=MOMENT)
    client.force_login(region.users["national_rs"])
    page = client.get(reverse("admin:reporting_aggregationrun_changelist")).content.decode()
    status = reverse("admin:reporting_aggregationrun_status", args=[run.pk])
    cells = client.get(status).json()["cells"]
    short = written("en")[0]
    assert cells["started_at_display"] == short == "12/02/2026 3:14 a.m."
    assert cells["finished_at_display"] == "-"
    # runs.js writes each cell into the list's column of that name.
    for column in cells:
        assert f'class="field-{column}' in page
    assert f'<td class="field-started_at_display">{short}</td>' in page


def test_the_run_list_is_still_ordered_by_its_date_columns(client, region):
    earlier, later = (AggregationRun.objects.create(territory="RS") for _ in range(2))
    for run, at in ((earlier, MOMENT), (later, MOMENT + datetime.timedelta(days=1))):
        AggregationRun.objects.filter(pk=run.pk).update(started_at=at)
    client.force_login(region.users["national_rs"])
    changelist = reverse("admin:reporting_aggregationrun_changelist")
    # The column's number as the list counts it: after the action checkbox.
    column = str(AggregationRunAdmin.list_display.index("started_at_display") + 1)
    for order, first in ((column, earlier), (f"-{column}", later)):
        listed = client.get(changelist, {"o": order}).context["cl"].result_list
        assert [run.pk for run in listed] == [first.pk, (later if first == earlier else earlier).pk]
