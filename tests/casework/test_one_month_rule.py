"""One month rule through every door: the form, the API, an import file and the service."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from casework.models import Case
from tests.casework.api.test_case_api import PAYLOADS
from tests.casework.cases import record
from tests.casework.imports.files import READMISSION_CSV, xlsx
from tests.casework.pages.posts import as_post

FUTURE = "The month cannot be in the future."
TOO_EARLY = "The month cannot be before 2000."
NOT_A_MONTH = "Give a month as YYYY-MM."
REFUSED = [("2099-01", FUTURE), ("1999-12", TOO_EARLY)]


def through_the_form(client, region, month: str):
    client.force_login(region.users["caseworker_rs_ngo"])
    post = as_post("readmission", month=month)
    return client.post(reverse("casework:create", args=["readmission"]), post)


def through_the_api(api, month: str):
    payload = {**PAYLOADS["readmission"], "returned_month": month}
    return api("caseworker_rs_ngo").post("/api/v1/cases/readmission/", payload, format="json")


def through_an_import(api, capture, content: bytes, name: str = "cases.csv") -> dict:
    client = api("caseworker_rs_ngo")
    with capture(execute=True):  # the import runs on commit, which a test never reaches
        sent = client.post(
            "/api/v1/imports/",
            {"case_type": "readmission", "file": SimpleUploadedFile(name, content)},
            format="multipart",
        )
    assert sent.status_code == 202, sent.json()
    return client.get(f"/api/v1/imports/{sent.json()['id']}/").json()


def a_file_with(month: str) -> bytes:
    return READMISSION_CSV.replace("2010-02", month, 1).encode()


@pytest.mark.parametrize(("month", "message"), REFUSED)
def test_the_form_refuses_a_month_out_of_bounds_with_the_rules_message(
    client, region, month, message
):
    response = through_the_form(client, region, month)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Case.objects.exists()


@pytest.mark.parametrize(("month", "message"), REFUSED)
def test_the_api_refuses_a_month_out_of_bounds_with_the_rules_message(api, month, message):
    response = through_the_api(api, month)

    assert response.status_code == 400
    assert response.json()["returned_month"] == [message]
    assert not Case.objects.exists()


@pytest.mark.parametrize(("month", "message"), REFUSED)
def test_an_import_refuses_a_month_out_of_bounds_with_the_rules_message(
    api, django_capture_on_commit_callbacks, month, message
):
    job = through_an_import(api, django_capture_on_commit_callbacks, a_file_with(month))

    assert job["status"] == "failed"
    assert job["errors"] == [{"row": 2, "field": "returned_month", "message": message}]
    assert not Case.objects.exists()


@pytest.mark.parametrize(("month", "message"), REFUSED)
def test_the_service_refuses_a_month_out_of_bounds_given_directly(region, month, message):
    year, number = map(int, month.split("-"))
    with pytest.raises(ValidationError) as refused:
        record(region.users["caseworker_rs_ngo"], month=datetime.date(year, number, 1))

    assert refused.value.message_dict == {"month": [message]}
    assert not Case.objects.exists()


def test_a_month_within_bounds_passes_every_door(
    client, region, api, django_capture_on_commit_callbacks
):
    assert through_the_form(client, region, "2000-01").status_code == 302
    assert through_the_api(api, "2013-05").status_code == 201
    job = through_an_import(api, django_capture_on_commit_callbacks, a_file_with("2010-03"))
    assert job["status"] == "succeeded", job["errors"]

    months = sorted(Case.objects.values_list("month", flat=True))
    assert months == [
        datetime.date(2000, 1, 1),
        datetime.date(2010, 3, 1),
        datetime.date(2011, 9, 1),
        datetime.date(2013, 5, 1),
    ]


def test_the_current_month_passes_and_the_next_is_refused(api):
    this_month = timezone.localdate().replace(day=1)
    next_month = (this_month + datetime.timedelta(days=31)).replace(day=1)

    assert through_the_api(api, f"{this_month:%Y-%m}").status_code == 201
    refused = through_the_api(api, f"{next_month:%Y-%m}")
    assert refused.json()["returned_month"] == [FUTURE]


@pytest.mark.parametrize("text", ["2010-2", "2010-02-17", "2010-13", "May 2010"])
def test_a_month_not_written_yyyy_mm_is_refused_the_same_way_by_each_door(
    client, region, api, django_capture_on_commit_callbacks, text
):
    assert NOT_A_MONTH in through_the_form(client, region, text).content.decode()
    assert through_the_api(api, text).json()["returned_month"] == [NOT_A_MONTH]
    job = through_an_import(api, django_capture_on_commit_callbacks, a_file_with(text))
    assert [error["message"] for error in job["errors"]] == [NOT_A_MONTH]


def test_a_spreadsheet_date_in_the_future_is_refused_as_a_future_month(
    api, django_capture_on_commit_callbacks
):
    header = READMISSION_CSV.split("\r\n")[0].split(",")
    row = [datetime.datetime(2099, 1, 17), *READMISSION_CSV.split("\r\n")[1].split(",")[1:]]

    job = through_an_import(
        api, django_capture_on_commit_callbacks, xlsx([header, row]), name="cases.xlsx"
    )

    assert job["errors"] == [{"row": 2, "field": "returned_month", "message": FUTURE}]
