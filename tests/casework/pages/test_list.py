"""The "My cases" list: filters, pages of 50, returned cases with why, constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.models import Case, Status
from tests.casework.cases import MAY_2013, record


def returned(case, reason):
    Case.objects.filter(pk=case.pk).update(status=Status.RETURNED, status_reason=reason)
    return case


def test_the_list_shows_each_cases_columns(login, region):
    case = record(region.users["caseworker_rs_ngo"], "readmission")

    html = login("caseworker_rs_ngo").get(reverse("casework:list")).content.decode()

    assert f'href="{reverse("casework:detail", args=[case.pk])}"' in html
    for text in (case.reference, "Readmission", "May 2013", "Atina", "Draft"):
        assert text in html


def test_a_returned_case_shows_its_reason_in_the_list_and_in_the_came_back_box(login, region):
    worker = region.users["caseworker_rs_ngo"]
    case = returned(record(worker), "The month of identification is missing a digit.")
    record(worker)

    response = login("caseworker_rs_ngo").get(reverse("casework:list"))

    html = response.content.decode()
    box = html.split("Came back from review")[1].split("</section>")[0]
    assert case.reference in box
    assert "The month of identification is missing a digit." in box
    table = html.split("<tbody>")[1]
    assert table.count("The month of identification is missing a digit.") == 1


def test_the_came_back_box_is_absent_when_nothing_came_back(login, region):
    record(region.users["caseworker_rs_ngo"])
    html = login("caseworker_rs_ngo").get(reverse("casework:list")).content.decode()
    assert "Came back from review" not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"case_type": "smuggling"}, {"smuggling"}),
        ({"status": "returned"}, {"returned"}),
        ({"year": "2012"}, {"2012"}),
        ({"year": "not a year"}, {"trafficking", "smuggling", "returned", "2012"}),
    ],
)
def test_the_list_filters_by_type_status_and_year_and_ignores_a_bad_filter(
    login, region, query, expected
):
    worker = region.users["caseworker_rs_ngo"]
    cases = {
        "trafficking": record(worker),
        "smuggling": record(worker, "smuggling"),
        "returned": returned(record(worker, "readmission"), "why"),
        "2012": record(worker, month=MAY_2013.replace(year=2012)),
    }

    html = login("caseworker_rs_ngo").get(reverse("casework:list"), query).content.decode()

    # The came-back box lists every returned case whatever the filters: look at the table.
    table = html.split("<tbody>")[1]
    assert {name for name, case in cases.items() if case.reference in table} == expected


def test_the_list_searches_by_reference(login, region):
    worker = region.users["caseworker_rs_ngo"]
    one, other = record(worker), record(worker)
    html = (
        login("caseworker_rs_ngo")
        .get(reverse("casework:list"), {"reference": one.reference[-6:]})
        .content.decode()
    )
    assert one.reference in html
    assert other.reference not in html


def test_the_list_has_pages_of_fifty_that_keep_the_filters(login, region):
    worker = region.users["caseworker_rs_ngo"]
    for _ in range(51):
        record(worker)
    client = login("caseworker_rs_ngo")

    first = client.get(reverse("casework:list"), {"case_type": "trafficking"}).content.decode()
    second = client.get(reverse("casework:list"), {"case_type": "trafficking", "page": "2"})

    assert first.count('<td class="reference"') == 50
    assert "?case_type=trafficking&amp;page=2" in first
    assert second.content.decode().count('<td class="reference"') == 1


def queries_for_the_list(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("casework:list")).status_code == 200
    return len(queries)


def test_the_list_runs_the_same_number_of_queries_for_3_cases_as_for_10(login, region):
    worker = region.users["caseworker_rs_ngo"]
    client = login("caseworker_rs_ngo")
    kinds = ["trafficking", "smuggling", "readmission"]
    for kind in kinds:
        returned(record(worker, kind), "why")
    client.get(reverse("casework:list"))  # warms the session, as any later page view would
    with_three = queries_for_the_list(client)

    for i in range(7):
        case = record(worker, kinds[i % 3])
        if i % 2:
            returned(case, "why")
    with_ten = queries_for_the_list(client)

    assert with_three == with_ten
