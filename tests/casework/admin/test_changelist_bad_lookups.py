"""A lookup value that fails only when the changelist's query is built or run (a year no date
can hold, a NUL byte PostgreSQL refuses, an integer too large for SQLite) is a bad lookup:
Django's redirect to `?e=1`, never a 500, and the request's transaction stays usable."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.casework.admin.helpers import submitted

COORDINATOR_PAGES = [
    "/admin/casework/case/?created_at__year=-1",
    "/admin/casework/case/?updated_at__year=10000",
    "/admin/casework/case/?month__year=-1",
    "/admin/casework/case/?pk__in=1,99999999999999999999",
    "/admin/reporting/aggregationrun/?started_at__year=-1",
    "/admin/reporting/aggregationrun/?created_at__year=0",
    "/admin/reporting/release/?published_at__year=-1",
    "/admin/casework/duplicategroup/?created_at__year=-1",
    "/admin/audit/auditevent/?at__iso_year=-1",
]
ADMINISTRATOR_PAGES = [
    "/admin/accounts/accessgrant/?requested_at__year=-1",
    "/admin/accounts/accessgrant/?decided_at__year=-1",
    "/admin/accounts/user/?date_joined__year=-1",
    "/admin/accounts/user/?last_login__year=-1",
    "/admin/django_celery_beat/periodictask/?last_run_at__year=-1",
]
NUL_PAGES = [
    ("regional", "/admin/casework/case/?reference=a%00b"),
    ("administrator", "/admin/accounts/user/?email__contains=a%00"),
]


def _answered_as_bad_lookup(region, role: str, url: str) -> None:
    submitted(region.users["caseworker_rs_ngo"])
    client = Client(raise_request_exception=False)
    client.force_login(region.users[role])
    response = client.get(url)
    assert response.status_code != 500, url
    if response.status_code == 302:
        assert response.url.endswith("?e=1"), (url, response.url)
    else:
        assert response.status_code in (200, 400), (url, response.status_code)
    # PostgreSQL's refusal aborted a savepoint only: the test's transaction still answers.
    assert get_user_model().objects.filter(pk=region.users[role].pk).exists()


@pytest.mark.parametrize(
    ("role", "url"),
    [("regional", url) for url in COORDINATOR_PAGES]
    + [("administrator", url) for url in ADMINISTRATOR_PAGES],
)
def test_a_lookup_value_the_query_cannot_hold_is_a_bad_lookup_not_a_500(region, role, url):
    _answered_as_bad_lookup(region, role, url)


@pytest.mark.postgresql
@pytest.mark.parametrize(("role", "url"), NUL_PAGES)
def test_a_nul_byte_in_a_lookup_is_a_bad_lookup_not_a_500(region, role, url):
    _answered_as_bad_lookup(region, role, url)


def test_a_year_out_of_range_redirects_to_the_changelists_error_flag(region):
    client = Client()
    client.force_login(region.users["regional"])
    response = client.get("/admin/casework/case/?updated_at__year=10000")
    assert response.status_code == 302
    assert response.url == "/admin/casework/case/?e=1"
