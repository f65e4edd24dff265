"""What the case admin shows: the review queue's counts, a case's details and its history,
in a number of queries that does not grow with the number of cases."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import Action, AuditEvent
from casework import services
from casework.models import TraffickingVictim
from casework.pseudonyms import Identity
from tests.casework.admin.helpers import CHANGELIST, change_url, submitted
from tests.casework.cases import record


def test_the_case_list_counts_submitted_cases_by_organisation(client, region, cases):
    submitted(region.users["caseworker_rs_ngo"])
    record(region.users["caseworker_rs_police"])  # a draft is not awaiting review
    client.force_login(region.users["national_rs"])
    response = client.get(CHANGELIST)
    assert response.context["review_counts"] == [
        {"organisation__name": "Atina", "count": 2},
        {"organisation__name": "Serbian Border Police", "count": 1},
    ]
    content = response.content.decode()
    assert "Submitted cases awaiting review" in content
    assert "Albanian State Police" not in content


def test_the_case_list_shows_the_month_as_a_month_in_the_locales_format(client, region, cases):
    client.force_login(region.users["national_rs"])
    assert "May 2013" in client.get(CHANGELIST).content.decode()
    serbian = client.get(CHANGELIST, HTTP_ACCEPT_LANGUAGE="sr").content.decode()
    region.users["national_rs"].refresh_from_db()
    assert region.users["national_rs"].language == ""
    assert "мај 2013." in serbian
    assert "2013-05-01" not in serbian


def test_the_change_page_shows_a_victims_details(client, region):
    case = record(region.users["caseworker_rs_ngo"])
    client.force_login(region.users["national_rs"])
    content = client.get(change_url(case.pk)).content.decode()
    for text in ("Female", "18–20", "RS – Serbia", "Sexual", "Shelter", "Job offer"):
        assert text in content


def test_the_change_page_shows_an_incident_with_its_migrants_and_facilitators(client, region):
    case = record(region.users["caseworker_rs_police"], "smuggling")
    client.force_login(region.users["national_rs"])
    content = client.get(change_url(case.pk)).content.decode()
    for text in (
        "MK – North Macedonia",
        "AF – Afghanistan",
        "SY – Syria",
        "Migrants",
        "Facilitators",
        "On foot",
    ):
        assert text in content, text


def test_the_change_page_shows_a_returnees_details(client, region):
    case = record(region.users["caseworker_rs_police"], "readmission")
    client.force_login(region.users["national_rs"])
    content = client.get(change_url(case.pk)).content.decode()
    for text in ("DE – Germany", "30–38", "Forced"):
        assert text in content, text


def test_the_change_page_never_shows_a_pseudonym(client, region):
    case = record(
        region.users["caseworker_rs_ngo"],
        identity=Identity("Jovana", "Petrović", datetime.date(1994, 3, 2)),
    )
    pseudonym = TraffickingVictim.objects.get(case=case).pseudonym
    assert pseudonym
    client.force_login(region.users["regional"])
    content = client.get(change_url(case.pk)).content.decode()
    assert pseudonym not in content
    assert "Jovana" not in content


def test_the_change_page_shows_the_case_history(client, region, cases):
    national = region.users["national_rs"]
    case = cases["rs_ngo"]
    services.case_return(
        user=national, case_id=case.pk, reason="Check the age group.", version=case.version
    )
    client.force_login(national)
    response = client.get(change_url(case.pk))
    content = response.content.decode()
    for text in (
        "Case created",
        "Case submitted",
        "Case returned",
        "Check the age group.",
        "Status: Submitted → Returned",
        "caseworker.rs_ngo@example.org",
        national.email,
    ):
        assert text in content, text


def test_the_change_page_links_to_no_admin_page_a_coordinator_cannot_open(client, region, cases):
    client.force_login(region.users["national_rs"])
    content = client.get(change_url(cases["rs_ngo"].pk)).content.decode()
    assert "caseworker.rs_ngo@example.org" in content
    assert "Atina (RS)" in content
    assert "/admin/accounts/" not in content


def test_opening_a_case_in_the_admin_is_audited(client, region, cases):
    national = region.users["national_rs"]
    client.force_login(national)
    client.get(change_url(cases["rs_ngo"].pk))
    event = AuditEvent.objects.get(action=Action.CASE_VIEWED)
    assert (event.case_id, event.actor) == (cases["rs_ngo"].pk, national)


def test_opening_a_case_out_of_scope_records_no_view(client, region, cases):
    client.force_login(region.users["national_rs"])
    client.get(change_url(cases["al_ngo"].pk))
    assert not AuditEvent.objects.filter(action=Action.CASE_VIEWED).exists()


def _queries_for_list(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHANGELIST)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("person", ["national_rs", "regional"])
def test_the_case_list_needs_as_many_queries_for_twelve_cases_as_for_three(client, region, person):
    caseworkers = [region.users["caseworker_rs_ngo"], region.users["caseworker_rs_police"]]
    types = ["trafficking", "smuggling", "readmission"]
    for i in range(3):
        submitted(caseworkers[i % 2], types[i % 3])
    client.force_login(region.users[person])
    client.get(CHANGELIST)  # warm the caches that are not about cases
    with_three = _queries_for_list(client)
    for i in range(9):
        submitted(caseworkers[i % 2], types[i % 3])
    assert len(client.get(CHANGELIST).context["cl"].result_list) == 12
    assert _queries_for_list(client) == with_three


@pytest.mark.parametrize("year", ["-1", "0", "99999999999999999999", "２０１３", "abc"])
def test_a_year_filter_no_date_can_hold_is_a_bad_lookup_not_a_500(client, region, cases, year):
    client.force_login(region.users["national_rs"])
    response = client.get(CHANGELIST, {"year": year})
    assert response.status_code == 302
    assert response.url.endswith("?e=1")
