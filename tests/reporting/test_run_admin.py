"""Runs from the admin: any coordinator starts one for their scope from the list's own form,
even when the list shows no run yet, and its row follows the run through a status endpoint
scoped like the list."""

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import Action, AuditEvent
from reporting.models import AggregationRun, Cell
from tests.casework.admin.helpers import ADMIN_LOGIN, listed, messages_of
from tests.reporting.helpers import validated

CHANGELIST = reverse("admin:reporting_aggregationrun_changelist")
START = reverse("admin:reporting_aggregationrun_start")


def status_url(run) -> str:
    return reverse("admin:reporting_aggregationrun_status", args=[run.pk])


def signed_in(region, person, **client_options) -> Client:
    client = Client(**client_options)
    client.force_login(region.users[person])
    return client


def start(client, capture, **data):
    """Post the list's start form, and carry out what it queued, as the worker would."""
    with capture(execute=True):
        return client.post(START, {"kind": "changed", **data})


def run_audits():
    return AuditEvent.objects.filter(action=Action.AGGREGATION_RUN)


@pytest.fixture
def others_runs(region):
    """Runs no national coordinator of Serbia sees: Albania's and a region-wide one."""
    return [AggregationRun.objects.create(territory="AL"), AggregationRun.objects.create()]


def test_a_national_coordinator_with_no_run_in_scope_is_shown_the_start_form(region, others_runs):
    response = signed_in(region, "national_rs").get(CHANGELIST)
    assert response.status_code == 200
    assert listed(response) == set()
    page = response.content.decode()
    assert f'action="{START}"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'value="changed"' in page and 'value="full"' in page
    # Their run is their territory's: they are told so, and offered no choice.
    assert "your territory: Serbia" in page
    assert 'name="territory"' not in page


def test_a_national_coordinator_with_no_run_in_scope_starts_one_for_their_territory(
    region, others_runs, django_capture_on_commit_callbacks
):
    validated(region)  # a Serbian case
    validated(region, caseworker="caseworker_al_ngo")  # and an Albanian one
    client = signed_in(region, "national_rs")
    response = start(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == CHANGELIST
    run = AggregationRun.objects.exclude(pk__in=[r.pk for r in others_runs]).get()
    assert (run.territory, run.full, run.started_by) == ("RS", False, region.users["national_rs"])
    assert f"Run {run.pk} started; its progress shows in this list." in messages_of(response)
    # It ran in process, for Serbia only.
    assert run.status == "succeeded"
    assert run.cases_read == 1
    assert Cell.objects.filter(territory="RS").exists()
    assert not Cell.objects.filter(territory="AL").exists()
    [audit] = run_audits()
    assert (audit.actor, audit.territory) == (region.users["national_rs"], "RS")
    assert audit.detail == {"run": run.pk, "full": False}
    # And now the list shows it.
    assert listed(client.get(CHANGELIST)) == {run.pk}


def test_a_full_run_is_started_with_its_own_button(region, django_capture_on_commit_callbacks):
    start(signed_in(region, "national_al"), django_capture_on_commit_callbacks, kind="full")
    run = AggregationRun.objects.get()
    assert (run.territory, run.full, run.status) == ("AL", True, "succeeded")
    assert run_audits().get().detail == {"run": run.pk, "full": True}


def test_a_national_coordinator_posting_their_own_territory_gets_its_run(
    region, django_capture_on_commit_callbacks
):
    start(signed_in(region, "national_rs"), django_capture_on_commit_callbacks, territory="RS")
    assert AggregationRun.objects.get().territory == "RS"


@pytest.mark.parametrize("tampered", ["AL", "ZZ", "RS' OR 1=1"])
def test_a_tampered_territory_is_refused_and_nothing_is_written(
    region, tampered, django_capture_on_commit_callbacks
):
    response = start(
        signed_in(region, "national_rs"), django_capture_on_commit_callbacks, territory=tampered
    )
    assert response.status_code == 302
    assert messages_of(response) == ["No such territory in your scope."]
    assert not AggregationRun.objects.exists()
    assert not run_audits().exists()


def test_a_regional_coordinator_chooses_a_territory_or_all(
    region, django_capture_on_commit_callbacks
):
    client = signed_in(region, "regional")
    page = client.get(CHANGELIST).content.decode()
    assert 'name="territory"' in page
    assert '<option value="">All territories</option>' in page
    assert '<option value="AL">Albania</option>' in page

    start(client, django_capture_on_commit_callbacks, territory="AL")
    start(client, django_capture_on_commit_callbacks, territory="", kind="full")
    runs = AggregationRun.objects.order_by("pk")
    assert [(r.territory, r.full, r.status) for r in runs] == [
        ("AL", False, "succeeded"),
        ("", True, "succeeded"),
    ]
    assert [a.territory for a in run_audits().order_by("pk")] == ["AL", ""]


def test_a_regional_coordinators_unknown_territory_is_refused(
    region, django_capture_on_commit_callbacks
):
    response = start(
        signed_in(region, "regional"), django_capture_on_commit_callbacks, territory="ZZ"
    )
    assert messages_of(response) == ["No such territory in your scope."]
    assert not AggregationRun.objects.exists()


def test_a_start_without_a_kind_is_refused(region, django_capture_on_commit_callbacks):
    client = signed_in(region, "national_rs")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(START, {"kind": "everything"})
    assert messages_of(response) == ["Choose the kind of run to start."]
    assert not AggregationRun.objects.exists()


@pytest.mark.parametrize("person", ["caseworker_rs_ngo", "viewer"])
def test_a_caseworker_or_a_viewer_cannot_start_a_run(region, person):
    client = signed_in(region, person)
    response = client.post(START, {"kind": "full"})
    # They have no admin: sent to its login page, as for any admin address.
    assert response.status_code == 302
    assert response["Location"].startswith(ADMIN_LOGIN)
    assert client.get(CHANGELIST).status_code == 302
    assert not AggregationRun.objects.exists()
    assert not run_audits().exists()


def test_an_administrator_cannot_start_a_run(region):
    response = signed_in(region, "administrator").post(START, {"kind": "full"})
    assert response.status_code == 403
    assert not AggregationRun.objects.exists()


def test_the_start_form_takes_only_a_post_with_its_csrf_token(region):
    client = signed_in(region, "national_rs", enforce_csrf_checks=True)
    assert client.get(START).status_code == 405
    assert client.post(START, {"kind": "full"}).status_code == 403
    assert not AggregationRun.objects.exists()


def test_a_run_is_followed_on_the_list_until_it_finishes(
    region, django_capture_on_commit_callbacks
):
    validated(region)
    client = signed_in(region, "national_rs")
    with django_capture_on_commit_callbacks() as queued:
        client.post(START, {"kind": "full"})
    run = AggregationRun.objects.get()

    # Queued: its row carries the status endpoint the script polls; without the script the
    # list reloads itself.
    page = client.get(CHANGELIST).content.decode()
    assert f'data-run-status="{status_url(run)}"' in page
    assert 'src="/static/js/runs.js"' in page
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page
    # The endpoint's cells read as the list's do.
    assert '<td class="field-finished_at_display">-</td>' in page
    assert '<td class="field-error">-</td>' in page
    status = client.get(status_url(run))
    assert status["Content-Type"] == "application/json"
    assert status.json() == {
        "id": run.pk,
        "status": "queued",
        "active": True,
        "cells": {
            "run_status": "Queued",
            "progress": "0",
            "cases_read": "0",
            "partitions": "0",
            "started_at_display": "-",
            "finished_at_display": "-",
            "error": "-",
        },
    }

    for task in queued:  # the worker takes the run
        task()
    finished = client.get(status_url(run)).json()
    assert (finished["status"], finished["active"]) == ("succeeded", False)
    cells = finished["cells"]
    assert (cells["run_status"], cells["progress"], cells["cases_read"]) == (
        "Succeeded",
        "100",
        "1",
    )
    assert cells["started_at_display"] != "-" and cells["finished_at_display"] != "-"
    # Finished: nothing left to follow.
    page = client.get(CHANGELIST).content.decode()
    assert f'<td class="field-finished_at_display">{cells["finished_at_display"]}</td>' in page
    assert "data-run-status" not in page
    assert "http-equiv" not in page


def test_the_status_speaks_the_users_language(region):
    run = AggregationRun.objects.create(territory="RS")
    client = signed_in(region, "national_rs")
    answer = client.get(status_url(run), HTTP_ACCEPT_LANGUAGE="hr")
    assert answer.json()["cells"]["run_status"] == "U redu čekanja"


@pytest.mark.parametrize(
    ("person", "territory", "found"),
    [
        ("national_rs", "RS", True),
        ("national_rs", "AL", False),
        ("national_rs", "", False),  # a region-wide run is no one territory's
        ("national_al", "RS", False),
        ("regional", "RS", True),
        ("regional", "", True),
    ],
)
def test_the_status_endpoint_is_scoped_like_the_list(region, person, territory, found):
    run = AggregationRun.objects.create(territory=territory)
    client = signed_in(region, person)
    response = client.get(status_url(run))
    assert response.status_code == (200 if found else 404)
    assert (run.pk in listed(client.get(CHANGELIST))) is found


@pytest.mark.parametrize("run_id", ["999999", "abc", "1.5"])
def test_the_status_of_no_such_run_is_404(region, run_id):
    url = reverse("admin:reporting_aggregationrun_status", args=[run_id])
    assert signed_in(region, "regional").get(url).status_code == 404


@pytest.mark.parametrize("person", ["caseworker_rs_ngo", "viewer"])
def test_the_status_endpoint_is_closed_to_those_without_the_admin(region, person):
    run = AggregationRun.objects.create(territory="RS")
    response = signed_in(region, person).get(status_url(run))
    assert response.status_code == 302
    assert response["Location"].startswith(ADMIN_LOGIN)
