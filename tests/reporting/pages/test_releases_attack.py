"""The releases page and its status endpoint under hostile input and the wrong people."""

import pytest
from django.test import Client

from audit.models import Action, AuditEvent
from reporting.models import Release
from tests.casework.pages.page import Page

PAGE = "/statistics/releases/"


def auditing(region, number=2, **fields) -> Release:
    return Release.objects.create(number=number, published_by=region.users["regional"], **fields)


def test_signed_out_the_page_and_the_status_send_to_sign_in_and_publish_nothing(region):
    auditing(region, 2, progress=40)
    client = Client()
    for response in (
        client.get(PAGE),
        client.get(f"{PAGE}2/status.json"),
        client.post(PAGE, {"threshold": "5", "rounding_base": "1"}),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
        assert b"40" not in response.content
    assert Release.objects.count() == 1


def test_a_publisher_without_the_second_factor_neither_publishes_nor_follows(
    counted, login, region, settings
):
    auditing(region, 2, progress=40)
    settings.SECOND_FACTOR_REQUIRED = True
    client = login("regional")
    response = client.post(PAGE, {"threshold": "5", "rounding_base": "1"})
    assert response.status_code == 302 and "/accounts/two-factor/" in response["Location"]
    response = client.get(f"{PAGE}2/status.json")
    assert response.status_code == 302 and "/accounts/two-factor/" in response["Location"]
    assert Release.objects.count() == 1
    assert not AuditEvent.objects.filter(action=Action.RELEASE).exists()


@pytest.mark.parametrize(
    "number", ["0", "-1", "99999999999999999999", "1e3", "%D9%A1", "1.0", "%201", "0001x"]
)
def test_odd_release_numbers_are_not_found(published, login, number):
    assert login("regional").get(f"{PAGE}{number}/status.json").status_code == 404


def test_a_leading_zero_names_the_same_release(published, login):
    assert login("regional").get(f"{PAGE}01/status.json").json()["number"] == 1


@pytest.mark.parametrize(
    "threshold, rounding_base",
    [
        ("-5", "1"),
        ("5", "-1"),
        ("5", "0"),
        ("99999999999999999999", "1"),
        ("5", "9" * 5000),
        ("5.5", "1"),
        ("1e3", "1"),
        ("", "1"),
        ("<script>alert(1)</script>", "1"),
    ],
)
def test_a_bad_policy_is_refused_and_not_echoed(counted, login, threshold, rounding_base):
    response = login("regional").post(
        PAGE, {"threshold": threshold, "rounding_base": rounding_base}
    )
    assert response.status_code == 400
    assert not Release.objects.exists()
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html


def test_the_status_is_not_cached_and_the_page_neither(published, login, region):
    auditing(region, 2, progress=40)
    client = login("regional")
    status = client.get(f"{PAGE}2/status.json")
    assert status["Cache-Control"] == "no-store"
    assert status["Content-Type"] == "application/json"
    page = client.get(PAGE)
    assert "no-store" in page.get("Cache-Control", "") or "private" in page.get(
        "Cache-Control", ""
    ), page.get("Cache-Control")


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_status_only_answers_get(published, login, method):
    assert getattr(login("regional"), method)(f"{PAGE}1/status.json").status_code == 405


def test_a_refused_policy_is_summarised_at_the_top_as_every_form_that_can_fail(counted, login):
    response = login("regional").post(PAGE, {"threshold": "0", "rounding_base": "1001"})
    page = Page(response.content.decode())
    assert page.summary_title == "Please correct 2 problems"
    assert [item["href"] for item in page.summary] == ["#id_threshold", "#id_rounding_base"]
    assert page.summary[0]["text"].startswith("Threshold (k): ")


def test_the_policy_form_says_what_its_required_marks_mean(counted, login):
    page = Page(login("regional").get(PAGE).content.decode())
    assert page.labels["id_threshold"]["marked"] and page.labels["id_rounding_base"]["marked"]
    assert "Fields marked * are required." in login("regional").get(PAGE).content.decode()
