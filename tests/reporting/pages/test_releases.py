"""The releases page: every signed-in reader lists the published releases with their
certificates; a regional coordinator publishes from it and follows the audit's progress."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from audit.models import Action, AuditEvent
from reporting import releases as release_services
from reporting.disclosure import AuditProgress
from reporting.models import Release
from reporting.pages.releases import audit_progress
from reporting.releases import release_publish, release_start, seconds_left
from tests.reporting.helpers import validated

PAGE = "/statistics/releases/"
READERS = ["viewer", "caseworker_rs_ngo", "national_rs", "administrator", "regional"]


def status_path(number) -> str:
    return f"{PAGE}{number}/status.json"


def auditing(region, number=2, **fields) -> Release:
    return Release.objects.create(number=number, published_by=region.users["regional"], **fields)


# Reading


@pytest.mark.parametrize("person", READERS)
def test_every_reader_lists_the_published_releases_with_their_certificate(published, login, person):
    response = login(person).get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-release="1"' in html
    assert "/statistics/?release=1" in html  # its tables
    assert "Counts below 5, and the cells that would reveal them, are confidential (c)." in html
    certificate = published.certificate
    assert "Audit passed" in html
    assert f"{certificate['cells']} cells of {certificate['tables']} tables audited" in html
    assert f"{certificate['suppressed']} cells suppressed" in html
    assert f"{certificate['programs_solved']} attacker programs solved" in html


@pytest.mark.parametrize("person", ["viewer", "national_rs", "administrator"])
def test_a_reader_who_does_not_publish_sees_no_form_and_no_release_being_audited(
    published, login, region, person
):
    auditing(region, 2)
    response = login(person).get(PAGE)
    html = response.content.decode()
    assert response.context["form"] is None
    assert "Publish a release" not in html and 'name="threshold"' not in html
    assert 'data-release="2"' not in html and 'id="release-2"' not in html


def test_a_publisher_sees_the_form_with_the_apis_defaults_and_every_release(
    published, login, region
):
    auditing(region, 2, progress=40)
    failed = auditing(region, 3, status=Release.State.FAILED, error="worker lost")
    Release.objects.filter(pk=failed.pk).update(
        certificate={
            "passed": False,
            "tables": 2,
            "cells": 9,
            "suppressed": 1,
            "programs_solved": 4,
        }
    )
    response = login("regional").get(PAGE)
    html = response.content.decode()
    assert response.context["form"]["threshold"].initial == 5
    assert response.context["form"]["rounding_base"].initial == 1
    assert 'id="release-2"' in html and "40 %" in html
    assert "Audit failed: not published" in html and "Its task failed: worker lost" in html
    assert 'data-release-status="/statistics/releases/2/status.json"' in html


def test_the_statistics_index_links_to_the_releases_page_and_the_header_for_publishers(
    published, login
):
    html = login("viewer").get("/statistics/").content.decode()
    assert html.count(f'href="{PAGE}"') == 1  # the index; the header keeps its one row
    html = login("regional").get("/statistics/").content.decode()
    assert html.count(f'href="{PAGE}"') == 2  # the header's nav and the index


# Publishing


def test_a_regional_coordinator_publishes_through_the_service_and_it_is_audited(
    counted, login, region, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = login("regional").post(PAGE, {"threshold": "3", "rounding_base": "5"})
    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}#release-1"
    release = Release.objects.get()
    assert (release.number, release.threshold, release.rounding_base) == (1, 3, 5)
    assert release.status == Release.State.PUBLISHED  # the task ran on commit
    event = AuditEvent.objects.get(action=Action.RELEASE)
    assert event.actor == region.users["regional"]
    assert event.detail == {"release": 1, "threshold": 3, "rounding_base": 5}
    page = login("regional").get(PAGE).content.decode()
    assert "Release 1 is being audited; it is published once it passes." in page


@pytest.mark.parametrize("person", ["viewer", "national_rs", "caseworker_rs_ngo", "administrator"])
def test_only_a_regional_coordinator_may_publish(counted, login, person):
    response = login(person).post(PAGE, {"threshold": "5", "rounding_base": "1"})
    assert response.status_code == 403
    assert not Release.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.RELEASE).exists()


@pytest.mark.parametrize(
    "policy, field, error",
    [
        ({"threshold": "0", "rounding_base": "1"}, "threshold", "greater than or equal to 1"),
        ({"threshold": "101", "rounding_base": "1"}, "threshold", "less than or equal to 100"),
        ({"threshold": "five", "rounding_base": "1"}, "threshold", "Enter a whole number."),
        ({"threshold": "5", "rounding_base": "1001"}, "rounding_base", "less than or equal to"),
        ({"threshold": "5"}, "rounding_base", "This field is required."),
    ],
)
def test_bad_policy_is_refused_with_a_clear_error_and_writes_nothing(
    counted, login, policy, field, error
):
    response = login("regional").post(PAGE, policy)
    assert response.status_code == 400
    assert any(error in message for message in response.context["form"].errors[field])
    assert error in response.content.decode()
    assert not Release.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.RELEASE).exists()


def test_publishing_while_a_partition_awaits_its_run_is_refused_with_a_message(
    counted, login, region
):
    validated(region)  # a new case: its partition awaits a run
    response = login("regional").post(PAGE, {"threshold": "5", "rounding_base": "1"})
    assert response.status_code == 409
    assert "A partition awaits its aggregation run; run it, then publish." in (
        response.content.decode()
    )
    assert not Release.objects.exists()


def test_publishing_while_an_audit_runs_is_refused_with_a_message(counted, login, region):
    release_start(user=region.users["regional"], send=False)
    response = login("regional").post(PAGE, {"threshold": "5", "rounding_base": "1"})
    assert response.status_code == 409
    assert "A release is being audited" in response.content.decode()
    assert Release.objects.count() == 1


def test_the_form_needs_its_csrf_token(counted, region):
    client = Client(enforce_csrf_checks=True)
    client.force_login(region.users["regional"])
    assert client.post(PAGE, {"threshold": "5", "rounding_base": "1"}).status_code == 403
    assert not Release.objects.exists()


# The audit's progress


@pytest.mark.parametrize("person", ["viewer", "national_rs", "caseworker_rs_ngo", "administrator"])
def test_the_status_is_only_for_publishers(published, login, region, person):
    auditing(region, 2)
    assert login(person).get(status_path(2)).status_code == 404
    assert login(person).get(status_path(1)).status_code == 404


def test_the_status_of_an_unknown_release_is_not_found(login, region):
    assert login("regional").get(status_path(9)).status_code == 404


def test_the_status_tells_tables_done_programs_solved_and_time_left(login, region):
    started = timezone.now() - timedelta(seconds=30)
    auditing(
        region,
        2,
        progress=25,
        progress_detail={
            "tables_done": 3,
            "tables_total": 17,
            "programs_solved": 120,
            "started_at": started.isoformat(),
        },
    )
    response = login("regional").get(status_path(2))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    body = response.json()
    assert (body["status"], body["active"], body["percent"]) == ("auditing", True, 25)
    assert (body["tables_done"], body["tables_total"], body["programs_solved"]) == (3, 17, 120)
    # A quarter done in 30 s: about 90 s left.
    assert 88 <= body["seconds_left"] <= 92
    assert body["texts"]["tables"] == "3 of 17 tables done"
    assert body["texts"]["programs"] == "120 attacker programs solved"
    assert body["texts"]["time_left"] == "About 2 minutes left"


def test_a_finished_release_has_no_time_left(published, login):
    body = login("regional").get(status_path(1)).json()
    assert (body["status"], body["active"], body["seconds_left"]) == ("published", False, None)


def test_time_left_is_unknown_before_the_audit_reports(region):
    release = auditing(region, 2)
    assert seconds_left(release) is None
    assert audit_progress(release)["texts"]["tables"] == "Reading the cells"


def test_the_audit_writes_its_progress_detail_as_it_goes(counted, region):
    release = release_start(user=region.users["regional"], send=False)
    stored = []

    def read_back(percent):  # told after each new percent: what the page would read then
        stored.append(Release.objects.get(pk=release.pk).progress_detail)

    done = release_publish(release_id=release.pk, on_progress=read_back)

    assert done.status == Release.State.PUBLISHED
    assert len(stored) >= 2 and all(stored), "the audit's progress was not in the database"
    assert {detail["tables_total"] for detail in stored} == {done.certificate["tables"]}
    # Tables get done, never undone; at the end the whole audit.
    tables_done = [detail["tables_done"] for detail in stored]
    assert tables_done == sorted(tables_done)
    assert stored[-1]["tables_done"] == stored[-1]["tables_total"]
    assert stored[-1]["programs_solved"] == done.certificate["programs_solved"]
    assert len({detail["started_at"] for detail in stored}) == 1
    assert done.progress_detail == stored[-1]


def test_the_audit_writes_at_most_about_once_a_second_while_no_table_is_done(monkeypatch):
    """Many steps of one table, quickly: one write, then the last (100 %)."""
    writes = []

    class Rows:
        def update(self, **fields):
            writes.append(fields["progress"])

    monkeypatch.setattr(release_services.Release.objects, "filter", lambda **kw: Rows())
    report = release_services._progress(1)
    for percent in range(0, 100, 5):
        report(AuditProgress(percent, 0, 2, percent))
    report(AuditProgress(100, 2, 2, 100))
    assert writes == [0, 100]
