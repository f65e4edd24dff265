"""A database outage answers 503 with Retry-After: a page in the site's frame, JSON under
/api/ (tests/faults/test_database_outage.py does it to a real gunicorn and PostgreSQL)."""

from contextlib import ExitStack
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from rest_framework.test import APIClient


@pytest.fixture
def database_down(db):
    """Once armed, every query fails as it does when PostgreSQL refuses connections (and
    the database works again before the test's transaction is rolled back)."""

    def refused(self, name=None):
        raise OperationalError('connection to server at "db" (10.0.0.5), port 5432 failed')

    with ExitStack() as patches:
        yield lambda: patches.enter_context(
            mock.patch.object(BaseDatabaseWrapper, "_cursor", refused)
        )


def test_a_page_answers_503_in_the_sites_frame_with_retry_after_when_the_database_is_down(
    region, database_down
):
    browser = Client(raise_request_exception=False)
    browser.force_login(region.users["caseworker_rs_ngo"])
    database_down()

    response = browser.get("/cases/")

    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert 'class="site-header"' in page
    assert "Temporarily unavailable" in page
    # The anonymous frame: nobody's name or e-mail, which would have come from the database.
    assert "caseworker.rs_ngo@example.org" not in page


def test_the_api_answers_503_json_with_retry_after_when_the_database_is_down(region, database_down):
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(region.users["national_rs"])
    database_down()

    response = client.get("/api/v1/cases/trafficking/")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "The database is unavailable; try again later."}
    assert int(response["Retry-After"]) > 0


def test_any_other_server_error_still_answers_500(region):
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(region.users["national_rs"])

    with mock.patch.object(BaseDatabaseWrapper, "_cursor", lambda self, name=None: 1 / 0):
        response = client.get("/api/v1/cases/trafficking/")

    assert response.status_code == 500
    assert "Retry-After" not in response
