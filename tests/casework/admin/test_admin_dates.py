"""The admin writes a date and time as the pages do: local time, the locale's short format.

Django's admin would write the long DATETIME_FORMAT ("Dec. 2, 2026, 3:14 a.m."), the pages
SHORT_DATETIME_FORMAT; every list column and read-only field of a date and time follows the
pages.
"""

import datetime
from unittest import mock

import pytest
from django.urls import reverse

from accounts.models import AccessGrant
from accounts.roles import Role
from audit.models import AuditEvent
from casework.models import Case
from tests.casework.admin.helpers import CHANGELIST, MOMENT, change_url, written
from tests.casework.cases import record


@pytest.fixture
def dated(region):
    """A case, its audit events and a confirmed access grant, all at MOMENT."""
    # Recorded at MOMENT, audit events included: the audit log refuses UPDATE on PostgreSQL.
    with mock.patch("django.utils.timezone.now", return_value=MOMENT):
        case = record(region.users["caseworker_rs_ngo"])
    Case.objects.filter(pk=case.pk).update(created_at=MOMENT, updated_at=MOMENT)
    assert set(AuditEvent.objects.filter(case=case).values_list("at", flat=True)) == {MOMENT}
    caseworker = region.users["caseworker_rs_police"]
    type(caseworker).objects.filter(pk=caseworker.pk).update(
        last_login=MOMENT, activation_sent_at=MOMENT, date_joined=MOMENT
    )
    grant = AccessGrant.objects.create(
        user=caseworker,
        role=Role.CASEWORKER,
        organisation=caseworker.organisation,
        status=AccessGrant.Status.CONFIRMED,
        requested_at=MOMENT,
        decided_at=MOMENT,
    )
    event = AuditEvent.objects.filter(case=case).first()
    return {
        "case list": ("national_rs", CHANGELIST, 1),
        "case page": ("national_rs", change_url(case.pk), 3),  # recorded, updated, history
        "audit list": ("national_rs", reverse("admin:audit_auditevent_changelist"), 1),
        "audit page": (
            "national_rs",
            reverse("admin:audit_auditevent_change", args=[event.pk]),
            1,
        ),
        "user list": ("administrator", reverse("admin:accounts_user_changelist"), 2),
        "user page": (
            "administrator",
            reverse("admin:accounts_user_change", args=[caseworker.pk]),
            3,
        ),
        "grant list": ("regional", reverse("admin:accounts_accessgrant_changelist"), 2),
        "grant page": (
            "regional",
            reverse("admin:accounts_accessgrant_change", args=[grant.pk]),
            2,
        ),
    }


PAGES = [
    "case list",
    "case page",
    "audit list",
    "audit page",
    "user list",
    "user page",
    "grant list",
    "grant page",
]


@pytest.mark.parametrize("language", ["en", "hr", "sq"])
@pytest.mark.parametrize("page", PAGES)
def test_the_admin_writes_dates_and_times_as_the_pages_do(client, region, dated, page, language):
    person, url, at_least = dated[page]
    client.force_login(region.users[person])
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    content = response.content.decode()
    short, long = written(language)
    assert short != long
    assert content.count(short) >= at_least
    assert long not in content


def test_the_short_format_is_the_one_the_case_page_of_the_site_shows(client, region, dated):
    # In English: the site's own case page and the admin's read the same.
    assert written("en")[0] == "12/02/2026 3:14 a.m."
    case = Case.objects.get(created_at=MOMENT)
    client.force_login(region.users["national_rs"])
    site_page = client.get(reverse("casework:detail", args=[case.pk])).content.decode()
    assert "12/02/2026 3:14 a.m." in site_page
    assert "12/02/2026 3:14 a.m." in client.get(change_url(case.pk)).content.decode()


def test_the_case_list_is_still_ordered_by_its_date_column(client, region, dated):
    earlier = Case.objects.get(updated_at=MOMENT)
    later = record(region.users["caseworker_rs_police"])
    Case.objects.filter(pk=later.pk).update(updated_at=MOMENT + datetime.timedelta(days=1))
    client.force_login(region.users["national_rs"])
    # The `updated` column: the eighth, after the action checkbox.
    for order, first in (("7", earlier), ("-7", later)):
        response = client.get(CHANGELIST, {"o": order})
        assert [case.pk for case in response.context["cl"].result_list] == [
            first.pk,
            (later if first == earlier else earlier).pk,
        ]
