"""Submitting and withdrawing from a case's page, and the buttons the page offers."""

import pytest
from django.urls import reverse

from casework.models import Case, Status
from tests.casework.cases import record


@pytest.fixture
def case(region):
    return record(region.users["caseworker_rs_ngo"])


def set_status(case, status, reason=""):
    Case.objects.filter(pk=case.pk).update(status=status, status_reason=reason)


def test_a_draft_offers_edit_submit_and_withdraw_to_its_caseworker(login, case):
    html = login("caseworker_rs_ngo").get(reverse("casework:detail", args=[case.pk]))
    html = html.content.decode()
    for action in ("edit", "submit", "withdraw"):
        assert reverse(f"casework:{action}", args=[case.pk]) in html


def test_a_submitted_case_offers_the_caseworker_nothing_but_a_coordinator_withdraw(login, case):
    set_status(case, Status.SUBMITTED)
    url = reverse("casework:detail", args=[case.pk])

    caseworker = login("caseworker_rs_ngo").get(url).content.decode()
    coordinator = login("national_rs").get(url).content.decode()

    assert "/edit/" not in caseworker and "/submit/" not in caseworker
    assert "/withdraw/" not in caseworker
    assert reverse("casework:withdraw", args=[case.pk]) in coordinator


def test_the_detail_shows_every_field_with_labels_and_the_reason_of_a_returned_case(login, case):
    set_status(case, Status.RETURNED, "Check the country of exploitation.")

    html = login("caseworker_rs_ngo").get(reverse("casework:detail", args=[case.pk]))

    html = html.content.decode()
    for text in (
        "Check the country of exploitation.",
        "Victim status",
        "Identified (national referral mechanism)",
        "Sexual exploitation",
        "Shelter, Medical",
        "Serbia",
        "18–20",
        "Job offer",
        "Atina",
    ):
        assert text in html


def test_opening_a_case_is_audited(login, case):
    from audit.models import Action, AuditEvent

    login("caseworker_rs_ngo").get(reverse("casework:detail", args=[case.pk]))

    assert AuditEvent.objects.filter(action=Action.CASE_VIEWED, case=case).count() == 1


def test_submitting_twice_is_409_the_second_time(login, case):
    client = login("caseworker_rs_ngo")
    url = reverse("casework:submit", args=[case.pk])

    first = client.post(url)
    second = client.post(url)

    assert first.status_code == 302
    assert second.status_code == 409
    assert "A submitted case cannot be submitted." in second.content.decode()


def test_submitting_from_a_stale_page_is_409(login, case):
    client = login("caseworker_rs_ngo")
    Case.objects.filter(pk=case.pk).update(version=2)

    response = client.post(reverse("casework:submit", args=[case.pk]), {"version": "1"})

    assert response.status_code == 409
    case.refresh_from_db()
    assert case.status == Status.DRAFT


def test_a_withdrawal_needs_a_reason(login, case):
    client = login("caseworker_rs_ngo")

    refused = client.post(
        reverse("casework:withdraw", args=[case.pk]), {"reason": " ", "version": "1"}
    )
    done = client.post(
        reverse("casework:withdraw", args=[case.pk]),
        {"reason": "Recorded twice by mistake.", "version": "1"},
    )

    assert refused.status_code == 400
    assert done.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.status_reason) == (Status.WITHDRAWN, "Recorded twice by mistake.")


def test_a_caseworker_may_not_withdraw_a_submitted_case_but_a_coordinator_may(login, case):
    set_status(case, Status.SUBMITTED)
    url = reverse("casework:withdraw", args=[case.pk])

    assert login("caseworker_rs_ngo").post(url, {"reason": "x", "version": "1"}).status_code == 403
    done = login("national_rs").post(url, {"reason": "duplicate", "version": "1"})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.WITHDRAWN


def test_the_withdraw_page_works_without_javascript(login, case):
    page = login("caseworker_rs_ngo").get(reverse("casework:withdraw", args=[case.pk]))
    assert page.status_code == 200
    assert 'name="reason"' in page.content.decode()


def test_a_withdrawal_without_the_version_last_seen_changes_nothing(login, case):
    response = login("caseworker_rs_ngo").post(
        reverse("casework:withdraw", args=[case.pk]), {"reason": "Recorded twice."}
    )

    assert response.status_code == 400
    assert "did not say its version" in response.content.decode()
    case.refresh_from_db()
    assert (case.status, case.version) == (Status.DRAFT, 1)


def test_withdrawing_from_a_stale_page_is_409_and_changes_nothing(login, case):
    Case.objects.filter(pk=case.pk).update(version=2)

    response = login("caseworker_rs_ngo").post(
        reverse("casework:withdraw", args=[case.pk]), {"reason": "Recorded twice.", "version": "1"}
    )

    assert response.status_code == 409
    case.refresh_from_db()
    assert (case.status, case.version) == (Status.DRAFT, 2)
